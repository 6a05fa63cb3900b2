// The approval cards' words: one title per tool for live calls (from the prepared call) and for calls rebuilt
// from a stored conversation (from the raw input), so both read the same; a stored call as a card; and the line
// that closes a finished card. The host posts these; the webview draws them.
import type { ToolResultBlock, ToolUseBlock } from '../messages/schema';
import type { ToolCard } from '../../shared/toolProtocol';
import { l10n } from '../l10n';
import { WRITE_RESULT, wasDenied } from './toolResults';
import type { ToolOutcome } from './types';
import { visible } from './visible';

const MAX_ARG = 2000;
const MAX_RESULT_LINE = 200;
const MAX_TITLE_ARG = 120;

/** The arguments a title names, each already made visible. */
export interface TitleArgs {
  path?: string;
  startLine?: number;
  endLine?: number;
  pattern?: string;
  query?: string;
  isRegex?: boolean;
  caseSensitive?: boolean;
  include?: string;
  replaceAll?: boolean;
  /** write_file: whether the file exists (Create / Overwrite); unknown for a stored call that never ran. */
  exists?: boolean;
  command?: string;
}

/** One line naming what the call does, e.g. "Read src/app.ts (lines 10-40)". */
export function cardTitle(tool: string, a: TitleArgs): string {
  switch (tool) {
    case 'read_file': {
      const range =
        a.startLine === undefined && a.endLine === undefined
          ? ''
          : ' ' + l10n.t('(lines {0}-{1})', a.startLine ?? 1, a.endLine ?? l10n.t('end'));
      return l10n.t('Read {0}', a.path ?? '') + range;
    }
    case 'list_files':
      return l10n.t(
        'List files in {0} matching {1}',
        a.path ?? l10n.t('(workspace folder)'),
        a.pattern ?? '**/*',
      );
    case 'search_text': {
      const how = [
        a.isRegex ? l10n.t('regex') : l10n.t('text'),
        a.caseSensitive ? l10n.t('case-sensitive') : l10n.t('ignoring case'),
      ];
      const search = l10n.t('Search the workspace for {0} ({1})', a.query ?? '', how.join(', '));
      return a.include ? `${search} ${l10n.t('in {0}', a.include)}` : search;
    }
    case 'get_diagnostics':
      return a.path
        ? l10n.t('Get the problems reported for {0}', a.path)
        : l10n.t('Get the problems reported in the workspace');
    case 'edit_file':
      return l10n.t('Edit {0}', a.path ?? '') + (a.replaceAll ? ' ' + l10n.t('(every occurrence)') : '');
    case 'write_file':
      return a.exists === undefined
        ? l10n.t('Write {0}', a.path ?? '')
        : a.exists
          ? l10n.t('Overwrite {0}', a.path ?? '')
          : l10n.t('Create {0}', a.path ?? '');
    case 'run_command':
      return l10n.t('Run {0}', a.command ?? '');
    default: {
      // An MCP tool of a stored conversation reads as it did live (external/gate.ts, externalTitle); the names
      // are the sanitised ones the model used.
      const mcp = /^mcp__(.+?)__(.+)$/.exec(tool);
      if (mcp)
        return l10n.t(
          'Use tool {0} of MCP server {1}',
          visible(clip(mcp[2]!, 64)).text,
          visible(clip(mcp[1]!, 64)).text,
        );
      return visible(clip(tool, 64)).text;
    }
  }
}

/** A tool call of a stored conversation as a card: a record of what ran and how it ended; it never asks again. */
export function storedCard(call: ToolUseBlock, result: ToolResultBlock | undefined): ToolCard {
  const input = isRecord(call.input) ? call.input : {};
  let hasInvisible = false;
  const args = Object.entries(input).map(([label, raw]) => {
    const v = visible(clip(typeof raw === 'string' ? raw : JSON.stringify(raw), MAX_ARG));
    hasInvisible ||= v.hasInvisible;
    return { label, value: v.text };
  });
  const text = result ? resultText(result) : '';
  const denied = result !== undefined && wasDenied(result, text);
  return {
    callId: call.id,
    tool: call.name,
    title: cardTitle(call.name, storedTitleArgs(call.name, input, result ? text : undefined)),
    args,
    hasInvisible,
    state: !result ? 'stopped' : denied ? 'denied' : result.is_error ? 'failed' : 'done',
    result: result ? clip(text.split('\n')[0] ?? '', MAX_RESULT_LINE) : l10n.t('Not run'),
  };
}

function storedTitleArgs(
  tool: string,
  input: Record<string, unknown>,
  result: string | undefined,
): TitleArgs {
  const str = (k: string) =>
    typeof input[k] === 'string' ? visible(clip(input[k], MAX_TITLE_ARG)).text : undefined;
  const num = (k: string) => (typeof input[k] === 'number' ? input[k] : undefined);
  const bool = (k: string) => input[k] === true;
  return {
    path: str('path'),
    startLine: num('start_line'),
    endLine: num('end_line'),
    pattern: str('pattern'),
    query: str('query'),
    isRegex: bool('is_regex'),
    caseSensitive: bool('case_sensitive'),
    include: str('include'),
    replaceAll: bool('replace_all'),
    // What the write did, when it ran, tells whether the file was there (see writeResultText).
    exists: tool === 'write_file' ? existedBefore(result) : undefined,
    command: str('command'),
  };
}

function existedBefore(result: string | undefined): boolean | undefined {
  if (result?.startsWith(WRITE_RESULT.updated)) return true;
  if (result?.startsWith(WRITE_RESULT.created)) return false;
  return undefined;
}

/** The card's closing line: how it ended, in a few words (the model gets the whole result). */
export function resultSummary(tool: string, outcome: ToolOutcome): string {
  const lines = outcome.content.trimEnd().split('\n');
  // A command's status is its last line; an edit's, or an error's, its first.
  const line = (tool === 'run_command' ? lines[lines.length - 1] : lines[0]) ?? '';
  if (outcome.isError || tool === 'run_command' || tool === 'edit_file' || tool === 'write_file')
    return clip(line, MAX_RESULT_LINE);
  return lines.length === 1
    ? l10n.t('1 line returned to Claude')
    : l10n.t('{0} lines returned to Claude', lines.length);
}

export function resultText(result: ToolResultBlock): string {
  const c = result.content;
  if (typeof c === 'string') return c;
  if (!Array.isArray(c)) return '';
  return c.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('\n');
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

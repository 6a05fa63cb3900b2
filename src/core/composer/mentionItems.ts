// What the keyword and folder mentions attach, as context items: the same located, fenced text blocks as the
// editor's context chips, each capped (with a note saying so) so a busy Problems panel or a long build log never
// silently eats the context window. The host gathers the facts from VS Code; the words are made here.
import stripAnsi from 'strip-ansi';
import type { ContextItem } from '../editor/contextItems';
import { fence, MAX_CODE_CHARS } from '../editor/codeContext';

export interface Problem {
  /** Workspace-relative path. */
  path: string;
  /** 1-based. */
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info' | 'hint';
  message: string;
  source?: string;
  code?: string;
}

/** At most this many problems are listed; the rest are counted. */
export const MAX_PROBLEMS = 200;
/** At most this many entries of a folder are listed. */
export const MAX_FOLDER_ENTRIES = 500;

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 } as const;

/** The problems of the workspace, or of the one file `path` names (then `problems` holds only that file's). */
export function problemsItem(problems: readonly Problem[], path?: string): ContextItem {
  const where = path ?? 'the workspace';
  const sorted = [...problems].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.line - b.line,
  );
  const counts = countBy(sorted, (p) => p.severity);
  const summary =
    problems.length === 0
      ? 'no problems'
      : (['error', 'warning', 'info', 'hint'] as const)
          .filter((s) => counts.get(s))
          .map((s) => `${counts.get(s)} ${s}${counts.get(s) === 1 ? '' : 's'}`)
          .join(', ');
  const shown = sorted.slice(0, MAX_PROBLEMS);
  const lines = shown.map((p) => {
    const origin = p.source ? ` [${p.source}${p.code ? ` ${p.code}` : ''}]` : '';
    return `${p.path}:${p.line}:${p.column} ${p.severity}: ${oneLine(p.message)}${origin}`;
  });
  const more = sorted.length > shown.length ? `\n(${sorted.length - shown.length} more not listed.)` : '';
  const body = problems.length === 0 ? `VS Code reports no problems in ${where}.` : capped(lines.join('\n'));
  return {
    kind: 'problems',
    label: path ? `@problems:${path}` : '@problems',
    detail: `Problems in ${where}: ${summary}`,
    block: {
      type: 'text',
      text: `The problems in ${where} as VS Code reports them (${summary}):\n\n${problems.length ? fence('text', body) : body}${more}`,
    },
  };
}

export function folderItem(folder: {
  path: string;
  entries: readonly string[];
  truncated: boolean;
}): ContextItem {
  const path = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
  const shown = folder.entries.slice(0, MAX_FOLDER_ENTRIES);
  const more =
    folder.truncated || folder.entries.length > shown.length ? '\n(More entries are not listed.)' : '';
  return {
    kind: 'folder',
    label: path,
    detail: `The files in ${path} (${shown.length}${more ? '+' : ''})`,
    block: {
      type: 'text',
      text: `The files in the folder ${path} (paths relative to the workspace, .gitignore'd files left out):\n\n${fence('text', shown.join('\n') || '(empty)')}${more}`,
    },
  };
}

export interface TerminalCapture {
  terminal: string;
  /** The command line, when shell integration saw it. */
  command?: string;
  output: string;
  exitCode?: number;
  /** Where the text came from: the last command through shell integration, or the terminal's selection. */
  from: 'command' | 'selection';
}

export function terminalItem(t: TerminalCapture): ContextItem {
  const what =
    t.from === 'command'
      ? `the last command in the terminal "${t.terminal}"${t.exitCode === undefined ? '' : ` (exit code ${t.exitCode})`}`
      : `the text selected in the terminal "${t.terminal}"`;
  const command = t.command ? `$ ${t.command}\n` : '';
  return {
    kind: 'terminal',
    label: '@terminal',
    detail: t.command ? `${t.terminal}: ${t.command}` : `${t.terminal}: selection`,
    block: {
      type: 'text',
      text: `Output of ${what}:\n\n${fence('text', capped(plainTerminalText(command + t.output), 'end'))}`,
    },
  };
}

export function changesItem(c: {
  repository: string;
  staged: string;
  unstaged: string;
  untracked: readonly string[];
}): ContextItem {
  const parts: string[] = [];
  if (c.staged.trim()) parts.push(`Staged:\n\n${fence('diff', c.staged)}`);
  if (c.unstaged.trim()) parts.push(`Not staged:\n\n${fence('diff', c.unstaged)}`);
  if (c.untracked.length) parts.push(`Untracked files:\n\n${fence('text', c.untracked.join('\n'))}`);
  const text = parts.length ? parts.join('\n\n') : 'The working tree has no uncommitted changes.';
  const files = new Set([...filesOfDiff(c.staged), ...filesOfDiff(c.unstaged), ...c.untracked]).size;
  return {
    kind: 'changes',
    label: '@changes',
    detail: `Uncommitted changes in ${c.repository} (${files} file${files === 1 ? '' : 's'})`,
    block: {
      type: 'text',
      text: `Uncommitted changes in the repository ${c.repository}:\n\n${capped(text)}`,
    },
  };
}

function filesOfDiff(diff: string): string[] {
  return Array.from(diff.matchAll(/^diff --git a\/(.+?) b\//gm), (m) => m[1]!);
}

/** Cuts text over the block cap, keeping its start (or, for output, its end), and says how much went. */
function capped(text: string, keep: 'start' | 'end' = 'start'): string {
  if (text.length <= MAX_CODE_CHARS) return text;
  const cut = text.length - MAX_CODE_CHARS;
  return keep === 'start'
    ? `${text.slice(0, MAX_CODE_CHARS)}\n(Cut: ${cut} more characters not included.)`
    : `(Cut: the first ${cut} characters are not included.)\n${text.slice(-MAX_CODE_CHARS)}`;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ').trim();
}

/** Terminal colours and cursor moves are noise to the model; a carriage return that redraws a line (progress bars) too. */
function plainTerminalText(s: string): string {
  return stripAnsi(s)
    .replace(/\r+(?!\n)/g, '\n')
    .replace(/\r\n/g, '\n');
}

function countBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, number> {
  const m = new Map<K, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return m;
}

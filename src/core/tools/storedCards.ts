// Cards for tool calls in a stored conversation: what was called, with what, and how it ended, rebuilt from the
// tool_use and tool_result blocks (a restored card is a record; it never asks again).
import type { ToolResultBlock, ToolUseBlock } from '../messages/schema';
import type { ToolCard } from '../../shared/toolProtocol';
import { visible } from './visible';

const MAX_ARG = 2000;
const MAX_RESULT_LINE = 200;

export function storedCard(call: ToolUseBlock, result: ToolResultBlock | undefined): ToolCard {
  const input = isRecord(call.input) ? call.input : {};
  let hasInvisible = false;
  const args = Object.entries(input).map(([label, raw]) => {
    const v = visible(clip(typeof raw === 'string' ? raw : JSON.stringify(raw), MAX_ARG));
    hasInvisible ||= v.hasInvisible;
    return { label, value: v.text };
  });
  const text = result ? resultText(result) : '';
  const denied = result?.is_error === true && text.startsWith('The user denied');
  return {
    callId: call.id,
    tool: call.name,
    title: titleOf(call.name, input),
    args,
    hasInvisible,
    state: !result ? 'stopped' : denied ? 'denied' : result.is_error ? 'failed' : 'done',
    result: result ? clip(text.split('\n')[0] ?? '', MAX_RESULT_LINE) : 'Not run',
  };
}

/** Titles worded as the live cards word them (describe.ts), from the raw input. */
function titleOf(name: string, input: Record<string, unknown>): string {
  const str = (k: string) => (typeof input[k] === 'string' ? visible(clip(input[k], 120)).text : undefined);
  switch (name) {
    case 'read_file':
      return `Read ${str('path') ?? ''}`;
    case 'list_files':
      return `List files in ${str('path') ?? '(workspace folder)'} matching ${str('pattern') ?? '**/*'}`;
    case 'search_text':
      return `Search the workspace for ${str('query') ?? ''}`;
    case 'get_diagnostics':
      return str('path')
        ? `Get the problems reported for ${str('path')}`
        : 'Get the problems reported in the workspace';
    case 'edit_file':
      return `Edit ${str('path') ?? ''}`;
    case 'write_file':
      return `Write ${str('path') ?? ''}`;
    case 'run_command':
      return `Run ${str('command') ?? ''}`;
    default:
      return visible(clip(name, 64)).text;
  }
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

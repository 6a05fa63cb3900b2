// The first, cheap step of compaction: old tool results replaced by a short note naming the call, so the model knows
// what it had looked at and can run the tool again. Every tool_use keeps its tool_result (the API refuses an
// unanswered call), errors stay marked as errors, and nothing else changes: text, thinking and the calls themselves
// stay as they were, so signatures stay valid.
import type { MessageParam, ToolResultBlock, ToolUseBlock } from '../messages/schema';

/** Tool inputs are shown in the note up to this many characters. */
const INPUT_PREVIEW_CHARS = 300;
/** A result this short costs less than its note: kept as it is. */
const KEEP_RESULT_CHARS = 400;

function isResults(m: MessageParam): m is MessageParam & { content: ToolResultBlock[] } {
  return (
    typeof m.content !== 'string' && m.content.length > 0 && m.content.every((b) => b.type === 'tool_result')
  );
}

function resultChars(b: ToolResultBlock): number {
  const c = b.content;
  if (c === undefined) return 0;
  if (typeof c === 'string') return c.length;
  return c.reduce((n, x) => n + (x.type === 'text' ? x.text.length : KEEP_RESULT_CHARS + 1), 0);
}

export function clearedNote(call: ToolUseBlock | undefined): string {
  if (!call) return '[Earlier tool result cleared to save context.]';
  let input = JSON.stringify(call.input ?? {});
  if (input.length > INPUT_PREVIEW_CHARS) input = `${input.slice(0, INPUT_PREVIEW_CHARS)}…`;
  return `[Earlier result of ${call.name} ${input} cleared to save context. Call the tool again if you need it.]`;
}

/**
 * Where clearing may reach: the index just past the tool results of the round `keepRounds` rounds back, so the last
 * `keepRounds` rounds stay verbatim. 0 when there are not more rounds than that.
 */
export function clearingPoint(messages: readonly MessageParam[], keepRounds: number): number {
  let seen = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    if (!isResults(messages[i]!)) continue;
    if (seen++ === keepRounds) return i + 1;
  }
  return 0;
}

/** Messages with every tool result before `before` (an index) replaced by its note; the array is new, kept ones shared. */
export function clearToolResults(messages: readonly MessageParam[], before: number): MessageParam[] {
  if (before <= 0) return [...messages];
  const calls = new Map<string, ToolUseBlock>();
  return messages.map((m, i) => {
    if (typeof m.content === 'string') return m;
    if (m.role === 'assistant') {
      for (const b of m.content) if (b.type === 'tool_use') calls.set(b.id, b);
      return m;
    }
    if (i >= before || !isResults(m)) return m;
    const results = m.content as ToolResultBlock[];
    return {
      role: m.role,
      content: results.map((b) =>
        resultChars(b) <= KEEP_RESULT_CHARS
          ? b
          : {
              type: 'tool_result' as const,
              tool_use_id: b.tool_use_id,
              content: clearedNote(calls.get(b.tool_use_id)),
              ...(b.is_error ? { is_error: true } : {}),
            },
      ),
    };
  });
}

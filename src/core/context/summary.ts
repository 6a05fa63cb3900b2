// The second step of compaction: the older part of a conversation summarised by the model itself into one message
// that keeps the task, the decisions, the files touched and the next steps; the recent part stays verbatim. The part
// to summarise is sent as a plain-text transcript (not as messages): no tool_use/tool_result pairing or thinking
// signatures to keep valid, and long tool output is cut so the summary request itself always fits.
import type { MessageParam, MessagesRequest, RequestContentBlock } from '../messages/schema';

/** Characters of one tool result, text block or tool input kept in the transcript. */
const TRANSCRIPT_PART_CHARS = 2_000;

export const SUMMARY_INSTRUCTIONS = `You are compacting a coding session so it can go on within the model's context window. Write a summary that replaces the transcript above for the assistant that continues the work. Keep, under these headings:
1. Task: what the user asked for, in their words where it matters, with every requirement and constraint.
2. State: what has been done, the decisions taken and why, what was tried and failed.
3. Files: every file read, created or changed, with what matters about each (paths exactly).
4. Open: the next steps and any question waiting for the user.
Be specific (names, paths, commands, error messages); leave out pleasantries. Write only the summary.`;

/** The user message that carries a summary in place of the turns it replaces. */
export function summaryPreamble(summary: string): string {
  return `[This conversation was compacted to fit the context window. Summary of the earlier part:]\n\n${summary}\n\n[End of summary. The conversation continues from here.]`;
}

function cut(text: string, max = TRANSCRIPT_PART_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… [${text.length - max} more characters]`;
}

function blockText(b: RequestContentBlock): string {
  switch (b.type) {
    case 'text':
      return cut(b.text);
    case 'tool_use':
      return `[tool call ${b.name} ${cut(JSON.stringify(b.input ?? {}), 500)}]`;
    case 'tool_result': {
      const c = b.content;
      const text =
        c === undefined
          ? ''
          : typeof c === 'string'
            ? c
            : c.map((x) => (x.type === 'text' ? x.text : `[${x.type}]`)).join('\n');
      return `[tool result${b.is_error ? ' (error)' : ''}]\n${cut(text)}`;
    }
    case 'thinking':
    case 'redacted_thinking':
      return ''; // reasoning is not the record of what happened
    case 'image':
      return '[image]';
    case 'document':
      return '[document]';
    default:
      return `[${b.type}]`;
  }
}

/** The messages as a transcript the summariser reads. */
export function transcriptOf(messages: readonly MessageParam[]): string {
  return messages
    .map((m) => {
      const body =
        typeof m.content === 'string'
          ? cut(m.content, TRANSCRIPT_PART_CHARS * 4)
          : m.content.map(blockText).filter(Boolean).join('\n');
      return `${m.role === 'user' ? 'User' : 'Assistant'}:\n${body}`;
    })
    .join('\n\n');
}

/**
 * The request that asks for the summary: the transcript (with the previous summary, if any, at its start) and the
 * instructions. No tools, no thinking: one plain answer. The transcript keeps its end when it must be shortened:
 * the latest state matters most.
 */
export function summaryRequest(options: {
  model: string;
  messages: readonly MessageParam[];
  previousSummary?: string;
  maxTokens: number;
  /** Characters the transcript may take (from the window left after the answer). */
  maxChars: number;
}): MessagesRequest {
  let transcript = transcriptOf(options.messages);
  if (options.previousSummary)
    transcript = `Summary of the part before this transcript:\n${options.previousSummary}\n\n${transcript}`;
  if (transcript.length > options.maxChars)
    transcript = `[… the start of the transcript was left out …]\n${transcript.slice(transcript.length - options.maxChars)}`;
  return {
    model: options.model,
    max_tokens: options.maxTokens,
    messages: [
      {
        role: 'user',
        content: `<transcript>\n${transcript}\n</transcript>\n\n${SUMMARY_INSTRUCTIONS}`,
      },
    ],
  };
}

/**
 * Where a summary may end: an index whose message starts a valid tail. An assistant message (the summary becomes
 * the user message before it) or a user question (the summary joins it); never a user message of tool results,
 * whose calls would be left behind.
 */
export function isCutPoint(messages: readonly MessageParam[], i: number): boolean {
  const m = messages[i];
  if (!m || i === 0) return false;
  if (m.role === 'assistant') return true;
  return typeof m.content === 'string' || !m.content.some((b) => b.type === 'tool_result');
}

/**
 * The cut point that keeps the most recent messages whose estimated size stays within `keepTokens`, at least the
 * last one, after `from`; undefined when no message can be summarised.
 */
export function chooseCut(
  messages: readonly MessageParam[],
  options: { from: number; keepTokens: number; tokensOf: (m: MessageParam) => number },
): number | undefined {
  let kept = 0;
  let best: number | undefined;
  for (let i = messages.length - 1; i > options.from; i--) {
    kept += options.tokensOf(messages[i]!);
    if (!isCutPoint(messages, i)) continue;
    if (best !== undefined && kept > options.keepTokens) break;
    best = i;
  }
  return best;
}

/** The messages sent after a summary: the summary in a user message, then everything from `cutAt` as it was. */
export function withSummary(
  messages: readonly MessageParam[],
  cutAt: number,
  summary: string,
): MessageParam[] {
  const tail = messages.slice(cutAt);
  const preamble = { type: 'text' as const, text: summaryPreamble(summary) };
  const first = tail[0];
  if (first?.role === 'user') {
    const content =
      typeof first.content === 'string' ? [{ type: 'text' as const, text: first.content }] : first.content;
    return [{ role: 'user', content: [preamble, ...content] }, ...tail.slice(1)];
  }
  return [{ role: 'user', content: [preamble] }, ...tail];
}

// Prompt caching: marks cache breakpoints so a repeat turn re-reads the long, unchanged prefix (tools, system,
// earlier turns) from the endpoint's cache instead of paying for it again. Anthropic allows at most four
// breakpoints per request; we use one each on the tools and the system prompt, and two on the conversation: the
// newest user turn (writes the prefix the next turn will read) and the user turn before it (reads what the
// previous request wrote, even when a long tool exchange sits between them).
import type { MessageParam, MessagesRequest } from '../messages/schema';

const EPHEMERAL = { type: 'ephemeral' } as const;
const MAX_BREAKPOINTS = 4;

/** Returns a copy of the request with cache breakpoints; the caller's objects (the conversation) are not touched. */
export function withCacheBreakpoints(request: MessagesRequest): MessagesRequest {
  const out: MessagesRequest = { ...request };
  let used = 0;
  if (out.tools && out.tools.length > 0) {
    const tools = [...out.tools];
    tools[tools.length - 1] = { ...tools[tools.length - 1]!, cache_control: EPHEMERAL };
    out.tools = tools;
    used++;
  }
  if (typeof out.system === 'string' ? out.system.trim() !== '' : (out.system?.length ?? 0) > 0) {
    const blocks =
      typeof out.system === 'string' ? [{ type: 'text' as const, text: out.system }] : [...out.system!];
    blocks[blocks.length - 1] = { ...blocks[blocks.length - 1]!, cache_control: EPHEMERAL };
    out.system = blocks;
    used++;
  }
  const messages = [...out.messages];
  let userMarks = 0;
  for (let i = messages.length - 1; i >= 0 && used < MAX_BREAKPOINTS && userMarks < 2; i--) {
    if (messages[i]!.role !== 'user') continue;
    const marked = markLastBlock(messages[i]!);
    if (!marked) continue;
    messages[i] = marked;
    used++;
    userMarks++;
  }
  out.messages = messages;
  return out;
}

/** The message with its last cacheable block marked, or undefined when it has none (an empty turn). */
function markLastBlock(message: MessageParam): MessageParam | undefined {
  if (typeof message.content === 'string') {
    if (message.content.trim() === '') return undefined;
    return { ...message, content: [{ type: 'text', text: message.content, cache_control: EPHEMERAL }] };
  }
  const blocks = [...message.content];
  for (let j = blocks.length - 1; j >= 0; j--) {
    const b = blocks[j]!;
    // Thinking blocks cannot carry cache_control; everything a user turn holds (text, image, document,
    // tool_result) can.
    if (b.type === 'thinking' || b.type === 'redacted_thinking') continue;
    blocks[j] = { ...b, cache_control: EPHEMERAL } as typeof b;
    return { ...message, content: blocks };
  }
  return undefined;
}

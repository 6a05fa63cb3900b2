// Turns a scripted reply into the Messages API's stream events (and its non-streamed Message), the way the real
// API shapes them: message_start with usage, a ping, one start/deltas/stop per block, message_delta, message_stop.
import { createHmac } from 'node:crypto';
import type { ReplyBlock, ScriptedReply } from './types';

type Json = Record<string, unknown>;

const SIGNING_KEY = 'local-endpoint-thinking-signature';

/** Signatures are an HMAC of the thinking text, so the endpoint can tell whether a block was passed back intact. */
export function signThinking(thinking: string): string {
  return createHmac('sha256', SIGNING_KEY).update(thinking).digest('base64');
}

export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Splits text into pieces of about `size` characters, never between the halves of a surrogate pair. */
export function splitText(text: string, size: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + Math.max(1, size));
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end++;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Tool JSON split at awkward places (inside keys, escapes and numbers), starting with an empty piece like the API. */
export function splitJsonAwkwardly(json: string): string[] {
  const sizes = [1, 3, 2, 7, 1, 5, 11, 2];
  const out = [''];
  let i = 0;
  let k = 0;
  while (i < json.length) {
    const size = sizes[k++ % sizes.length]!;
    out.push(json.slice(i, i + size));
    i += size;
  }
  return out;
}

let counter = 0;
export function nextId(prefix: string): string {
  counter++;
  return `${prefix}_local${Date.now().toString(36)}${counter.toString(36).padStart(4, '0')}`;
}

export interface UsageNumbers {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

export function defaultStopReason(reply: ScriptedReply): string {
  return reply.stopReason ?? (reply.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
}

function blockOutput(b: ReplyBlock): string {
  if (b.type === 'text') return b.text;
  if (b.type === 'thinking') return b.thinking;
  if (b.type === 'tool_use') return JSON.stringify(b.input ?? {});
  return '';
}

export function outputTokens(reply: ScriptedReply): number {
  return reply.usage?.output_tokens ?? reply.content.reduce((n, b) => n + estimateTokens(blockOutput(b)), 0);
}

/** Ids are fixed once per reply so the streamed and non-streamed forms agree. */
function finalBlocks(reply: ScriptedReply): Json[] {
  return reply.content.map((b) => {
    if (b.type === 'thinking')
      return { type: 'thinking', thinking: b.thinking, signature: b.signature ?? signThinking(b.thinking) };
    if (b.type === 'tool_use')
      return { type: 'tool_use', id: b.id ?? nextId('toolu'), name: b.name, input: b.input ?? {} };
    return { ...b };
  });
}

export function buildMessage(reply: ScriptedReply, model: string, usage: UsageNumbers): Json {
  return {
    id: nextId('msg'),
    type: 'message',
    role: 'assistant',
    model: reply.model ?? model,
    content: finalBlocks(reply),
    stop_reason: defaultStopReason(reply),
    stop_sequence: reply.stopSequence ?? null,
    usage: {
      ...usage,
      input_tokens: reply.usage?.input_tokens ?? usage.input_tokens,
      output_tokens: outputTokens(reply),
    },
  };
}

export function buildStreamEvents(
  reply: ScriptedReply,
  model: string,
  usage: UsageNumbers,
  chunkSize: number,
): Json[] {
  const message = buildMessage(reply, model, usage);
  const blocks = message.content as Json[];
  const startUsage = { ...(message.usage as Json), output_tokens: 1 };
  const events: Json[] = [
    {
      type: 'message_start',
      message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: startUsage },
    },
    { type: 'ping' },
  ];
  const size = reply.chunkSize ?? chunkSize;
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const text of splitText(block.text as string, size)) {
        events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
      }
    } else if (block.type === 'thinking') {
      events.push({
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      });
      for (const thinking of splitText(block.thinking as string, size)) {
        events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking } });
      }
      events.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: block.signature },
      });
    } else if (block.type === 'tool_use') {
      events.push({ type: 'content_block_start', index, content_block: { ...block, input: {} } });
      for (const partial_json of splitJsonAwkwardly(JSON.stringify(block.input))) {
        events.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json },
        });
      }
    } else {
      events.push({ type: 'content_block_start', index, content_block: block });
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({
    type: 'message_delta',
    delta: { stop_reason: message.stop_reason, stop_sequence: message.stop_sequence },
    usage: { output_tokens: (message.usage as Json).output_tokens },
  });
  events.push({ type: 'message_stop' });
  return events;
}

/** Applies gateway quirks to an event before it is written. */
export function applyQuirks(
  event: Json,
  q: { noDeltaType?: boolean; usageInDelta?: boolean; sparseMessageStart?: boolean },
): Json {
  if (q.noDeltaType && event.type === 'content_block_delta') {
    const { type: _t, ...delta } = event.delta as Json;
    return { ...event, delta };
  }
  if (q.usageInDelta && event.type === 'message_delta') {
    const { usage, ...rest } = event;
    return { ...rest, delta: { ...(event.delta as Json), usage } };
  }
  if (q.sparseMessageStart && event.type === 'message_start') {
    const m = event.message as Json;
    return { type: 'message_start', message: { id: m.id } };
  }
  return event;
}

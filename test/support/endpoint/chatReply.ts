// The Chat Completions side of the endpoint: a scripted reply as `chat.completion.chunk`s (content, reasoning_content,
// tool_calls by index, finish_reason, a usage chunk when asked, `[DONE]`) or as one `chat.completion`, and the
// checks an OpenAI-compatible gateway makes (tool messages must answer the assistant's tool_calls).
import { estimateTokens, nextId, outputTokens, splitJsonAwkwardly, splitText } from './replyEvents';
import type { ScriptedReply } from './types';

type Json = Record<string, unknown>;

const FINISH: Record<string, string> = {
  end_turn: 'stop',
  max_tokens: 'length',
  tool_use: 'tool_calls',
  stop_sequence: 'stop',
};

function finishReason(reply: ScriptedReply): string {
  const stop =
    reply.stopReason ?? (reply.content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn');
  return FINISH[stop] ?? 'stop';
}

export function promptTokens(body: Json): number {
  return estimateTokens(JSON.stringify(body.messages ?? []));
}

export function buildChatChunks(reply: ScriptedReply, body: Json, chunkSize: number): Json[] {
  const id = nextId('chatcmpl');
  const model = reply.model ?? String(body.model);
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Json, finish: string | null = null): Json => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const size = reply.chunkSize ?? chunkSize;
  const chunks: Json[] = [chunk({ role: 'assistant', content: '' })];
  let toolIndex = 0;
  for (const block of reply.content) {
    if (block.type === 'thinking') {
      for (const piece of splitText(block.thinking, size)) chunks.push(chunk({ reasoning_content: piece }));
    } else if (block.type === 'text') {
      for (const piece of splitText(block.text, size)) chunks.push(chunk({ content: piece }));
    } else if (block.type === 'tool_use') {
      const index = toolIndex++;
      const callId = block.id ?? nextId('call');
      chunks.push(
        chunk({
          tool_calls: [
            { index, id: callId, type: 'function', function: { name: block.name, arguments: '' } },
          ],
        }),
      );
      for (const piece of splitJsonAwkwardly(JSON.stringify(block.input ?? {})).filter((p) => p !== '')) {
        chunks.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    }
  }
  chunks.push(chunk({}, finishReason(reply)));
  const options = body.stream_options as Json | undefined;
  if (options?.include_usage) {
    const prompt = reply.usage?.input_tokens ?? promptTokens(body);
    const completion = outputTokens(reply);
    chunks.push({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [],
      usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    });
  }
  return chunks;
}

export function buildChatCompletion(reply: ScriptedReply, body: Json): Json {
  const text = reply.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  const reasoning = reply.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : [])).join('');
  const calls = reply.content.flatMap((b) =>
    b.type === 'tool_use'
      ? [
          {
            id: b.id ?? nextId('call'),
            type: 'function',
            function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) },
          },
        ]
      : [],
  );
  const prompt = reply.usage?.input_tokens ?? promptTokens(body);
  const completion = outputTokens(reply);
  return {
    id: nextId('chatcmpl'),
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? String(body.model),
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text === '' ? null : text,
          ...(reasoning ? { reasoning_content: reasoning } : {}),
          ...(calls.length > 0 ? { tool_calls: calls } : {}),
        },
        finish_reason: finishReason(reply),
      },
    ],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
  };
}

/** An OpenAI-style error message, or undefined when the body is acceptable. */
export function checkChatBody(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return 'We could not parse the JSON body of your request.';
  const b = body as Json;
  if (typeof b.model !== 'string' || b.model === '') return 'you must provide a model parameter';
  if (!Array.isArray(b.messages) || b.messages.length === 0)
    return "'messages' must contain at least one message";
  const messages = b.messages as Json[];
  let pending = new Set<string>();
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role === 'tool') {
      if (!pending.has(String(m.tool_call_id))) {
        return `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.`;
      }
      pending.delete(String(m.tool_call_id));
      continue;
    }
    if (pending.size > 0) {
      return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`;
    }
    pending = new Set(
      m.role === 'assistant' && Array.isArray(m.tool_calls)
        ? (m.tool_calls as Json[]).map((c) => String(c.id))
        : [],
    );
  }
  return undefined;
}

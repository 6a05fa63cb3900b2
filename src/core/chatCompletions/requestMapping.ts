// Maps a Messages request onto OpenAI-compatible Chat Completions: system as a system message, images as
// `image_url` data URLs, tools as functions, tool results as `tool` messages, stop sequences as `stop`.
// Thinking is requested the way the gateway expects, chosen by `thinkingStyle`.
import type { MessageParam, MessagesRequest, RequestContentBlock } from '../messages/schema';

/**
 * - `reasoning-effort`: `reasoning_effort: low|medium|high` from the budget (OpenAI-style gateways)
 * - `model-suffix`: the model id gets `-thinking` appended (gateways that document that convention)
 * - `thinking-param`: Anthropic's `thinking: {type, budget_tokens}` passed as an extra body field
 * - `none`: thinking is not requested
 */
export type ThinkingStyle = 'reasoning-effort' | 'model-suffix' | 'thinking-param' | 'none';

type ChatPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'file'; file: { filename: string; file_data: string } };

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatPart[] }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  max_tokens: number;
  stream?: boolean;
  stream_options?: { include_usage: boolean };
  temperature?: number;
  top_p?: number;
  stop?: string[];
  tools?: { type: 'function'; function: { name: string; description?: string; parameters: unknown } }[];
  tool_choice?: 'auto' | 'required' | 'none' | { type: 'function'; function: { name: string } };
  parallel_tool_calls?: boolean;
  user?: string;
  reasoning_effort?: 'low' | 'medium' | 'high';
  thinking?: { type: 'enabled'; budget_tokens: number };
}

function part(block: RequestContentBlock): ChatPart | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'image': {
      const s = block.source;
      if (s.type === 'base64')
        return { type: 'image_url', image_url: { url: `data:${s.media_type};base64,${s.data}` } };
      if (s.type === 'url') return { type: 'image_url', image_url: { url: s.url } };
      return undefined;
    }
    case 'document': {
      const s = block.source;
      const title = block.title ? `${block.title}\n\n` : '';
      if (s.type === 'text') return { type: 'text', text: title + s.data };
      if (s.type === 'content' && typeof s.content === 'string')
        return { type: 'text', text: title + s.content };
      if (s.type === 'base64') {
        return {
          type: 'file',
          file: {
            filename: block.title ?? 'document.pdf',
            file_data: `data:${s.media_type};base64,${s.data}`,
          },
        };
      }
      if (s.type === 'url') return { type: 'text', text: `${title}${s.url}` };
      return undefined;
    }
    default:
      return undefined;
  }
}

function toolResultText(block: Extract<RequestContentBlock, { type: 'tool_result' }>): string {
  const c = block.content;
  const text =
    c === undefined
      ? ''
      : typeof c === 'string'
        ? c
        : c.map((b) => (b.type === 'text' ? b.text : `[${b.type}]`)).join('\n');
  return block.is_error ? `Error: ${text}` : text;
}

function mapUser(content: MessageParam['content'], out: ChatMessage[]): void {
  if (typeof content === 'string') {
    out.push({ role: 'user', content });
    return;
  }
  // Tool results become `tool` messages, which must directly follow the assistant's tool_calls.
  for (const b of content) {
    if (b.type === 'tool_result')
      out.push({ role: 'tool', tool_call_id: b.tool_use_id, content: toolResultText(b) });
  }
  const parts = content.flatMap((b) => {
    const p = part(b);
    return p ? [p] : [];
  });
  if (parts.length === 0) return;
  out.push({
    role: 'user',
    content: parts.every((p) => p.type === 'text') ? parts.map((p) => p.text).join('\n') : parts,
  });
}

function mapAssistant(content: MessageParam['content'], out: ChatMessage[]): void {
  if (typeof content === 'string') {
    out.push({ role: 'assistant', content });
    return;
  }
  const text = content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
  const calls = content.flatMap((b) =>
    b.type === 'tool_use'
      ? [
          {
            id: b.id,
            type: 'function' as const,
            function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) },
          },
        ]
      : [],
  );
  // Thinking blocks are not sent back: chat-completions gateways reject or ignore them.
  out.push({
    role: 'assistant',
    content: text === '' ? null : text,
    ...(calls.length > 0 ? { tool_calls: calls } : {}),
  });
}

function effortFor(budget: number): 'low' | 'medium' | 'high' {
  return budget < 4096 ? 'low' : budget < 16384 ? 'medium' : 'high';
}

export function toChatRequest(
  req: MessagesRequest,
  thinkingStyle: ThinkingStyle,
  stream: boolean,
): ChatRequest {
  const messages: ChatMessage[] = [];
  if (req.system !== undefined) {
    const system = typeof req.system === 'string' ? req.system : req.system.map((b) => b.text).join('\n\n');
    if (system !== '') messages.push({ role: 'system', content: system });
  }
  for (const m of req.messages) {
    if (m.role === 'user') mapUser(m.content, messages);
    else mapAssistant(m.content, messages);
  }
  const out: ChatRequest = { model: req.model, messages, max_tokens: req.max_tokens };
  if (stream) {
    out.stream = true;
    out.stream_options = { include_usage: true };
  }
  if (req.temperature !== undefined) out.temperature = req.temperature;
  if (req.top_p !== undefined) out.top_p = req.top_p;
  if (req.stop_sequences && req.stop_sequences.length > 0) out.stop = req.stop_sequences;
  const tools = (req.tools ?? []).flatMap((t) =>
    'input_schema' in t && t.input_schema
      ? [
          {
            type: 'function' as const,
            function: {
              name: t.name,
              ...(typeof t.description === 'string' ? { description: t.description } : {}),
              parameters: t.input_schema,
            },
          },
        ]
      : [],
  );
  if (tools.length > 0) out.tools = tools;
  const choice = req.tool_choice;
  if (choice) {
    if (choice.type === 'auto') out.tool_choice = 'auto';
    else if (choice.type === 'any') out.tool_choice = 'required';
    else if (choice.type === 'none') out.tool_choice = 'none';
    else out.tool_choice = { type: 'function', function: { name: choice.name } };
    if (choice.type !== 'none' && choice.disable_parallel_tool_use) out.parallel_tool_calls = false;
  }
  if (req.metadata?.user_id) out.user = req.metadata.user_id;
  if (req.thinking?.type === 'enabled') {
    const budget = req.thinking.budget_tokens;
    if (thinkingStyle === 'reasoning-effort') out.reasoning_effort = effortFor(budget);
    else if (thinkingStyle === 'model-suffix' && !out.model.endsWith('-thinking'))
      out.model = `${out.model}-thinking`;
    else if (thinkingStyle === 'thinking-param') out.thinking = { type: 'enabled', budget_tokens: budget };
  }
  return out;
}

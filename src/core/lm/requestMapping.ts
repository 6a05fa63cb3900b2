// A VS Code language-model request (messages of parts, tools, tool mode, model options), as plain values, mapped
// faithfully onto a Messages request: text, images and PDFs, tool calls and results with their ids, `toolMode`
// required as `tool_choice: any`. What cannot be mapped is an error naming the part; the MessagesClient then
// speaks the profile's wire format (Messages or Chat Completions).
import * as z from 'zod/mini';
import '../../shared/zodLocale';
import { isImageMediaType, IMAGE_MEDIA_TYPES } from '../../shared/fields';
import { withoutToolBlocks } from '../chat/messageFacts';
import { withCacheBreakpoints } from '../chat/promptCache';
import type { MessageParam, MessagesRequest, RequestContentBlock, Tool } from '../messages/schema';

/** A piece of data (image, PDF, text, JSON) as VS Code's LanguageModelDataPart carries it. */
export interface LmData {
  type: 'data';
  mimeType: string;
  data: Uint8Array;
}

/** A tool result's content item. */
export type LmResultPart = { type: 'text'; text: string } | LmData;

export type LmPart =
  | { type: 'text'; text: string }
  | LmData
  | { type: 'toolCall'; callId: string; name: string; input: unknown }
  | { type: 'toolResult'; callId: string; content: LmResultPart[] }
  /** A part with no Messages equivalent that carries nothing the model needs (another model's thinking). */
  | { type: 'other'; kind: string };

export interface LmMessage {
  /** `system` comes from VS Code's own chat (a proposed role); extensions put instructions in user turns. */
  role: 'user' | 'assistant' | 'system';
  parts: LmPart[];
}

export interface LmTool {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

export interface LmRequestInput {
  model: string;
  messages: readonly LmMessage[];
  tools?: readonly LmTool[];
  toolMode: 'auto' | 'required';
  /** The caller's options: the Messages API's own names (`max_tokens`, `temperature`, ...). */
  modelOptions?: Readonly<Record<string, unknown>>;
  /** `max_tokens` when the caller sets none. */
  defaultMaxTokens: number;
  promptCaching: boolean;
}

export interface LmRequest {
  request: MessagesRequest;
  /** Parts left out (by kind) and model options ignored, for the log. */
  skipped: string[];
}

/** A request the provider cannot send as asked: `field` says which part of it. */
export class LmRequestError extends Error {
  override readonly name = 'LmRequestError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

const ModelOptionsSchema = z.object({
  max_tokens: z.optional(z.int().check(z.positive())),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(1))),
  top_p: z.optional(z.number().check(z.gte(0), z.lte(1))),
  top_k: z.optional(z.int().check(z.positive())),
  stop_sequences: z.optional(z.array(z.string())),
});
const MODEL_OPTION_NAMES = new Set(Object.keys(ModelOptionsSchema.def.shape));

/** VS Code's Copilot marks prompt-cache breakpoints with a data part of this type; we place our own. */
const CACHE_CONTROL_MIME = 'cache_control';

function base64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

function isJsonMime(mime: string): boolean {
  return mime === 'application/json' || mime.endsWith('+json');
}

/** A data part as a content block; undefined for a cache marker or empty text (left out). */
export function dataBlock(part: LmData, at: string): RequestContentBlock | undefined {
  const mime = part.mimeType.toLowerCase().split(';')[0]!.trim();
  if (mime === CACHE_CONTROL_MIME) return undefined;
  if (isImageMediaType(mime))
    return { type: 'image', source: { type: 'base64', media_type: mime, data: base64(part.data) } };
  if (mime.startsWith('image/'))
    throw new LmRequestError(at, `${mime} images are not accepted; use ${IMAGE_MEDIA_TYPES.join(', ')}`);
  if (mime === 'application/pdf')
    return {
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: base64(part.data) },
    };
  if (mime.startsWith('text/') || isJsonMime(mime)) {
    const text = new TextDecoder().decode(part.data);
    return text.trim() === '' ? undefined : { type: 'text', text };
  }
  throw new LmRequestError(at, `data of type "${part.mimeType}" cannot be sent to the model`);
}

function resultContent(content: readonly LmResultPart[], at: string) {
  const blocks: Extract<RequestContentBlock, { type: 'tool_result' }>['content'] = [];
  content.forEach((p, k) => {
    if (p.type === 'text') {
      if (p.text.trim() !== '') blocks.push({ type: 'text', text: p.text });
      return;
    }
    const block = dataBlock(p, `${at}.content.${k}`);
    if (block && (block.type === 'text' || block.type === 'image' || block.type === 'document'))
      blocks.push(block);
  });
  return blocks;
}

function mapParts(message: LmMessage, i: number, skipped: string[]): RequestContentBlock[] {
  const blocks: RequestContentBlock[] = [];
  message.parts.forEach((part, j) => {
    const at = `messages.${i}.content.${j}`;
    switch (part.type) {
      case 'text':
        if (part.text.trim() !== '') blocks.push({ type: 'text', text: part.text });
        return;
      case 'data': {
        const block = dataBlock(part, at);
        if (block) blocks.push(block);
        else skipped.push(part.mimeType);
        return;
      }
      case 'toolCall':
        if (message.role !== 'assistant')
          throw new LmRequestError(at, 'a tool call must be in an assistant message');
        if (typeof part.input !== 'object' || part.input === null || Array.isArray(part.input))
          throw new LmRequestError(at, `the input of tool call "${part.name}" must be an object`);
        blocks.push({ type: 'tool_use', id: part.callId, name: part.name, input: part.input });
        return;
      case 'toolResult':
        if (message.role !== 'user') throw new LmRequestError(at, 'a tool result must be in a user message');
        blocks.push({
          type: 'tool_result',
          tool_use_id: part.callId,
          content: resultContent(part.content, at),
        });
        return;
      case 'other':
        skipped.push(part.kind);
        return;
    }
  });
  return blocks;
}

/** Consecutive messages of one role become one turn; in a user turn tool results go first, as the API requires. */
function pushTurn(out: MessageParam[], role: 'user' | 'assistant', blocks: RequestContentBlock[]): void {
  if (blocks.length === 0) return;
  const last = out[out.length - 1];
  const merged =
    last && last.role === role ? [...(last.content as RequestContentBlock[]), ...blocks] : blocks;
  const content =
    role === 'user'
      ? [...merged.filter((b) => b.type === 'tool_result'), ...merged.filter((b) => b.type !== 'tool_result')]
      : merged;
  if (last && last.role === role) last.content = content;
  else out.push({ role, content });
}

function mapTools(tools: readonly LmTool[]): Tool[] {
  const seen = new Set<string>();
  return tools.map((t, i) => {
    if (seen.has(t.name)) throw new LmRequestError(`tools.${i}.name`, `"${t.name}" is offered twice`);
    seen.add(t.name);
    const schema = t.inputSchema ?? { type: 'object', properties: {} };
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
      throw new LmRequestError(
        `tools.${i}.inputSchema`,
        `the schema of "${t.name}" must be a JSON schema object`,
      );
    const type = (schema as { type?: unknown }).type;
    if (type !== undefined && type !== 'object')
      throw new LmRequestError(
        `tools.${i}.inputSchema`,
        `the input of "${t.name}" must be an object, not ${String(type)}`,
      );
    const tool: Tool = { name: t.name, input_schema: { ...(schema as object), type: 'object' } };
    if (t.description?.trim()) tool.description = t.description;
    return tool;
  });
}

function modelOptions(raw: Readonly<Record<string, unknown>> | undefined, skipped: string[]) {
  const given = Object.fromEntries(
    Object.entries(raw ?? {}).filter(([, v]) => v !== undefined && v !== null),
  );
  for (const key of Object.keys(given)) if (!MODEL_OPTION_NAMES.has(key)) skipped.push(`modelOptions.${key}`);
  const parsed = ModelOptionsSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new LmRequestError(`modelOptions.${issue?.path.join('.') ?? ''}`, issue?.message ?? 'invalid');
  }
  return parsed.data;
}

/** Maps the request; throws LmRequestError naming the part that cannot be sent. */
export function buildLmRequest(input: LmRequestInput): LmRequest {
  const skipped: string[] = [];
  const options = modelOptions(input.modelOptions, skipped);
  const system: string[] = [];
  const messages: MessageParam[] = [];
  input.messages.forEach((m, i) => {
    if (m.role === 'system') {
      m.parts.forEach((p, j) => {
        if (p.type === 'text') system.push(p.text);
        else if (p.type === 'other') skipped.push(p.kind);
        else throw new LmRequestError(`messages.${i}.content.${j}`, 'a system message may hold only text');
      });
      return;
    }
    pushTurn(messages, m.role, mapParts(m, i, skipped));
  });
  if (messages.length === 0)
    throw new LmRequestError('messages', 'there is nothing to send (no text, image or tool part)');
  trimPrefill(messages);

  const request: MessagesRequest = {
    model: input.model,
    max_tokens: options.max_tokens ?? input.defaultMaxTokens,
    messages,
  };
  const prompt = system.filter((s) => s.trim() !== '').join('\n\n');
  if (prompt) request.system = prompt;
  if (input.tools && input.tools.length > 0) request.tools = mapTools(input.tools);
  else if (
    messages.some((m) => typeof m.content !== 'string' && m.content.some((b) => b.type === 'tool_use'))
  ) {
    // The API refuses tool blocks in a request that offers no tools; the model still needs to know what happened.
    request.messages = withoutToolBlocks(messages);
    skipped.push('tool calls and results as text (no tools offered)');
  }
  if (input.toolMode === 'required') {
    if (!request.tools) throw new LmRequestError('toolMode', 'a tool is required, but no tools were offered');
    request.tool_choice = { type: 'any' };
  }
  if (options.temperature !== undefined) request.temperature = options.temperature;
  if (options.top_p !== undefined) request.top_p = options.top_p;
  if (options.top_k !== undefined) request.top_k = options.top_k;
  if (options.stop_sequences?.length) request.stop_sequences = options.stop_sequences;
  return { request: input.promptCaching ? withCacheBreakpoints(request) : request, skipped };
}

/** A final assistant message is a prefill, which the API refuses when it ends in whitespace: that is trimmed. */
function trimPrefill(messages: MessageParam[]): void {
  const last = messages[messages.length - 1]!;
  if (last.role !== 'assistant' || typeof last.content === 'string') return;
  const block = last.content[last.content.length - 1];
  if (block?.type !== 'text') return;
  const text = block.text.trimEnd();
  if (text === '') last.content = last.content.slice(0, -1);
  else last.content = [...last.content.slice(0, -1), { ...block, text }];
  if (last.content.length === 0) messages.pop();
}

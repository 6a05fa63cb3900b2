// The Messages client: one object per endpoint configuration, speaking either Anthropic's Messages API or the
// OpenAI-compatible Chat Completions format behind the same Message model, with SDK-style retries before the first
// byte of a reply, timeouts, cancellation, and structured request logs (never the key, never content).
import { mapChatCompletion, ChatStreamMapper } from '../chatCompletions/streamMapping';
import { toChatRequest, type ThinkingStyle } from '../chatCompletions/requestMapping';
import { MessageAccumulator, type StreamCallbacks } from './accumulator';
import { buildContinuation } from './continuation';
import { ApiError, errorFromEvent, errorFromResponse, isErrorPayload } from './errors';
import type { AuthHeaderMode } from './headers';
import { RequestRunner, type Attempt, type AttemptState, type RequestLogEntry } from './requestRunner';
import {
  CountTokensResponseSchema,
  MessageSchema,
  ModelsPageSchema,
  type CountTokensRequest,
  type Message,
  type MessagesRequest,
  type ModelInfo,
} from './schema';
import { createSseJsonDecoder } from './sseDecoder';
import { DEFAULT_IDLE_TIMEOUT_MS, readBody, readText, type RequestControl } from './transport';
import { validateRequest } from './validate';

export type { StreamCallbacks } from './accumulator';
export type { RequestLogEntry } from './requestRunner';
export type { ThinkingStyle } from '../chatCompletions/requestMapping';

export interface MessagesClientConfig {
  baseUrl: string;
  apiKey?: string;
  authHeader: AuthHeaderMode;
  apiFormat: 'messages' | 'chat-completions';
  anthropicVersion: string;
  anthropicBeta?: string[];
  extraHeaders?: Record<string, string>;
  headersTimeoutMs?: number;
  idleTimeoutMs?: number;
  maxRetries?: number;
  thinkingStyle?: ThinkingStyle;
  userAgent?: string;
  onLog?: (entry: RequestLogEntry) => void;
  /** Defaults to the global fetch; the host may pass one bound to a proxy-aware dispatcher. */
  fetch?: typeof globalThis.fetch;
}

export class MessagesClient {
  private readonly secrets: string[];
  private readonly runner: RequestRunner;

  constructor(private readonly config: MessagesClientConfig) {
    this.secrets = config.apiKey ? [config.apiKey] : [];
    this.runner = new RequestRunner(config, this.secrets, config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
  }

  private get isChat(): boolean {
    return this.config.apiFormat === 'chat-completions';
  }

  /** Streams one reply, calling back as it grows; resolves with the final message. */
  async stream(
    request: MessagesRequest,
    callbacks: StreamCallbacks = {},
    signal?: AbortSignal,
  ): Promise<Message> {
    const req = validateRequest(request);
    const body = this.isChat
      ? JSON.stringify(toChatRequest(req, this.config.thinkingStyle ?? 'reasoning-effort', true))
      : JSON.stringify({ ...req, stream: true });
    const attempt: Attempt = {
      method: 'POST',
      path: this.isChat ? '/v1/chat/completions' : '/v1/messages',
      body,
      accept: 'text/event-stream',
      model: req.model,
      onRetry: callbacks.onRetry,
    };
    return this.runner.run(attempt, signal, (response, control, state, requestId) =>
      this.readStream(response, control, state, req.model, callbacks, requestId),
    );
  }

  private async readStream(
    response: Response,
    control: RequestControl,
    state: AttemptState,
    model: string,
    callbacks: StreamCallbacks,
    requestId: string | undefined,
  ): Promise<Message> {
    const contentType = response.headers.get('content-type') ?? '';
    if (/json|html/i.test(contentType)) return this.readWhole(response, control, model, callbacks, requestId);
    const acc = new MessageAccumulator(callbacks, model, this.secrets, requestId);
    const mapper = this.isChat ? new ChatStreamMapper((e) => acc.handle(e), model, this.secrets) : undefined;
    // Canonical deltas skip the event object (see fastDelta.ts); they always follow a content_block_start, which
    // takes the general path and marks the reply as started. onEvent needs every event, so it turns that off.
    const fast = mapper || callbacks.onEvent ? undefined : acc;
    const decoder = createSseJsonDecoder((event) => {
      if (mapper) return mapper.push(event);
      if (typeof event.type !== 'string' && isErrorPayload(event)) {
        throw errorFromEvent(event, requestId, this.secrets);
      }
      acc.handle(event);
      if (!state.replyStarted && event.type !== 'ping' && event.type !== 'message_start') {
        state.replyStarted = true;
      }
    }, fast);
    // Some gateways label SSE as text/plain or not at all: without the SSE type, the first bytes decide.
    const body: { mode: 'sse' | 'sniff' | 'whole' } = {
      mode: contentType.includes('text/event-stream') ? 'sse' : 'sniff',
    };
    const held: Uint8Array[] = [];
    try {
      await readBody(response, control, this.idleTimeoutMs, (bytes) => {
        if (body.mode === 'sse') return decoder.feed(bytes);
        // The reader reuses its buffer: keep copies.
        held.push(bytes.slice());
        if (body.mode === 'whole') return;
        const first = new TextDecoder().decode(concat(held)).trimStart();
        if (first === '') return;
        body.mode = first[0] === '{' || first[0] === '<' ? 'whole' : 'sse';
        if (body.mode === 'sse') for (const h of held.splice(0)) decoder.feed(h);
      });
      if (body.mode !== 'sse' && held.length > 0) {
        const message = this.parseReply(new TextDecoder().decode(concat(held)), response, model, requestId);
        replay(message, new MessageAccumulator(callbacks, model, this.secrets, requestId));
        return message;
      }
      decoder.end();
      mapper?.finish(decoder.done);
    } catch (err) {
      let error = control.toApiError(err, this.secrets);
      if (mapper && acc.started) state.replyStarted = true;
      const partial = acc.snapshot();
      // The connection dropping after the reply began is, to the user, the reply breaking off.
      if (error.kind === 'network' && partial) {
        error = new ApiError({
          kind: 'truncated',
          message: `The connection dropped mid-reply (${error.message}): the partial reply is kept.`,
          requestId,
          status: response.status,
          cause: err,
        });
      }
      throw error.withPartial(partial);
    }
    if (!acc.complete) {
      const partial = acc.snapshot();
      throw new ApiError({
        kind: 'truncated',
        message: partial
          ? 'The reply stream ended before it was complete (no message_stop): the partial reply is kept.'
          : 'The reply stream ended before the reply started.',
        requestId,
        status: response.status,
        retryable: !partial,
        partial,
      });
    }
    return acc.finalMessage();
  }

  /**
   * A streaming request answered with one JSON (or HTML) body: a gateway error with HTTP 200, or an endpoint that
   * ignored `stream: true`. The reply is parsed whole and played through the callbacks.
   */
  private async readWhole(
    response: Response,
    control: RequestControl,
    model: string,
    callbacks: StreamCallbacks,
    requestId: string | undefined,
  ): Promise<Message> {
    const text = await readText(response, control, this.idleTimeoutMs);
    const message = this.parseReply(text, response, model, requestId);
    replay(message, new MessageAccumulator(callbacks, model, this.secrets, requestId));
    return message;
  }

  /** Parses a JSON reply: a Message (or chat completion), or an error body that arrived with HTTP 200. */
  private parseReply(text: string, response: Response, model: string, requestId?: string): Message {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw errorFromResponse(text, {
        status: response.status,
        headers: response.headers,
        secrets: this.secrets,
      });
    }
    if (isErrorPayload(json)) {
      throw errorFromResponse(text, {
        status: response.status,
        headers: response.headers,
        secrets: this.secrets,
      });
    }
    if (this.isChat) {
      const acc = new MessageAccumulator({}, model, this.secrets, requestId);
      mapChatCompletion(json, (e) => acc.handle(e), model, this.secrets);
      return acc.finalMessage();
    }
    const parsed = MessageSchema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError({
        kind: 'invalid_response',
        message: `The endpoint's reply is not a Message: ${parsed.error.issues[0]?.path.join('.') ?? ''} ${parsed.error.issues[0]?.message ?? ''}`,
        requestId,
      });
    }
    return parsed.data;
  }

  /** One reply without streaming. */
  async create(request: MessagesRequest, signal?: AbortSignal): Promise<Message> {
    const req = validateRequest(request);
    const body = this.isChat
      ? JSON.stringify(toChatRequest(req, this.config.thinkingStyle ?? 'reasoning-effort', false))
      : JSON.stringify({ ...req, stream: false });
    const path = this.isChat ? '/v1/chat/completions' : '/v1/messages';
    return this.runner.run(
      { method: 'POST', path, body, accept: 'application/json', model: req.model },
      signal,
      async (r, c, _s, id) => this.parseReply(await readText(r, c, this.idleTimeoutMs), r, req.model, id),
    );
  }

  /** Every model the endpoint lists, following Anthropic's pages (`has_more` / `after_id`). */
  async listModels(signal?: AbortSignal): Promise<ModelInfo[]> {
    const models: ModelInfo[] = [];
    let after: string | undefined;
    for (let page = 0; page < 50; page++) {
      const query = this.isChat ? '' : `?limit=100${after ? `&after_id=${encodeURIComponent(after)}` : ''}`;
      const json = await this.getJson(`/v1/models${query}`, signal);
      const parsed = ModelsPageSchema.safeParse(json);
      if (!parsed.success)
        throw new ApiError({ kind: 'invalid_response', message: 'The endpoint sent a malformed model list' });
      for (const m of parsed.data.data) {
        models.push(this.isChat ? { id: m.id, type: 'model', display_name: m.display_name ?? m.id } : m);
      }
      const last = parsed.data.last_id ?? parsed.data.data[parsed.data.data.length - 1]?.id;
      if (this.isChat || !parsed.data.has_more || !last || last === after) break;
      after = last;
    }
    return models;
  }

  /** Input tokens a request would use (Messages format only). */
  async countTokens(request: CountTokensRequest | MessagesRequest, signal?: AbortSignal): Promise<number> {
    if (this.isChat) {
      throw new ApiError({
        kind: 'unsupported',
        message: 'Token counting is not available in the chat-completions format',
      });
    }
    // count_tokens takes no max_tokens; give validation one that satisfies the thinking-budget rule.
    const budget = request.thinking?.type === 'enabled' ? request.thinking.budget_tokens : 0;
    const req = validateRequest({ max_tokens: budget + 1, ...request });
    const {
      max_tokens: _m,
      stream: _s,
      stop_sequences: _ss,
      temperature: _t,
      top_p: _p,
      top_k: _k,
      metadata: _md,
      ...rest
    } = req;
    const body = JSON.stringify(rest);
    const json = await this.runner.run(
      {
        method: 'POST',
        path: '/v1/messages/count_tokens',
        body,
        accept: 'application/json',
        model: req.model,
      },
      signal,
      async (r, c) => this.json(await readText(r, c, this.idleTimeoutMs), r),
    );
    const parsed = CountTokensResponseSchema.safeParse(json);
    if (!parsed.success)
      throw new ApiError({ kind: 'invalid_response', message: 'The endpoint sent a malformed token count' });
    return parsed.data.input_tokens;
  }

  /** The request that continues a broken-off reply; throws kind 'retry_turn' when that is impossible. */
  buildContinuation(request: MessagesRequest, partialMessage: Message): MessagesRequest {
    return buildContinuation(request, partialMessage);
  }

  private getJson(path: string, signal?: AbortSignal): Promise<unknown> {
    return this.runner.run({ method: 'GET', path, accept: 'application/json' }, signal, async (r, c) =>
      this.json(await readText(r, c, this.idleTimeoutMs), r),
    );
  }

  private json(text: string, response: Response): unknown {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (json === undefined || isErrorPayload(json)) {
      throw errorFromResponse(text, {
        status: response.status,
        headers: response.headers,
        secrets: this.secrets,
      });
    }
    return json;
  }

  private get idleTimeoutMs(): number {
    return this.config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Plays a complete message through an accumulator so streaming callbacks (text included) fire for it too. */
function replay(message: Message, acc: MessageAccumulator): void {
  acc.handle({ type: 'message_start', message: { ...message, content: [] } });
  message.content.forEach((block, index) => {
    const b = block as Record<string, unknown>;
    if (b.type === 'text' && typeof b.text === 'string') {
      acc.handle({ type: 'content_block_start', index, content_block: { ...b, text: '' } });
      if (b.text !== '')
        acc.handle({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text } });
    } else if (b.type === 'thinking' && typeof b.thinking === 'string') {
      acc.handle({ type: 'content_block_start', index, content_block: { ...b, thinking: '' } });
      acc.handle({
        type: 'content_block_delta',
        index,
        delta: { type: 'thinking_delta', thinking: b.thinking },
      });
    } else if (b.type === 'tool_use' || b.type === 'server_tool_use') {
      acc.handle({ type: 'content_block_start', index, content_block: { ...b, input: {} } });
      const json = JSON.stringify(b.input ?? {});
      acc.handle({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: json },
      });
    } else {
      acc.handle({ type: 'content_block_start', index, content_block: b });
    }
    acc.handle({ type: 'content_block_stop', index });
  });
  acc.handle({ type: 'message_delta', delta: { stop_reason: message.stop_reason }, usage: message.usage });
  acc.handle({ type: 'message_stop' });
}

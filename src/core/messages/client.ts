// The Messages client: one object per endpoint configuration, speaking either Anthropic's Messages API or the
// OpenAI-compatible Chat Completions format behind the same Message model, with SDK-style retries before the first
// byte of a reply, timeouts, cancellation, and structured request logs (never the key, never content). Requests
// follow redirects only within the endpoint's origin (redirects.ts); replies are read by replyReader.ts, bounded in
// size and in time without content (docs/threat-model.md, K4, R6).
import { toChatRequest, type ThinkingStyle } from '../chatCompletions/requestMapping';
import type { StreamCallbacks } from './accumulator';
import { buildContinuation } from './continuation';
import { ApiError } from './errors';
import type { AuthHeaderMode } from './headers';
import { ReplyReader } from './replyReader';
import { RequestRunner, type Attempt, type RequestLogEntry } from './requestRunner';
import {
  CountTokensResponseSchema,
  ModelsPageSchema,
  type CountTokensRequest,
  type Message,
  type MessagesRequest,
  type ModelInfo,
} from './schema';
import { DEFAULT_CONTENT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS } from './transport';
import { validateRequest } from './validate';
import { l10n } from '../l10n';

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
  /** Longest silence (no bytes at all) in a reply. */
  idleTimeoutMs?: number;
  /**
   * Longest wait between two content events of a stream (anything but pings and comments), however many
   * keep-alives arrive meanwhile; then the reply ends as cut off, its partial kept. Default 5 minutes.
   */
  contentTimeoutMs?: number;
  maxRetries?: number;
  thinkingStyle?: ThinkingStyle;
  userAgent?: string;
  onLog?: (entry: RequestLogEntry) => void;
  /** Defaults to the global fetch; the host may pass one bound to a proxy-aware dispatcher. */
  fetch?: typeof globalThis.fetch;
}

export class MessagesClient {
  private readonly runner: RequestRunner;
  private readonly reader: ReplyReader;

  constructor(private readonly config: MessagesClientConfig) {
    const secrets = config.apiKey ? [config.apiKey] : [];
    this.runner = new RequestRunner(config, secrets, config.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS);
    this.reader = new ReplyReader({
      apiFormat: config.apiFormat,
      secrets,
      contentTimeoutMs: config.contentTimeoutMs ?? DEFAULT_CONTENT_TIMEOUT_MS,
    });
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
    return this.runner.run(attempt, signal, (reply) =>
      this.reader.stream({ ...reply, model: req.model, callbacks }),
    );
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
      (reply) => this.reader.message({ ...reply, model: req.model }),
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
        throw new ApiError({
          kind: 'invalid_response',
          message: l10n.t('The endpoint sent a malformed model list'),
        });
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
        message: l10n.t('Token counting is not available in the chat-completions format'),
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
      (reply) => this.reader.json(reply),
    );
    const parsed = CountTokensResponseSchema.safeParse(json);
    if (!parsed.success)
      throw new ApiError({
        kind: 'invalid_response',
        message: l10n.t('The endpoint sent a malformed token count'),
      });
    return parsed.data.input_tokens;
  }

  /** The request that continues a broken-off reply; throws kind 'retry_turn' when that is impossible. */
  buildContinuation(request: MessagesRequest, partialMessage: Message): MessagesRequest {
    return buildContinuation(request, partialMessage);
  }

  private getJson(path: string, signal?: AbortSignal): Promise<unknown> {
    return this.runner.run({ method: 'GET', path, accept: 'application/json' }, signal, (reply) =>
      this.reader.json(reply),
    );
  }
}

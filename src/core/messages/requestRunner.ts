// One request with retries, as Anthropic's SDK does them: each failure before the reply started is retried per
// the policy in retry.ts (server delay or backoff), with a structured log record per attempt (no key, no content).
// Redirects are followed only within the endpoint's origin (redirects.ts).
import type { StreamCallbacks } from './accumulator';
import { ApiError, errorFromResponse } from './errors';
import { apiUrl, buildHeaders, type HeaderConfig } from './headers';
import { fetchSameOrigin } from './redirects';
import { DEFAULT_MAX_RETRIES, retryDelayMs, shouldRetry, sleep } from './retry';
import { DEFAULT_HEADERS_TIMEOUT_MS, MAX_ERROR_BODY_BYTES, readText, RequestControl } from './transport';

export interface RunnerConfig extends HeaderConfig {
  baseUrl: string;
  headersTimeoutMs?: number;
  maxRetries?: number;
  onLog?: (entry: RequestLogEntry) => void;
  fetch?: typeof globalThis.fetch;
}

/** One attempt of one request. Deliberately has no key, headers or content. */
export interface RequestLogEntry {
  endpoint: string;
  method: 'GET' | 'POST';
  model?: string;
  attempt: number;
  status?: number;
  requestId?: string;
  outcome: 'ok' | 'error' | 'retry';
  errorKind?: string;
  retryInMs?: number;
  headersMs?: number;
  durationMs: number;
}

export interface Attempt {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
  accept: string;
  model?: string;
  onRetry?: StreamCallbacks['onRetry'];
}

/** Set by a handler once reply bytes were handed to the caller: from then on a failure is never retried blindly. */
export interface AttemptState {
  replyStarted: boolean;
}

/** One attempt's answer (status 2xx), handed to the reader of its body. */
export interface AttemptReply {
  response: Response;
  control: RequestControl;
  state: AttemptState;
  requestId: string | undefined;
}

export type Handler<T> = (reply: AttemptReply) => Promise<T>;

export class RequestRunner {
  constructor(
    private readonly config: RunnerConfig,
    private readonly secrets: readonly string[],
    private readonly idleTimeoutMs: number,
  ) {}

  /** Runs one request with retries: each failure before the reply started is retried per the SDK's policy. */
  async run<T>(attempt: Attempt, signal: AbortSignal | undefined, handle: Handler<T>): Promise<T> {
    const maxRetries = this.config.maxRetries ?? DEFAULT_MAX_RETRIES;
    const url = apiUrl(this.config.baseUrl, attempt.path);
    const headers = buildHeaders(this.config, attempt.accept, attempt.body !== undefined);
    for (let n = 1; ; n++) {
      const control = new RequestControl(signal, this.idleTimeoutMs);
      const state: AttemptState = { replyStarted: false };
      const t0 = performance.now();
      let status: number | undefined;
      let requestId: string | undefined;
      let headersMs: number | undefined;
      try {
        control.startHeadersTimer(this.config.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS);
        const response = await fetchSameOrigin(
          url,
          { method: attempt.method, headers, body: attempt.body, signal: control.signal },
          { fetch: this.config.fetch ?? fetch, secrets: this.secrets },
        );
        control.clearTimer();
        headersMs = performance.now() - t0;
        status = response.status;
        requestId = response.headers.get('request-id') ?? response.headers.get('x-request-id') ?? undefined;
        if (!response.ok) {
          const text = await readText(response, control, {
            maxBytes: MAX_ERROR_BODY_BYTES,
            overflow: 'cut',
          }).catch(() => '');
          throw errorFromResponse(text, { status, headers: response.headers, secrets: this.secrets });
        }
        const result = await handle({ response, control, state, requestId });
        this.log({
          ...base(attempt, n),
          status,
          requestId,
          outcome: 'ok',
          headersMs,
          durationMs: performance.now() - t0,
        });
        return result;
      } catch (err) {
        const error = control.toApiError(err, this.secrets, url);
        const retry = !state.replyStarted && !control.userAborted && shouldRetry(error, n, maxRetries);
        const delay = retry ? retryDelayMs(n, error.retryAfterMs) : undefined;
        this.log({
          ...base(attempt, n),
          status: status ?? error.status,
          requestId: requestId ?? error.requestId,
          outcome: retry ? 'retry' : 'error',
          errorKind: error.kind,
          retryInMs: delay,
          headersMs,
          durationMs: performance.now() - t0,
        });
        if (!retry || delay === undefined) throw error;
        attempt.onRetry?.(n, delay, error);
        try {
          await sleep(delay, signal);
        } catch (abortReason) {
          throw new ApiError({ kind: 'aborted', message: 'The request was cancelled', cause: abortReason });
        }
      } finally {
        control.dispose();
      }
    }
  }

  private log(entry: RequestLogEntry): void {
    try {
      this.config.onLog?.(entry);
    } catch {
      // A failing logger must not break a request.
    }
  }
}

function base(attempt: Attempt, n: number) {
  return { endpoint: attempt.path, method: attempt.method, model: attempt.model, attempt: n };
}

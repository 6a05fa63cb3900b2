// HTTP plumbing shared by both wire formats: a timeout to the response headers, cancellation by AbortSignal, and a
// body reader with watchdogs: one for silence (no bytes for too long), one for a stream that sends only keep-alives
// (no content for too long), and size caps on what it holds (docs/threat-model.md, R6).
import { ApiError } from './errors';
import { redact } from './redact';
import { NetworkSettingError } from '../net/networkFetch';
import { ProxyFailure, tlsFailure } from '../net/networkErrors';

export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 90_000;
/**
 * Longest wait for a content event (anything but pings and comments) once a stream is open. Anthropic pings every
 * few seconds while a server tool runs; minutes with nothing but pings mean the reply is stuck.
 */
export const DEFAULT_CONTENT_TIMEOUT_MS = 5 * 60_000;
/** A whole JSON reply (a Message, a model list, a token count): a long non-streamed reply is well under 1 MiB. */
export const MAX_JSON_BODY_BYTES = 8 * 1024 * 1024;
/** Enough of an error body to show; the rest of a runaway page is not downloaded. */
export const MAX_ERROR_BODY_BYTES = 256 * 1024;

class TimeoutReason extends Error {
  constructor(
    message: string,
    readonly phase: 'headers' | 'idle' | 'content',
  ) {
    super(message);
  }
}

/**
 * Calls `onQuiet` once `read()` has returned the same value for a whole period. It is read every quarter period
 * (no clock read or timer churn per chunk or event), so quiet is caught between 1 and 1.25 periods after the last
 * change. Returns the function that stops it.
 */
function watch(ms: number, read: () => number, onQuiet: () => void): () => void {
  const step = Math.max(1, Math.floor(ms / 4));
  let seen = read();
  let quietSteps = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    const now = read();
    if (now !== seen) {
      seen = now;
      quietSteps = 0;
    } else if (++quietSteps >= 4) {
      timer = undefined;
      return onQuiet();
    }
    timer = setTimeout(check, step);
  };
  timer = setTimeout(check, step);
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
}

/** One request's abort wiring: the caller's signal plus our own timers, behind one controller. */
export class RequestControl {
  readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopWatches: (() => void)[] = [];
  private activity = 0;
  private readonly onUserAbort = () => this.controller.abort(this.user?.reason);

  constructor(
    private readonly user: AbortSignal | undefined,
    /** Longest silence (no bytes at all) a body may have. */
    readonly idleTimeoutMs: number = DEFAULT_IDLE_TIMEOUT_MS,
  ) {
    if (user?.aborted) this.controller.abort(user.reason);
    else user?.addEventListener('abort', this.onUserAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get userAborted(): boolean {
    return this.user?.aborted === true;
  }

  startHeadersTimer(ms: number): void {
    this.clearTimer();
    this.timer = setTimeout(
      () => this.controller.abort(new TimeoutReason(`No response headers within ${ms / 1000} s`, 'headers')),
      ms,
    );
  }

  /** Arms the idle watchdog: `touch()` on every chunk only bumps a counter. */
  startIdleTimer(): void {
    const ms = this.idleTimeoutMs;
    this.stopWatches.push(
      watch(
        ms,
        () => this.activity,
        () =>
          this.controller.abort(
            new TimeoutReason(`The stream was silent for ${Math.round(ms / 1000)} s`, 'idle'),
          ),
      ),
    );
  }

  /**
   * Arms the content watchdog: the stream ends once `progress()` (which moves with every content event) stands
   * still for `ms`, however many bytes of keep-alives keep arriving.
   */
  watchContent(ms: number, progress: () => number): void {
    this.stopWatches.push(
      watch(ms, progress, () =>
        this.controller.abort(
          new TimeoutReason(
            `The endpoint sent no reply content for ${ms / 1000} s (only keep-alive comments or pings): the stream was stopped there.`,
            'content',
          ),
        ),
      ),
    );
  }

  touch(): void {
    this.activity++;
  }

  clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    for (const stop of this.stopWatches.splice(0)) stop();
  }

  dispose(): void {
    this.clearTimer();
    this.user?.removeEventListener('abort', this.onUserAbort);
  }

  /** Normalises whatever fetch or the body reader threw into an ApiError. */
  toApiError(err: unknown, secrets: readonly (string | undefined)[], url?: string): ApiError {
    if (err instanceof ApiError) return err;
    if (this.userAborted)
      return new ApiError({ kind: 'aborted', message: 'The request was cancelled', cause: err });
    const reason: unknown = this.controller.signal.aborted ? this.controller.signal.reason : undefined;
    if (reason instanceof TimeoutReason) {
      return new ApiError({
        // No content for minutes is, to the user, a reply that broke off: it is kept and can be continued.
        kind: reason.phase === 'content' ? 'truncated' : 'timeout',
        message: reason.message,
        retryable: reason.phase === 'headers',
      });
    }
    const known = networkProblem(err, url);
    if (known)
      return new ApiError({
        kind: 'network',
        message: redact(`${known.message} ${known.advice}`, secrets),
        // A refusing proxy or an untrusted certificate answers the same way on a retry.
        retryable: known.retryable,
        cause: err,
      });
    const e = err as { message?: string; cause?: { code?: string; message?: string } };
    const detail = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
    return new ApiError({
      kind: 'network',
      message: redact(`Could not reach the endpoint: ${detail}`, secrets),
      retryable: true,
      cause: err,
    });
  }
}

/** A failure at the proxy, a certificate problem or a bad network setting, in words (docs/threat-model.md, K7). */
function networkProblem(
  err: unknown,
  url: string | undefined,
): { message: string; advice: string; retryable: boolean } | undefined {
  const cause = (err as { cause?: unknown } | null)?.cause;
  for (const e of [err, cause]) {
    if (e instanceof ProxyFailure)
      return { message: e.message, advice: e.advice, retryable: e.problem === 'unreachable' };
    if (e instanceof NetworkSettingError) return { message: e.message, advice: '', retryable: false };
  }
  let host = 'The endpoint';
  try {
    if (url) host = new URL(url).host;
  } catch {
    /* keep the generic name */
  }
  const t = tlsFailure(err, host);
  return t && { message: t.detail, advice: t.advice, retryable: false };
}

const READ_SIZE = 64 * 1024;

/**
 * Reads the body chunk by chunk into `onChunk`, with the idle watchdog armed. A byte stream (fetch's network body)
 * is read in BYOB mode into one reused buffer: each read takes everything queued so far, so many small network
 * chunks cost one callback, not one each. `onChunk` must consume the bytes before returning.
 */
export async function readBody(
  response: Response,
  control: RequestControl,
  onChunk: (bytes: Uint8Array) => void,
): Promise<void> {
  const body = response.body;
  if (!body) return;
  let byob: ReadableStreamBYOBReader | undefined;
  try {
    byob = body.getReader({ mode: 'byob' });
  } catch {
    byob = undefined;
  }
  const reader = byob ?? body.getReader();
  control.startIdleTimer();
  try {
    if (byob) {
      let buffer = new ArrayBuffer(READ_SIZE);
      for (;;) {
        const { done, value } = await byob.read(new Uint8Array(buffer, 0, READ_SIZE));
        if (done || !value) return;
        control.touch();
        onChunk(value);
        buffer = value.buffer as ArrayBuffer;
      }
    } else {
      const plain = reader as ReadableStreamDefaultReader<Uint8Array>;
      for (;;) {
        const { done, value } = await plain.read();
        if (done) return;
        control.touch();
        onChunk(value);
      }
    }
  } catch (err) {
    // Stop the download (and free the connection) when a handler gave up on the stream.
    reader.cancel().catch(() => undefined);
    throw undecodable(err, response) ?? err;
  } finally {
    control.clearTimer();
    reader.releaseLock();
  }
}

/**
 * fetch decompresses by `content-encoding`; bytes that are not what the header says fail inside the body stream
 * with zlib's or brotli's error. That is the endpoint's fault, not the network's: say so, and do not retry it.
 */
function undecodable(err: unknown, response: Response): ApiError | undefined {
  const encoding = response.headers.get('content-encoding');
  if (!encoding) return undefined;
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (
      (typeof code === 'string' && /^(Z_|ERR_BROTLI|ERR__ERROR|ERR_ZSTD)/.test(code)) ||
      message === 'Decompression failed'
    ) {
      return new ApiError({
        kind: 'invalid_response',
        message: `The endpoint sent a body that could not be decompressed (${encoding}: ${String(message)}).`,
        status: response.status,
        cause: err,
      });
    }
    e = cause;
  }
  return undefined;
}

/** The error for a body over its cap. */
export function bodyTooLarge(response: Response, maxBytes: number): ApiError {
  const type = response.headers.get('content-type') || 'no content type';
  return new ApiError({
    kind: 'invalid_response',
    status: response.status,
    message: `The endpoint sent more than ${maxBytes / (1024 * 1024)} MiB for one reply (HTTP ${response.status}, ${type}); reading stopped there.`,
  });
}

export interface BodyLimit {
  maxBytes: number;
  /** 'cut': keep what fits and stop reading (an error page is shown, not downloaded); 'fail': an error. */
  overflow: 'cut' | 'fail';
}

class Full extends Error {}

/** Reads the whole body as text (error pages, JSON replies) under the same watchdog, up to `limit`. */
export async function readText(
  response: Response,
  control: RequestControl,
  limit: BodyLimit,
): Promise<string> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let total = 0;
  try {
    await readBody(response, control, (b) => {
      const room = limit.maxBytes - total;
      if (b.length > room) {
        if (limit.overflow === 'fail') throw bodyTooLarge(response, limit.maxBytes);
        parts.push(decoder.decode(b.subarray(0, room), { stream: true }));
        throw new Full();
      }
      parts.push(decoder.decode(b, { stream: true }));
      total += b.length;
    });
  } catch (err) {
    if (!(err instanceof Full)) throw err;
  }
  parts.push(decoder.decode());
  return parts.join('');
}

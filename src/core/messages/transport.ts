// HTTP plumbing shared by both wire formats: fetch with a timeout to the response headers, cancellation by
// AbortSignal, and a body reader with an idle watchdog (a stream silent for too long ends with a clear error).
import { ApiError, redact } from './errors';

export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 90_000;

class TimeoutReason extends Error {
  constructor(
    message: string,
    readonly phase: 'headers' | 'idle',
  ) {
    super(message);
  }
}

/** One request's abort wiring: the caller's signal plus our own timers, behind one controller. */
export class RequestControl {
  readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private activity = 0;
  private readonly onUserAbort = () => this.controller.abort(this.user?.reason);

  constructor(private readonly user: AbortSignal | undefined) {
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

  /**
   * Arms the idle watchdog. `touch()` on every chunk only bumps a counter (no clock read, no timer churn); a check
   * every quarter period sees whether it moved, so silence is caught between 1 and 1.25 periods after the last byte.
   */
  startIdleTimer(ms: number): void {
    this.clearTimer();
    const step = Math.max(1, Math.floor(ms / 4));
    let seen = this.activity;
    let quietSteps = 0;
    const check = () => {
      if (this.activity !== seen) {
        seen = this.activity;
        quietSteps = 0;
      } else if (++quietSteps >= 4) {
        this.controller.abort(
          new TimeoutReason(`The stream was silent for ${Math.round(ms / 1000)} s`, 'idle'),
        );
        return;
      }
      this.timer = setTimeout(check, step);
    };
    this.timer = setTimeout(check, step);
  }

  touch(): void {
    this.activity++;
  }

  clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.clearTimer();
    this.user?.removeEventListener('abort', this.onUserAbort);
  }

  /** Normalises whatever fetch or the body reader threw into an ApiError. */
  toApiError(err: unknown, secrets: readonly (string | undefined)[]): ApiError {
    if (err instanceof ApiError) return err;
    if (this.userAborted)
      return new ApiError({ kind: 'aborted', message: 'The request was cancelled', cause: err });
    const reason: unknown = this.controller.signal.aborted ? this.controller.signal.reason : undefined;
    if (reason instanceof TimeoutReason) {
      return new ApiError({
        kind: 'timeout',
        message: reason.message,
        retryable: reason.phase === 'headers',
      });
    }
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

/** Reads the body chunk by chunk into `onChunk`, with the idle watchdog armed. */
const READ_SIZE = 64 * 1024;

/**
 * Reads the body chunk by chunk into `onChunk`, with the idle watchdog armed. A byte stream (fetch's network body)
 * is read in BYOB mode into one reused buffer: each read takes everything queued so far, so many small network
 * chunks cost one callback, not one each. `onChunk` must consume the bytes before returning.
 */
export async function readBody(
  response: Response,
  control: RequestControl,
  idleTimeoutMs: number,
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
  control.startIdleTimer(idleTimeoutMs);
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
    throw err;
  } finally {
    control.clearTimer();
    reader.releaseLock();
  }
}

class BodyLimit extends Error {}

/**
 * Reads the whole body as text (error pages, JSON replies), under the same watchdog. With `maxBytes`, reading
 * stops there (the rest is cancelled): an error page is shown, not downloaded without end.
 */
export async function readText(
  response: Response,
  control: RequestControl,
  idleTimeoutMs: number,
  maxBytes = Infinity,
): Promise<string> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let total = 0;
  try {
    await readBody(response, control, idleTimeoutMs, (b) => {
      const room = maxBytes - total;
      parts.push(decoder.decode(b.length > room ? b.subarray(0, room) : b, { stream: true }));
      total += b.length;
      if (total >= maxBytes) throw new BodyLimit();
    });
  } catch (err) {
    if (!(err instanceof BodyLimit)) throw err;
  }
  parts.push(decoder.decode());
  return parts.join('');
}

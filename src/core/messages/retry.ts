// Retry policy as Anthropic's SDK applies it: connection errors, 408, 409, 429 and >= 500 are retried,
// `x-should-retry` overrides the status, `retry-after-ms` / `retry-after` are honoured when sane (under a minute),
// otherwise exponential backoff with jitter. Retries happen only before the first byte of a reply.

/** What the policy needs to know about a failure (an ApiError has it; errors.ts builds on this module, not back). */
export interface RetryFacts {
  retryable: boolean;
  retryAfterMs: number | undefined;
}

export const DEFAULT_MAX_RETRIES = 2;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
/** A server asking for longer than this is not waited on: the error is surfaced instead of a silent minute-long hang. */
export const MAX_RETRY_AFTER_MS = 60_000;

export function statusIsRetryable(status: number, headers?: Headers): boolean {
  const override = headers?.get('x-should-retry');
  if (override === 'true') return true;
  if (override === 'false') return false;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** Reads `retry-after-ms`, then `retry-after` (seconds or an HTTP date). Undefined when absent or unreadable. */
export function retryAfterFromHeaders(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const v = Number(ms);
    if (Number.isFinite(v) && v >= 0) return v;
  }
  const ra = headers.get('retry-after');
  if (ra !== null && ra.trim() !== '') {
    const secs = Number(ra);
    if (Number.isFinite(secs)) return secs >= 0 ? secs * 1000 : undefined;
    const date = Date.parse(ra);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  return undefined;
}

/**
 * The wait before retry number `attempt` (1-based). `retryAfterMs` from the server wins when it is within
 * [0, 60 s); otherwise min(0.5 s * 2^(attempt-1), 8 s) reduced by up to 25% jitter, like the SDK.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
) {
  if (retryAfterMs !== undefined && retryAfterMs >= 0 && retryAfterMs < MAX_RETRY_AFTER_MS)
    return retryAfterMs;
  const base = Math.min(INITIAL_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS);
  return Math.round(base * (1 - random() * 0.25));
}

/** Whether an error (already normalised) is worth another attempt. Spend limits and auth never are. */
export function shouldRetry(error: RetryFacts, attemptsMade: number, maxRetries: number): boolean {
  if (attemptsMade > maxRetries) return false;
  if (!error.retryable) return false;
  if (error.retryAfterMs !== undefined && error.retryAfterMs >= MAX_RETRY_AFTER_MS) return false;
  return true;
}

/** Sleeps, but wakes early with the abort reason when the signal fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

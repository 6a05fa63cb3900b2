import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/messages/errors';
import {
  retryAfterFromHeaders,
  retryDelayMs,
  shouldRetry,
  sleep,
  statusIsRetryable,
} from '../../../src/core/messages/retry';

describe('retry policy', () => {
  test('retryable statuses as the SDK: 408, 409, 429, >= 500', () => {
    for (const s of [408, 409, 429, 500, 502, 503, 504, 529])
      assert.equal(statusIsRetryable(s), true, String(s));
    for (const s of [400, 401, 403, 404, 413, 422]) assert.equal(statusIsRetryable(s), false, String(s));
  });

  test('x-should-retry overrides the status both ways', () => {
    assert.equal(statusIsRetryable(400, new Headers({ 'x-should-retry': 'true' })), true);
    assert.equal(statusIsRetryable(503, new Headers({ 'x-should-retry': 'false' })), false);
    assert.equal(statusIsRetryable(503, new Headers({ 'x-should-retry': 'maybe' })), true);
  });

  test('retry-after-ms wins over retry-after; seconds and dates are read', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterFromHeaders(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
    assert.equal(retryAfterFromHeaders(new Headers({ 'retry-after': '2' })), 2000);
    assert.equal(retryAfterFromHeaders(new Headers({ 'retry-after': '1.5' })), 1500);
    assert.equal(
      retryAfterFromHeaders(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT' }), now),
      3000,
    );
    assert.equal(
      retryAfterFromHeaders(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 23:00:00 GMT' }), now),
      0,
    );
    assert.equal(retryAfterFromHeaders(new Headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(retryAfterFromHeaders(new Headers()), undefined);
  });

  test('the server delay is used when under a minute, else exponential backoff with jitter, capped at 8 s', () => {
    assert.equal(retryDelayMs(1, 1234), 1234);
    assert.equal(retryDelayMs(1, 0), 0);
    const noJitter = () => 0;
    const fullJitter = () => 1;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => retryDelayMs(n, undefined, noJitter)),
      [500, 1000, 2000, 4000, 8000, 8000],
    );
    assert.deepEqual(
      [1, 2, 3].map((n) => retryDelayMs(n, undefined, fullJitter)),
      [375, 750, 1500],
    );
    assert.equal(retryDelayMs(1, 120_000, noJitter), 500, 'an insane retry-after falls back to backoff');
  });

  test('shouldRetry respects maxRetries, retryable and a long retry-after', () => {
    const e = (o: Partial<ConstructorParameters<typeof ApiError>[0]>) =>
      new ApiError({ kind: 'overloaded', message: 'x', retryable: true, ...o });
    assert.equal(shouldRetry(e({}), 1, 2), true);
    assert.equal(shouldRetry(e({}), 3, 2), false);
    assert.equal(shouldRetry(e({ retryable: false }), 1, 2), false);
    assert.equal(shouldRetry(e({ retryAfterMs: 61_000 }), 1, 2), false);
  });

  test('sleep wakes early on abort, and otherwise only when its time is up', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const c = new AbortController();
    let woke = false;
    const long = sleep(5000, c.signal).then(() => (woke = true));
    t.mock.timers.tick(4999);
    await Promise.resolve();
    assert.equal(woke, false);
    c.abort(new Error('stop'));
    await assert.rejects(long, /stop/);
    const short = sleep(100);
    t.mock.timers.tick(100);
    await short;
  });
});

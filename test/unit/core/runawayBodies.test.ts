// Nothing an endpoint sends can grow the client's memory without bound, and a stream of keep-alives alone does not
// run forever (docs/threat-model.md, R6). The local endpoint sends bodies and SSE lines that never end (they stop
// at a 64 MiB safety limit, so a client without a cap fails here instead of exhausting memory), and streams that
// send only comments or pings after a few events.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/messages/errors';
import { MAX_SSE_EVENT_BYTES } from '../../../src/core/messages/sseDecoder';
import { DEFAULT_CONTENT_TIMEOUT_MS, MAX_JSON_BODY_BYTES } from '../../../src/core/messages/transport';
import { ENDLESS_LIMIT_BYTES } from '../../support/endpoint/endless';
import type { Endpoint } from '../../support/endpoint/server';
import { ask, clientFor, rejection, until, useEndpoint } from './helpers';

const textOf = (m: { content: unknown[] } | undefined) =>
  ((m?.content ?? []) as { type: string; text?: string }[]).map((b) => b.text ?? '').join('');

/** The client stopped reading: it hung up long before the endpoint's safety limit. */
async function assertHungUp(ep: Endpoint): Promise<void> {
  const record = ep.requests[ep.requests.length - 1]!;
  await until(() => record.hungUp !== undefined);
  assert.equal(record.hungUp, true, 'the client hung up');
  assert.ok((record.sentBytes ?? 0) < ENDLESS_LIMIT_BYTES, `sent ${record.sentBytes}`);
}

describe('bodies that never end are cut off at a cap (R6)', () => {
  const h = useEndpoint();

  test('the caps: 8 MiB for a JSON reply, 4 MiB for one SSE event', () => {
    assert.equal(MAX_JSON_BODY_BYTES, 8 * 1024 * 1024);
    assert.equal(MAX_SSE_EVENT_BYTES, 4 * 1024 * 1024);
  });

  test('an endless HTTP 200 HTML page answering a stream ends with invalid_response at the cap', async () => {
    h.ep.setFault({ type: 'endless-body', body: 'html' }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.kind, 'invalid_response');
    assert.match(err.message, /more than 8 MiB .*text\/html/);
    assert.ok(err.message.length < 400);
    assert.equal(err.retryable, false);
    assert.equal(h.ep.requests.length, 1, 'not retried');
    await assertHungUp(h.ep);
  });

  test('an endless body with no content type (sniffed) ends at the cap', async () => {
    h.ep.setFault({ type: 'endless-body', body: 'untyped' }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'invalid_response', String(err));
    assert.match(err.message, /more than 8 MiB/);
    await assertHungUp(h.ep);
  });

  const whole = {
    create: (c: ReturnType<typeof clientFor>) => c.create(ask()),
    listModels: (c: ReturnType<typeof clientFor>) => c.listModels(),
    countTokens: (c: ReturnType<typeof clientFor>) => c.countTokens(ask()),
  };
  for (const [name, send] of Object.entries(whole)) {
    test(`${name}: an endless JSON reply ends with invalid_response at the cap`, async () => {
      h.ep.setFault({ type: 'endless-body', body: 'json' }, { times: 0 });
      const err = await rejection(send(clientFor(h.ep)));
      assert.ok(err instanceof ApiError && err.kind === 'invalid_response', String(err));
      assert.match(err.message, /more than 8 MiB .*application\/json/);
      assert.equal(h.ep.requests.length, 1, 'not retried');
      await assertHungUp(h.ep);
    });
  }

  const paths = {
    'the fast path': {},
    'the general path (onEvent)': { onEvent: () => undefined },
  };
  for (const [name, callbacks] of Object.entries(paths)) {
    test(`an SSE line that never ends, through ${name}: invalid_response at 4 MiB, the partial kept`, async () => {
      h.ep.script({ content: [{ type: 'text', text: 'Hello world' }], chunkSize: 5 });
      // message_start, ping, content_block_start, "Hello", then the line that never ends.
      h.ep.setFault({ type: 'endless-line', afterEvents: 4 });
      const err = await rejection(clientFor(h.ep).stream(ask(), callbacks));
      assert.ok(err instanceof ApiError, String(err));
      assert.equal(err.kind, 'invalid_response');
      assert.match(err.message, /an SSE event larger than 4 MiB/);
      assert.ok(err.message.length < 400);
      assert.equal(textOf(err.partial), 'Hello');
      await assertHungUp(h.ep);
    });
  }

  test('an SSE line that never ends in the chat-completions format ends at the cap too', async () => {
    h.ep.setFault({ type: 'endless-line', afterEvents: 2 });
    const err = await rejection(clientFor(h.ep, { apiFormat: 'chat-completions' }).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'invalid_response', String(err));
    assert.match(err.message, /an SSE event larger than 4 MiB/);
    assert.ok(!textOf(err.partial).includes('runaway'));
    await assertHungUp(h.ep);
  });
});

describe('a stream of keep-alives only ends after the content limit (R6)', () => {
  const h = useEndpoint();

  test('the default limit is 5 minutes', () => {
    assert.equal(DEFAULT_CONTENT_TIMEOUT_MS, 5 * 60_000);
  });

  for (const form of ['comment', 'ping'] as const) {
    test(`only ${form === 'comment' ? '": keepalive" comments' : 'ping events'} after the reply began: truncated, the partial kept`, async () => {
      h.ep.script({ content: [{ type: 'text', text: 'Hello world' }], chunkSize: 5 });
      h.ep.setFault({ type: 'keepalive', afterEvents: 4, form });
      const err = await rejection(clientFor(h.ep, { contentTimeoutMs: 200 }).stream(ask()));
      assert.ok(err instanceof ApiError, String(err));
      assert.equal(err.kind, 'truncated');
      assert.match(err.message, /no reply content for 0\.2 s/);
      assert.equal(textOf(err.partial), 'Hello');
      assert.equal(h.ep.requests.length, 1, 'not retried');
    });
  }

  test('keep-alives from the start, before any content, end the same way', async () => {
    h.ep.setFault({ type: 'keepalive', afterEvents: 0, form: 'ping' });
    const err = await rejection(clientFor(h.ep, { contentTimeoutMs: 200 }).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'truncated', String(err));
    assert.equal(err.partial, undefined);
    assert.equal(h.ep.requests.length, 1, 'not retried');
  });

  test('a stream longer than the limit whose events keep coming is not cut', async () => {
    const text = 'word '.repeat(36);
    // 60 deltas 15 ms apart: the stream outlasts the limit, no gap comes near it.
    h.ep.script({ content: [{ type: 'text', text }], chunkSize: 3, delayMs: 15 });
    const m = await clientFor(h.ep, { contentTimeoutMs: 500 }).stream(ask());
    assert.equal(textOf(m), text);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/messages/errors';
import type { RequestLogEntry } from '../../../src/core/messages/client';
import { ask, clientFor, KEY, rejection, useEndpoint } from './helpers';

const textOf = (m: { content: unknown[] } | undefined) =>
  ((m?.content ?? []) as { type: string; text?: string }[]).map((b) => b.text ?? '').join('');

describe('faults: retries before the first byte', () => {
  const h = useEndpoint();

  for (const status of [408, 409, 429, 500, 502, 503, 504, 529]) {
    test(`HTTP ${status} is retried (retry-after-ms honoured) and then succeeds`, async () => {
      h.ep.setFault({ type: 'status', status, retryAfterMs: 20 }, { times: 2 });
      h.ep.script('recovered');
      const retries: [number, number, string][] = [];
      const m = await clientFor(h.ep).stream(ask(), { onRetry: (n, d, e) => retries.push([n, d, e.kind]) });
      assert.equal(textOf(m), 'recovered');
      assert.equal(h.ep.requests.length, 3);
      assert.deepEqual(
        retries.map(([n, d]) => [n, d]),
        [
          [1, 20],
          [2, 20],
        ],
      );
    });
  }

  test('kinds per status: 429 rate_limit, 529 overloaded, 500 server, 502 gateway, 504 timeout', async () => {
    const cases: [number, string][] = [
      [429, 'rate_limit'],
      [529, 'overloaded'],
      [500, 'server'],
      [502, 'gateway'],
      [504, 'timeout'],
    ];
    for (const [status, kind] of cases) {
      h.ep.setFault({ type: 'status', status }, { times: 1 });
      const err = await rejection(clientFor(h.ep, { maxRetries: 0 }).stream(ask()));
      assert.ok(err instanceof ApiError);
      assert.equal(err.kind, kind, `status ${status}`);
      assert.equal(err.status, status);
      assert.equal(err.retryable, true);
    }
  });

  for (const status of [400, 401, 403, 404]) {
    test(`HTTP ${status} is not retried`, async () => {
      h.ep.setFault({ type: 'status', status }, { times: 0 });
      const err = await rejection(clientFor(h.ep).stream(ask()));
      assert.ok(err instanceof ApiError);
      assert.equal(err.status, status);
      assert.equal(err.retryable, false);
      assert.equal(h.ep.requests.length, 1);
    });
  }

  test('retry-after in seconds is honoured', async () => {
    h.ep.setFault({ type: 'status', status: 429, retryAfter: '0' }, { times: 1 });
    const delays: number[] = [];
    await clientFor(h.ep).stream(ask(), { onRetry: (_n, d) => delays.push(d) });
    assert.deepEqual(delays, [0]);
  });

  test('retry-after as an HTTP date is honoured', async () => {
    const date = new Date(Date.now() + 1500).toUTCString();
    h.ep.setFault({ type: 'status', status: 503, retryAfter: date }, { times: 1 });
    const delays: number[] = [];
    await clientFor(h.ep).stream(ask(), { onRetry: (_n, d) => delays.push(d) });
    assert.equal(delays.length, 1);
    assert.ok(delays[0]! > 0 && delays[0]! <= 1500, `delay ${delays[0]}`);
  });

  test('a retry-after beyond the cap surfaces the error instead of waiting', async () => {
    h.ep.setFault({ type: 'status', status: 429, retryAfter: '3600' }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'rate_limit');
    assert.equal(err.retryAfterMs, 3_600_000);
    assert.equal(h.ep.requests.length, 1);
  });

  test('x-should-retry: false stops a retryable status; true retries a 400', async () => {
    h.ep.setFault({ type: 'status', status: 503, shouldRetry: false }, { times: 0 });
    await rejection(clientFor(h.ep).stream(ask()));
    assert.equal(h.ep.requests.length, 1);
    h.ep.reset();
    h.ep.setFault({ type: 'status', status: 400, shouldRetry: true, retryAfterMs: 5 }, { times: 1 });
    await clientFor(h.ep).stream(ask());
    assert.equal(h.ep.requests.length, 2);
  });

  test('a spend-limit 429 is surfaced as billing without looping', async () => {
    h.ep.setFault(
      {
        type: 'status',
        status: 429,
        message: 'Your credit balance is too low to access the Anthropic API.',
        retryAfterMs: 5,
      },
      { times: 0 },
    );
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'billing');
    assert.equal(err.retryable, false);
    assert.equal(h.ep.requests.length, 1);
  });

  test('retries stop after maxRetries and the last error is thrown; onLog records each attempt', async () => {
    h.ep.setFault({ type: 'status', status: 529, retryAfterMs: 5 }, { times: 0 });
    const logs: RequestLogEntry[] = [];
    const err = await rejection(clientFor(h.ep, { maxRetries: 3 }, logs).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'overloaded');
    assert.equal(h.ep.requests.length, 4);
    assert.deepEqual(
      logs.map((l) => [l.attempt, l.outcome, l.status]),
      [
        [1, 'retry', 529],
        [2, 'retry', 529],
        [3, 'retry', 529],
        [4, 'error', 529],
      ],
    );
  });

  test('a gateway error body with HTTP 200 is an error (code, message, trace id) and is retried when transient', async () => {
    h.ep.setFault(
      { type: 'gateway-error', code: 'api_error', message: 'upstream exploded', traceId: 'trace-abc' },
      { times: 0 },
    );
    const err = await rejection(
      clientFor(h.ep, { maxRetries: 1 }).stream(ask(), { onRetry: () => undefined }),
    );
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 200);
    assert.equal(err.type, 'api_error');
    assert.equal(err.requestId, 'trace-abc');
    assert.match(err.message, /upstream exploded/);
    assert.equal(err.kind, 'server');
    assert.equal(h.ep.requests.length, 2);
  });

  test('a gateway auth error with HTTP 200 is kind auth and not retried', async () => {
    h.ep.setFault({ type: 'gateway-error', code: 'invalid_api_key', message: 'bad key' }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'auth' && !err.retryable);
    assert.equal(h.ep.requests.length, 1);
  });

  test('an HTML error page from a proxy is a gateway error with readable text', async () => {
    h.ep.setFault({ type: 'html', status: 502 }, { times: 0 });
    const err = await rejection(clientFor(h.ep, { maxRetries: 0 }).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'gateway');
    assert.match(err.message, /502 Bad Gateway/);
    assert.ok(!err.message.includes('<'));
  });

  test('an empty error body still yields a clear error', async () => {
    h.ep.setFault({ type: 'empty', status: 500 }, { times: 0 });
    const err = await rejection(clientFor(h.ep, { maxRetries: 0 }).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'server');
    assert.match(err.message, /empty body/);
  });

  test('a plain-text error body is shown', async () => {
    h.ep.setFault({ type: 'status', status: 403, body: 'Forbidden by corporate proxy' }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'permission');
    assert.match(err.message, /Forbidden by corporate proxy/);
  });

  test('a connection reset before the reply is a network error and is retried', async () => {
    h.ep.setFault({ type: 'reset' }, { times: 1 });
    h.ep.script('after reset');
    const kinds: string[] = [];
    const m = await clientFor(h.ep).stream(ask(), { onRetry: (_n, _d, e) => kinds.push(e.kind) });
    assert.equal(textOf(m), 'after reset');
    assert.deepEqual(kinds, ['network']);
  });

  test('nothing listening: network error, key not in the message', async () => {
    const err = await rejection(
      clientFor(h.ep, { baseUrl: 'http://127.0.0.1:1', maxRetries: 0 }).stream(ask()),
    );
    assert.ok(err instanceof ApiError && err.kind === 'network' && err.retryable);
    assert.ok(!err.message.includes(KEY));
  });
});

describe('faults after the reply started: no blind retry, the partial is kept', () => {
  const h = useEndpoint();

  test('a stream cut after N events is kind truncated with the partial message', async () => {
    h.ep.script({ content: [{ type: 'text', text: 'abcdefghijklmnopqrstuvwxyz' }], chunkSize: 4 });
    h.ep.setFault({ type: 'cut', afterEvents: 6 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'truncated');
    // message_start, ping, block start, 3 deltas
    assert.equal(textOf(err.partial), 'abcdefghijkl');
    assert.equal(h.ep.requests.length, 1, 'not retried');
  });

  test('a cut in the middle of an event (half a data line) is a truncation, not a JSON error', async () => {
    h.ep.script({ content: [{ type: 'text', text: 'abcdefghijklmnopqrstuvwxyz' }], chunkSize: 4 });
    h.ep.setFault({ type: 'cut', afterEvents: 6, midEvent: true });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'truncated');
    assert.equal(textOf(err.partial), 'abcdefghijkl');
  });

  test('a connection reset mid-stream is a truncation carrying the partial, not retried', async () => {
    h.ep.script({ content: [{ type: 'text', text: 'abcdefghijklmnopqrstuvwxyz' }], chunkSize: 4 });
    h.ep.setFault({ type: 'cut', afterEvents: 5, reset: true });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'truncated');
    assert.match(err.message, /connection dropped/);
    assert.equal(textOf(err.partial), 'abcdefgh');
    assert.equal(h.ep.requests.length, 1);
  });

  test('a final message_stop without its closing blank line still completes the reply', async () => {
    const events = [
      {
        type: 'message_start',
        message: {
          id: 'm1',
          type: 'message',
          role: 'assistant',
          model: 'x',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 1, output_tokens: 1 },
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'done' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 2 },
      },
      { type: 'message_stop' },
    ];
    const raw = events
      .map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`)
      .join('')
      .slice(0, -1);
    h.ep.script({ raw });
    const m = await clientFor(h.ep).stream(ask());
    assert.equal(textOf(m), 'done');
  });

  test('a cut inside a tool call keeps the raw partial JSON', async () => {
    h.ep.script({
      content: [{ type: 'tool_use', name: 'run', input: { command: 'npm test -- --watch=false' } }],
    });
    h.ep.setFault({ type: 'cut', afterEvents: 6 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'truncated');
    const block = err.partial!.content[0] as Record<string, unknown>;
    assert.equal(block.type, 'tool_use');
    assert.equal(block.incomplete, true);
    assert.ok(
      typeof block.partial_json === 'string' &&
        '{"command":"npm test -- --watch=false"}'.startsWith(block.partial_json),
    );
  });

  test('an error event mid-stream rejects with its type and keeps the partial', async () => {
    h.ep.script({ content: [{ type: 'text', text: 'partial answer here' }], chunkSize: 5 });
    h.ep.setFault({
      type: 'error-event',
      afterEvents: 5,
      errorType: 'overloaded_error',
      message: 'Overloaded',
    });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'overloaded');
    assert.equal(err.type, 'overloaded_error');
    assert.equal(textOf(err.partial), 'partial an');
    assert.match(err.requestId ?? '', /^req_/);
    assert.equal(h.ep.requests.length, 1);
  });

  test('an error event before any content (right after message_start) is retried', async () => {
    h.ep.setFault({ type: 'error-event', afterEvents: 1, errorType: 'overloaded_error' }, { times: 1 });
    h.ep.script(
      { content: [{ type: 'text', text: 'first' }] },
      { content: [{ type: 'text', text: 'second' }] },
    );
    const m = await clientFor(h.ep).stream(ask(), { onRetry: () => undefined });
    assert.equal(textOf(m), 'second');
    assert.equal(h.ep.requests.length, 2);
  });

  test('a stalled stream ends with a timeout from the idle watchdog, keeping the partial', async () => {
    h.ep.script({ content: [{ type: 'text', text: 'slow words here' }], chunkSize: 5 });
    h.ep.setFault({ type: 'stall', afterEvents: 4 });
    const started = Date.now();
    const err = await rejection(clientFor(h.ep, { idleTimeoutMs: 300 }).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'timeout');
    assert.match(err.message, /silent/);
    assert.equal(textOf(err.partial), 'slow ');
    assert.ok(Date.now() - started >= 290);
    assert.equal(h.ep.requests.length, 1);
  });

  test('a slow but steady stream is not killed by the idle watchdog', async () => {
    h.ep.script({ content: [{ type: 'text', text: 'a'.repeat(40) }], chunkSize: 4, delayMs: 60 });
    const m = await clientFor(h.ep, { idleTimeoutMs: 200 }).stream(ask());
    assert.equal(textOf(m), 'a'.repeat(40));
  });

  test('headers that never come hit the headers timeout, which is retried', async () => {
    h.ep.setFault({ type: 'hang' }, { times: 1 });
    h.ep.script('finally');
    const kinds: string[] = [];
    const client = clientFor(h.ep, { headersTimeoutMs: 200 });
    const m = await client.stream(ask(), { onRetry: (_n, _d, e) => kinds.push(`${e.kind}:${e.message}`) });
    assert.equal(textOf(m), 'finally');
    assert.equal(kinds.length, 1);
    assert.match(kinds[0]!, /^timeout:No response headers/);
  });
});

describe('error bodies', () => {
  const h = useEndpoint();
  test('a huge error page is read only up to a cap and still yields a clear error', async () => {
    h.ep.setFault(
      { type: 'status', status: 400, body: `Bad request: ${'x'.repeat(2_000_000)}` },
      { times: 0 },
    );
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'invalid_request');
    assert.match(err.message, /Bad request: x+…$/);
    assert.ok(err.message.length < 400);
  });

  test('an endless error body is cut off at the cap instead of being read forever', async () => {
    h.ep.setFault({ type: 'status', status: 403, endless: true }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'permission');
    assert.match(err.message, /runaway error page/);
  });
});

describe('bodies without the SSE content type', () => {
  const h = useEndpoint();
  const sse = [
    {
      type: 'message_start',
      message: {
        id: 'm',
        type: 'message',
        role: 'assistant',
        model: 'x',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'sniffed' } },
    { type: 'content_block_stop', index: 0 },
    {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 1 },
    },
    { type: 'message_stop' },
  ]
    .map((e) => `data: ${JSON.stringify(e)}\n\n`)
    .join('');

  test('an SSE body labelled text/plain is still streamed', async () => {
    h.ep.script({ raw: `\n${sse}`, contentType: 'text/plain', splits: [1, 5] });
    let streamed = '';
    const m = await clientFor(h.ep).stream(ask(), { onText: (d) => (streamed += d) });
    assert.equal(textOf(m), 'sniffed');
    assert.equal(streamed, 'sniffed');
  });

  test('a gateway error body labelled text/plain with HTTP 200 is an error, not a truncation', async () => {
    const body = JSON.stringify({
      success: false,
      error: { code: 'invalid_api_key', message: 'key revoked' },
      trace_id: 't-1',
    });
    h.ep.script({ raw: body, contentType: 'text/plain' });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'auth');
    assert.equal(err.requestId, 't-1');
    assert.match(err.message, /key revoked/);
  });

  test('a non-streamed Message answering a streaming request is played through the callbacks', async () => {
    const message = {
      id: 'msg_x',
      type: 'message',
      role: 'assistant',
      model: 'x',
      content: [{ type: 'text', text: 'whole' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 3, output_tokens: 1 },
    };
    h.ep.script({ raw: JSON.stringify(message), contentType: 'application/json' });
    const stops: string[] = [];
    let streamed = '';
    const m = await clientFor(h.ep).stream(ask(), {
      onBlockStop: (b) => stops.push(b.type),
      onText: (d) => (streamed += d),
    });
    assert.equal(textOf(m), 'whole');
    assert.equal(streamed, 'whole');
    assert.deepEqual(stops, ['text']);
    assert.deepEqual(JSON.parse(JSON.stringify(m)), message);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/messages/errors';
import type { ResponseContentBlock } from '../../../src/core/messages/schema';
import type { RequestLogEntry } from '../../../src/core/messages/client';
import { ask, clientFor, KEY, rejection, useEndpoint } from './helpers';

describe('MessagesClient.stream against the local endpoint', () => {
  const h = useEndpoint();

  test('streams text with callbacks in order and returns the final message', async () => {
    h.ep.script({
      content: [{ type: 'text', text: 'Hello there, this is a longer reply split in pieces.' }],
      chunkSize: 5,
    });
    const seen: string[] = [];
    let text = '';
    const message = await clientFor(h.ep).stream(ask(), {
      onMessageStart: (m) => seen.push(`start:${m.role}`),
      onBlockStart: (b, i) => seen.push(`block:${b.type}:${i}`),
      onText: (d, i) => {
        assert.equal(i, 0);
        text += d;
      },
      onBlockStop: (b, i) => seen.push(`stop:${b.type}:${i}`),
      onUsage: (u) => seen.push(`usage:${u.output_tokens}`),
    });
    assert.equal(text, 'Hello there, this is a longer reply split in pieces.');
    assert.deepEqual(message.content, [{ type: 'text', text }]);
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.role, 'assistant');
    assert.match(message.id, /^msg_/);
    assert.deepEqual(seen, [
      'start:assistant',
      'block:text:0',
      'stop:text:0',
      `usage:${message.usage.output_tokens}`,
    ]);
  });

  test('thinking with signature, then text, then a tool_use whose JSON is split awkwardly', async () => {
    const input = { path: 'src/a "quoted" ü file.ts', lines: [1, 22, 333], nested: { ok: true, nil: null } };
    h.ep.script({
      content: [
        { type: 'thinking', thinking: 'Let me think about this carefully.' },
        { type: 'text', text: 'I will read the file.' },
        { type: 'tool_use', name: 'read_file', input, id: 'toolu_01' },
      ],
      chunkSize: 3,
    });
    let thinking = '';
    const previews: string[] = [];
    const stops: ResponseContentBlock[] = [];
    const m = await clientFor(h.ep).stream(
      ask('go', { thinking: { type: 'enabled', budget_tokens: 1024 } }),
      {
        onThinking: (d) => (thinking += d),
        onToolInputPreview: (p, i) => {
          assert.equal(i, 2);
          previews.push(p);
        },
        onBlockStop: (b) => stops.push(b),
      },
    );
    assert.equal(thinking, 'Let me think about this carefully.');
    assert.equal(m.content.length, 3);
    const [t, x, u] = m.content as Record<string, unknown>[];
    assert.equal(t!.type, 'thinking');
    assert.equal(typeof t!.signature, 'string');
    assert.ok((t!.signature as string).length > 10);
    assert.equal(x!.text, 'I will read the file.');
    assert.deepEqual(u, { type: 'tool_use', id: 'toolu_01', name: 'read_file', input });
    assert.ok(previews.length > 5, 'the JSON arrived in many pieces');
    assert.deepEqual(JSON.parse(previews.join('')), input);
    assert.equal(m.stop_reason, 'tool_use');
    assert.deepEqual(
      stops.map((b) => b.type),
      ['thinking', 'text', 'tool_use'],
    );
  });

  test('sends the configured headers: version, beta, extra headers, x-api-key', async () => {
    h.ep.script('ok');
    await clientFor(h.ep, {
      anthropicVersion: '2023-06-01',
      anthropicBeta: ['prompt-caching-2024-07-31', 'output-128k-2025-02-19'],
      extraHeaders: { 'X-Gateway-Team': 'blue', 'x-api-key': 'must-not-override' },
      userAgent: 'claude-messages-test/1.0',
    }).stream(ask());
    const r = h.ep.requests[0]!;
    assert.equal(r.headers['anthropic-version'], '2023-06-01');
    assert.equal(r.headers['anthropic-beta'], 'prompt-caching-2024-07-31,output-128k-2025-02-19');
    assert.equal(r.headers['x-gateway-team'], 'blue');
    assert.equal(r.headers['x-api-key'], KEY);
    assert.equal(r.headers.authorization, undefined);
    assert.equal(r.headers['user-agent'], 'claude-messages-test/1.0');
    assert.equal((r.body as { stream: boolean }).stream, true);
  });

  test('bearer auth sends Authorization and no x-api-key; an endpoint that wants bearer accepts it', async () => {
    h.ep.configure({ auth: 'bearer' });
    h.ep.script('ok');
    const m = await clientFor(h.ep, { authHeader: 'bearer' }).stream(ask());
    assert.equal((m.content[0] as { text: string }).text, 'ok');
    const r = h.ep.requests[0]!;
    assert.equal(r.headers.authorization, `Bearer ${KEY}`);
    assert.equal(r.headers['x-api-key'], undefined);
  });

  test('a bearer-only endpoint rejects x-api-key with an auth error that never contains the key', async () => {
    h.ep.configure({ auth: 'bearer' });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'auth');
    assert.equal(err.status, 401);
    assert.equal(err.type, 'authentication_error');
    assert.equal(err.retryable, false);
    assert.match(err.requestId ?? '', /^req_/);
    assert.ok(!err.message.includes(KEY));
    assert.equal(h.ep.requests.length, 1, '401 is not retried');
  });

  test('a wrong key yields kind auth', async () => {
    const err = await rejection(clientFor(h.ep, { apiKey: 'sk-wrong-key-abcdef' }).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'auth');
    assert.ok(!err.message.includes('sk-wrong-key-abcdef'));
  });

  test('the default reply echoes the user text and carries a fenced code block', async () => {
    let streamed = '';
    const m = await clientFor(h.ep).stream(ask('Please explain closures'), {
      onText: (d) => (streamed += d),
    });
    const text = (m.content[0] as { text: string }).text;
    assert.equal(streamed, text);
    assert.match(text, /> Please explain closures/);
    assert.match(text, /```ts\n[\s\S]+\n```/);
    assert.match(text, /local stand-in endpoint/);
  });

  test('the default reply calls a tool the user names, with input from its schema', async () => {
    const tools = [
      {
        name: 'read_file',
        description: 'Read',
        input_schema: {
          type: 'object' as const,
          properties: { path: { type: 'string' } },
          required: ['path'],
        },
      },
    ];
    const m = await clientFor(h.ep).stream(ask('use read_file please', { tools }));
    const tu = m.content.find((b) => b.type === 'tool_use') as { name: string; input: unknown } | undefined;
    assert.ok(tu);
    assert.equal(tu.name, 'read_file');
    assert.deepEqual(tu.input, { path: 'README.md' });
    assert.equal(m.stop_reason, 'tool_use');
  });

  test('abort mid-stream rejects with kind aborted carrying the partial reply', async () => {
    h.ep.script({ content: [{ type: 'text', text: 'x'.repeat(400) }], chunkSize: 10, delayMs: 15 });
    const controller = new AbortController();
    let chars = 0;
    const err = await rejection(
      clientFor(h.ep).stream(
        ask(),
        {
          onText: (d) => {
            chars += d.length;
            if (chars >= 50) controller.abort();
          },
        },
        controller.signal,
      ),
    );
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'aborted');
    const partial = err.partial!;
    assert.ok(partial, 'partial kept');
    const text = (partial.content[0] as { text: string }).text;
    assert.ok(text.length >= 50 && text.length < 400, `partial has ${text.length} chars`);
  });

  test('an already-aborted signal rejects with kind aborted and sends nothing', async () => {
    const err = await rejection(clientFor(h.ep).stream(ask(), {}, AbortSignal.abort()));
    assert.ok(err instanceof ApiError && err.kind === 'aborted');
    assert.equal(h.ep.requests.length, 0);
  });

  test('onLog receives structured records without key or content', async () => {
    const logs: RequestLogEntry[] = [];
    h.ep.script('secret reply content');
    await clientFor(h.ep, {}, logs).stream(ask('secret prompt'));
    assert.equal(logs.length, 1);
    const entry = logs[0]!;
    assert.equal(entry.endpoint, '/v1/messages');
    assert.equal(entry.model, 'claude-sonnet-4-5');
    assert.equal(entry.status, 200);
    assert.equal(entry.outcome, 'ok');
    assert.match(entry.requestId ?? '', /^req_/);
    assert.ok(entry.durationMs >= 0 && (entry.headersMs ?? -1) >= 0);
    const text = JSON.stringify(logs);
    for (const secret of [KEY, 'secret reply', 'secret prompt']) assert.ok(!text.includes(secret));
  });

  test('create() returns a non-streamed Message', async () => {
    h.ep.script({
      content: [
        { type: 'text', text: 'plain' },
        { type: 'tool_use', name: 't', input: { a: 1 }, id: 'toolu_x' },
      ],
    });
    const m = await clientFor(h.ep).create(ask());
    assert.equal((h.ep.requests[0]!.body as { stream: boolean }).stream, false);
    assert.deepEqual(m.content, [
      { type: 'text', text: 'plain' },
      { type: 'tool_use', id: 'toolu_x', name: 't', input: { a: 1 } },
    ]);
    assert.equal(m.stop_reason, 'tool_use');
  });

  test('a baseUrl ending in /v1 or a slash still reaches /v1/messages', async () => {
    h.ep.script('a', 'b');
    await clientFor(h.ep, { baseUrl: `${h.ep.url}/v1/` }).stream(ask());
    await clientFor(h.ep, { baseUrl: `${h.ep.url}/` }).stream(ask());
    assert.deepEqual(
      h.ep.requests.map((r) => r.path),
      ['/v1/messages', '/v1/messages'],
    );
  });
});

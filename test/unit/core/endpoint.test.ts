import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { ApiError } from '../../../src/core/messages/errors';
import type { MessagesRequest } from '../../../src/core/messages/schema';
import { ask, clientFor, KEY, rejection, useEndpoint } from './helpers';

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

describe('local endpoint: checks like the real API', () => {
  const h = useEndpoint();
  const v = { 'anthropic-version': '2023-06-01', 'x-api-key': KEY };

  test("a missing key gets 401 with Anthropic's authentication_error body", async () => {
    const r = await post(`${h.ep.url}/v1/messages`, ask(), { 'anthropic-version': '2023-06-01' });
    assert.equal(r.status, 401);
    assert.deepEqual((r.json.error as Record<string, unknown>).type, 'authentication_error');
    assert.equal(r.json.type, 'error');
    assert.match(String(r.json.request_id), /^req_/);
  });

  test('a missing anthropic-version is a 400', async () => {
    const r = await post(`${h.ep.url}/v1/messages`, ask(), { 'x-api-key': KEY });
    assert.equal(r.status, 400);
    assert.match(String((r.json.error as Record<string, unknown>).message), /anthropic-version/);
  });

  test('tool_use without tool_result in the next message is rejected like the API', async () => {
    const body: MessagesRequest = {
      model: 'm',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'x', input: {} }] },
        { role: 'user', content: 'no result' },
      ],
    };
    const r = await post(`${h.ep.url}/v1/messages`, body, v);
    assert.equal(r.status, 400);
    assert.match(
      String((r.json.error as Record<string, unknown>).message),
      /`tool_use` ids were found without `tool_result`.*toolu_1/,
    );
  });

  test('with thinking on, a tool loop turn must pass the thinking block back, intact', async () => {
    const client = clientFor(h.ep);
    const tools = [
      {
        name: 'read_file',
        input_schema: { type: 'object' as const, properties: { path: { type: 'string' } } },
      },
    ];
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    h.ep.script({
      content: [
        { type: 'thinking', thinking: 'plan' },
        { type: 'tool_use', name: 'read_file', input: { path: 'a' }, id: 'toolu_t' },
      ],
    });
    const first = await client.stream(ask('read a', { tools, thinking }));
    const result = {
      role: 'user' as const,
      content: [{ type: 'tool_result' as const, tool_use_id: 'toolu_t', content: 'file body' }],
    };
    // Passing the blocks back unchanged works, and the default reply reports the tool result.
    const ok = await client.stream({
      ...ask('read a', { tools, thinking }),
      messages: [ask('read a').messages[0]!, { role: 'assistant', content: first.content as never }, result],
    });
    assert.match(
      (ok.content.find((b) => b.type === 'text') as { text: string }).text,
      /returned 9 characters/,
    );
    // Dropping the thinking block is rejected.
    const withoutThinking = first.content.filter((b) => b.type !== 'thinking');
    const e1 = await rejection(
      client.stream({
        ...ask('', { tools, thinking }),
        messages: [
          ask('read a').messages[0]!,
          { role: 'assistant', content: withoutThinking as never },
          result,
        ],
      }),
    );
    assert.ok(e1 instanceof ApiError && e1.status === 400);
    assert.match(e1.message, /Expected `thinking` or `redacted_thinking`/);
    // A tampered thinking block fails its signature.
    const tampered = first.content.map((b) => (b.type === 'thinking' ? { ...b, thinking: 'edited' } : b));
    const e2 = await rejection(
      client.stream({
        ...ask('', { tools, thinking }),
        messages: [ask('read a').messages[0]!, { role: 'assistant', content: tampered as never }, result],
      }),
    );
    assert.ok(e2 instanceof ApiError && e2.kind === 'invalid_request');
    assert.match(e2.message, /Invalid `signature`/);
  });

  test('cache usage: creation on the first turn with cache_control, read on the next turn with the same prefix', async () => {
    const client = clientFor(h.ep);
    const system = [
      {
        type: 'text' as const,
        text: 'You are a careful assistant. '.repeat(40),
        cache_control: { type: 'ephemeral' as const },
      },
    ];
    const first = await client.stream(ask('first question', { system }));
    assert.ok((first.usage.cache_creation_input_tokens ?? 0) > 200);
    assert.equal(first.usage.cache_read_input_tokens, 0);
    const second = await client.stream({
      ...ask('x', { system }),
      messages: [
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'answer' },
        {
          role: 'user',
          content: [{ type: 'text', text: 'follow-up', cache_control: { type: 'ephemeral' } }],
        },
      ],
    });
    assert.equal(second.usage.cache_read_input_tokens, first.usage.cache_creation_input_tokens);
    assert.ok((second.usage.cache_creation_input_tokens ?? 0) > 0, 'the new turn is written');
    const none = await client.stream(ask('no cache here'));
    assert.equal(none.usage.cache_read_input_tokens, 0);
    assert.equal(none.usage.cache_creation_input_tokens, 0);
  });

  test('listModels follows pages; countTokens returns a number', async () => {
    h.ep.configure({ models: Array.from({ length: 250 }, (_, i) => `model-${i}`) });
    const client = clientFor(h.ep);
    const models = await client.listModels();
    assert.equal(models.length, 250);
    assert.equal(models[249]!.id, 'model-249');
    const pages = h.ep.requests.filter((r) => r.path === '/v1/models');
    assert.equal(pages.length, 3);
    assert.equal(pages[1]!.query.after_id, 'model-99');
    const n = await client.countTokens({
      model: 'm',
      messages: [{ role: 'user', content: 'count these tokens please' }],
    });
    assert.ok(n > 0);
    const sent = h.ep.requests.at(-1)!;
    assert.equal(sent.path, '/v1/messages/count_tokens');
    assert.equal((sent.body as Record<string, unknown>).max_tokens, undefined);
  });

  test('a scripted raw reply is written byte for byte in the given pieces', async () => {
    const raw =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"r","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}}\n\nevent: message_stop\ndata: {"type":"message_stop"}\n\n';
    h.ep.script({ raw, splits: [3, 10, 1, 50] });
    const r = await fetch(`${h.ep.url}/v1/messages`, {
      method: 'POST',
      headers: { ...v, 'content-type': 'application/json' },
      body: JSON.stringify(ask()),
    });
    assert.equal(await r.text(), raw);
  });
});

describe('local endpoint: control API over HTTP', () => {
  const h = useEndpoint();

  test('script, fault, requests and reset from another process', async () => {
    const c = `${h.ep.url}/__control`;
    assert.deepEqual((await (await fetch(`${c}/health`)).json()) as unknown, {
      ok: true,
      endpoint: 'claude-messages local stand-in',
      queued: 0,
      framesWritten: 0,
    });
    await post(`${c}/script`, { replies: ['from control', { content: [{ type: 'text', text: 'second' }] }] });
    await post(`${c}/fault`, { fault: { type: 'status', status: 529, retryAfterMs: 1 }, times: 1 });
    const client = clientFor(h.ep);
    const m = await client.stream(ask('hello from e2e'));
    assert.equal((m.content[0] as { text: string }).text, 'from control');
    const health = (await (await fetch(`${c}/health`)).json()) as { framesWritten: number };
    assert.ok(
      health.framesWritten >= 5,
      'the stream written so far is counted (e2e tests follow a reply by it)',
    );
    const recorded = (await (await fetch(`${c}/requests`)).json()) as {
      requests: { path: string; status: number; body: MessagesRequest }[];
    };
    assert.deepEqual(
      recorded.requests.map((r) => r.status),
      [529, 200],
    );
    assert.equal(recorded.requests[1]!.body.messages[0]!.content, 'hello from e2e');
    await post(`${c}/configure`, { apiKey: 'other-key' });
    await assert.rejects(client.stream(ask()), (e: unknown) => e instanceof ApiError && e.kind === 'auth');
    await post(`${c}/reset`, {});
    assert.equal(
      ((await (await fetch(`${c}/requests`)).json()) as { requests: unknown[] }).requests.length,
      0,
    );
  });
});

describe('local endpoint CLI', () => {
  test('prints ENDPOINT_URL, labels itself on stderr, serves, and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/support/endpoint/cli.ts', '--port', '0', '--delay', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    try {
      const match = /^ENDPOINT_URL=(http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      assert.ok(match, line);
      const client = clientFor({ url: match[1]! } as never, { apiKey: undefined });
      const m = await client.stream(ask('cli test'));
      assert.match((m.content[0] as { text: string }).text, /> cli test/);
      assert.match(stderr, /LOCAL STAND-IN endpoint/);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('countTokens with thinking', () => {
  const h = useEndpoint();
  test('a request with a thinking budget and no max_tokens is counted', async () => {
    const n = await clientFor(h.ep).countTokens({
      model: 'm',
      messages: [{ role: 'user', content: 'think about this' }],
      thinking: { type: 'enabled', budget_tokens: 2048 },
    });
    assert.ok(n > 0);
    const body = h.ep.requests[0]!.body as Record<string, unknown>;
    assert.deepEqual(body.thinking, { type: 'enabled', budget_tokens: 2048 });
    assert.equal(body.max_tokens, undefined);
  });
});

describe('local endpoint reset', () => {
  const h = useEndpoint();
  test('reset restores the starting options and clears script, fault and requests', async () => {
    h.ep.configure({ models: ['only-one'], apiKey: 'changed-key' });
    h.ep.script('queued');
    h.ep.setFault({ type: 'status', status: 500 }, { times: 0 });
    h.ep.reset();
    const client = clientFor(h.ep);
    const models = await client.listModels();
    assert.ok(models.length > 1, 'default model list again');
    const m = await client.stream(ask('after reset'));
    assert.match(
      (m.content[0] as { text: string }).text,
      /> after reset/,
      'default reply, not the queued one',
    );
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countableBlocks, TokenCounter } from '../../../src/core/lm/tokenCounter';
import {
  IMAGE_TOKENS,
  requestTokens,
  textTokens,
  TokenEstimator,
  TOOL_PROMPT_TOKENS,
} from '../../../src/core/lm/tokenEstimate';
import { ApiError } from '../../../src/core/messages/errors';
import type { RequestContentBlock } from '../../../src/core/messages/schema';
import { clientFor, rejection, useEndpoint } from '../core/helpers';

const text = (t: string): RequestContentBlock => ({ type: 'text', text: t });
const MODEL = 'claude-sonnet-4-5';

describe('the local estimate', () => {
  test('ASCII at 3.5 characters per token, other characters one each, a surrogate pair once', () => {
    assert.equal(textTokens(''), 0);
    assert.equal(textTokens('a'.repeat(35)), 10);
    assert.equal(textTokens('日本語'), 3);
    assert.equal(textTokens('😀'), 1);
    assert.equal(textTokens('ab😀'), Math.ceil(2 / 3.5 + 1));
  });

  test('a request counts its system prompt, tools (with the tool-use prompt), messages and images', () => {
    const base = requestTokens({
      model: MODEL,
      max_tokens: 10,
      messages: [{ role: 'user', content: 'x'.repeat(70) }],
    });
    const withImage = requestTokens({
      model: MODEL,
      max_tokens: 10,
      messages: [
        {
          role: 'user',
          content: [
            text('x'.repeat(70)),
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
      ],
    });
    assert.equal(withImage - base, IMAGE_TOKENS);
    const withTools = requestTokens({
      model: MODEL,
      max_tokens: 10,
      system: 'y'.repeat(35),
      tools: [{ name: 't', input_schema: { type: 'object' } }],
      messages: [{ role: 'user', content: 'x'.repeat(70) }],
    });
    assert.ok(withTools - base > TOOL_PROMPT_TOKENS + 10, `${withTools} vs ${base}`);
  });

  test('the estimator learns the ratio the endpoint reports, smoothly, within bounds, not from tiny samples', () => {
    const e = new TokenEstimator();
    assert.equal(e.estimate('k', 100), 100);
    e.observe('k', 100, 150);
    assert.equal(e.estimate('k', 100), 150);
    e.observe('k', 100, 50);
    assert.equal(e.ratio('k'), 1.5 + 0.3 * (0.5 - 1.5));
    e.observe('k', 5, 500); // too small to learn from
    assert.equal(e.ratio('k'), 1.2);
    e.observe('other', 100, 100_000);
    assert.equal(e.ratio('other'), 4);
    assert.equal(e.ratio('k'), 1.2, 'models learn separately');
    assert.equal(e.estimate('k', 0), 0);
  });
});

describe('countableBlocks', () => {
  test('text and images as they are, tool calls and results as their content; unsendable data is left out', () => {
    const png = new Uint8Array([1, 2, 3]);
    const blocks = countableBlocks({
      role: 'assistant',
      parts: [
        { type: 'text', text: 'Calling.' },
        { type: 'toolCall', callId: 'c', name: 'read_file', input: { path: 'a' } },
        { type: 'data', mimeType: 'image/png', data: png },
        { type: 'data', mimeType: 'audio/wav', data: png },
        { type: 'other', kind: 'thinking' },
      ],
    });
    assert.deepEqual(blocks, [
      text('Calling.'),
      text('read_file {"path":"a"}'),
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AQID' } },
    ]);
    assert.deepEqual(
      countableBlocks({
        role: 'user',
        parts: [{ type: 'toolResult', callId: 'c', content: [{ type: 'text', text: 'out' }] }],
      }),
      [text('out')],
    );
  });
});

describe('TokenCounter against the local endpoint', () => {
  const h = useEndpoint();
  const counts = () => h.ep.requests.filter((r) => r.path === '/v1/messages/count_tokens').length;

  test('asks count_tokens once per content and model, then answers from the cache', async () => {
    const counter = new TokenCounter();
    const client = clientFor(h.ep);
    const first = await counter.count({
      endpoint: 'A',
      model: MODEL,
      blocks: [text('Hello there, world')],
      client,
    });
    assert.equal(first.source, 'endpoint');
    assert.ok(first.tokens > 0);
    const sent = h.ep.requests.find((r) => r.path === '/v1/messages/count_tokens')!;
    assert.deepEqual(sent.body, {
      model: MODEL,
      messages: [{ role: 'user', content: [text('Hello there, world')] }],
    });
    const again = await counter.count({
      endpoint: 'A',
      model: MODEL,
      blocks: [text('Hello there, world')],
      client,
    });
    assert.deepEqual(again, { tokens: first.tokens, source: 'cache' });
    assert.equal(counts(), 1);
    await counter.count({
      endpoint: 'A',
      model: 'claude-opus-4-1',
      blocks: [text('Hello there, world')],
      client,
    });
    await counter.count({ endpoint: 'A', model: MODEL, blocks: [text('Something else')], client });
    assert.equal(counts(), 3);
  });

  test('the same content counted twice at once is one request', async () => {
    const counter = new TokenCounter();
    const client = clientFor(h.ep);
    const blocks = [text('concurrent')];
    const [a, b] = await Promise.all([
      counter.count({ endpoint: 'A', model: MODEL, blocks, client }),
      counter.count({ endpoint: 'A', model: MODEL, blocks, client }),
    ]);
    assert.equal(a.tokens, b.tokens);
    assert.equal(counts(), 1);
  });

  test('the cache keeps the most recently used entries up to its size', async () => {
    const counter = new TokenCounter(undefined, 2);
    const client = clientFor(h.ep);
    const count = (t: string) => counter.count({ endpoint: 'A', model: MODEL, blocks: [text(t)], client });
    await count('one');
    await count('two');
    await count('one'); // now the most recent
    await count('three'); // evicts 'two'
    assert.equal((await count('one')).source, 'cache');
    assert.equal((await count('two')).source, 'endpoint');
  });

  test('no client (Chat Completions, no key) is the estimate, calibrated by what the endpoint counted before', async () => {
    const counter = new TokenCounter();
    const client = clientFor(h.ep);
    const long = 'The quick brown fox jumps over the lazy dog. '.repeat(20);
    const asked = await counter.count({ endpoint: 'A', model: MODEL, blocks: [text(long)], client });
    const estimated = await counter.count({ endpoint: 'A', model: MODEL, blocks: [text(`${long}!`)] });
    assert.equal(estimated.source, 'estimate');
    // The local endpoint counts about 4 characters per token; the rule says 3.5. After one answer the estimate
    // follows the endpoint rather than the rule.
    const rule = textTokens(`${long}!`);
    assert.ok(
      Math.abs(estimated.tokens - asked.tokens) < Math.abs(rule - asked.tokens),
      `${estimated.tokens}`,
    );
    // Another endpoint has learned nothing.
    const fresh = await counter.count({ endpoint: 'B', model: MODEL, blocks: [text(`${long}!`)] });
    assert.equal(fresh.tokens, rule);
  });

  test('an endpoint without a count route is asked once, then estimated', async () => {
    const counter = new TokenCounter();
    const client = clientFor(h.ep, { baseUrl: `${h.ep.url}/no-such-prefix` });
    const first = await counter.count({ endpoint: 'X', model: MODEL, blocks: [text('hi there')], client });
    assert.equal(first.source, 'estimate');
    assert.match(first.note ?? '', /no count_tokens route/);
    const second = await counter.count({ endpoint: 'X', model: MODEL, blocks: [text('other text')], client });
    assert.equal(second.source, 'estimate');
    assert.equal(h.ep.requests.length, 1);
    const chat = await counter.count({
      endpoint: 'C',
      model: MODEL,
      blocks: [text('hi')],
      client: clientFor(h.ep, { apiFormat: 'chat-completions' }),
    });
    assert.equal(chat.source, 'estimate');
  });

  test('a failing count falls back to the estimate this time and asks again next time', async () => {
    const counter = new TokenCounter();
    const wrongKey = clientFor(h.ep, { apiKey: 'sk-wrong-key-000', maxRetries: 0 });
    const r = await counter.count({ endpoint: 'A', model: MODEL, blocks: [text('hello')], client: wrongKey });
    assert.equal(r.source, 'estimate');
    assert.match(r.note ?? '', /count_tokens failed: .*401/);
    const ok = await counter.count({
      endpoint: 'A',
      model: MODEL,
      blocks: [text('hello')],
      client: clientFor(h.ep),
    });
    assert.equal(ok.source, 'endpoint');
  });

  test("a caller's own cancellation ends its count; empty content costs nothing and asks nothing", async () => {
    const counter = new TokenCounter();
    const abort = new AbortController();
    abort.abort();
    const err = await rejection(
      counter.count({
        endpoint: 'A',
        model: MODEL,
        blocks: [text('x')],
        client: clientFor(h.ep),
        signal: abort.signal,
      }),
    );
    assert.ok(err instanceof ApiError && err.kind === 'aborted', String(err));
    assert.deepEqual(
      await counter.count({ endpoint: 'A', model: MODEL, blocks: [], client: clientFor(h.ep) }),
      {
        tokens: 0,
        source: 'estimate',
      },
    );
  });
});

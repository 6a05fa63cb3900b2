import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, clientFor, KEY, useEndpoint } from './helpers';

const reply = {
  content: [
    { type: 'thinking' as const, thinking: 'hmm, thinking' },
    { type: 'text' as const, text: 'quirky but fine' },
    { type: 'tool_use' as const, name: 'lookup', input: { q: 'a,b', n: 2 }, id: 'toolu_q' },
  ],
  chunkSize: 4,
  usage: { output_tokens: 77 },
};

describe('gateway quirks are accepted', () => {
  const h = useEndpoint();

  async function run(quirk: Record<string, boolean>) {
    h.ep.script(reply);
    h.ep.setFault({ type: 'quirks', ...quirk });
    return clientFor(h.ep).stream(ask('x', { thinking: { type: 'enabled', budget_tokens: 1024 } }));
  }

  function assertComplete(m: Awaited<ReturnType<typeof run>>) {
    const [t, x, u] = m.content as Record<string, unknown>[];
    assert.equal(t!.thinking, 'hmm, thinking');
    assert.equal(x!.text, 'quirky but fine');
    assert.deepEqual(u!.input, { q: 'a,b', n: 2 });
    assert.equal(m.stop_reason, 'tool_use');
  }

  test('no event: lines (routing is by JSON type)', async () => {
    const m = await run({ noEventLines: true });
    assertComplete(m);
    assert.equal(m.usage.output_tokens, 77);
  });

  test('deltas without delta.type', async () => {
    const m = await run({ noDeltaType: true });
    assertComplete(m);
    assert.ok(typeof (m.content[0] as { signature: string }).signature === 'string');
    assert.ok((m.content[0] as { signature: string }).signature.length > 0, 'signature_delta inferred too');
  });

  test('usage inside message_delta.delta replaces the running totals', async () => {
    const m = await run({ usageInDelta: true });
    assertComplete(m);
    assert.equal(m.usage.output_tokens, 77);
  });

  test('a message_start missing fields gets defaults (model from the request)', async () => {
    const m = await run({ sparseMessageStart: true });
    assertComplete(m);
    assert.equal(m.model, 'claude-sonnet-4-5');
    assert.equal(m.role, 'assistant');
    assert.equal(m.type, 'message');
    assert.equal(m.usage.input_tokens, 0);
    assert.equal(m.usage.output_tokens, 77);
  });

  test('all quirks at once', async () => {
    const m = await run({
      noEventLines: true,
      noDeltaType: true,
      usageInDelta: true,
      sparseMessageStart: true,
    });
    assertComplete(m);
  });

  test('the endpoint really sends the quirks (so the tests above exercise them)', async () => {
    h.ep.script(reply);
    h.ep.setFault({
      type: 'quirks',
      noEventLines: true,
      noDeltaType: true,
      usageInDelta: true,
      sparseMessageStart: true,
    });
    const r = await fetch(`${h.ep.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': KEY },
      body: JSON.stringify({ ...ask('x'), stream: true }),
    });
    const raw = await r.text();
    assert.ok(!/^event:/m.test(raw), 'no event: lines');
    const events = raw
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);
    const deltas = events.filter((e) => e.type === 'content_block_delta');
    assert.ok(
      deltas.length > 3 && deltas.every((e) => (e.delta as Record<string, unknown>).type === undefined),
    );
    const md = events.find((e) => e.type === 'message_delta')!;
    assert.equal(md.usage, undefined);
    assert.deepEqual((md.delta as Record<string, unknown>).usage, { output_tokens: 77 });
    assert.deepEqual(Object.keys(events[0]!.message as object), ['id']);
  });

  test('x-api-key-only endpoint works with x-api-key mode', async () => {
    h.ep.configure({ auth: 'x-api-key' });
    h.ep.script('ok');
    const m = await clientFor(h.ep, { authHeader: 'x-api-key' }).stream(ask());
    assert.equal((m.content[0] as { text: string }).text, 'ok');
  });
});

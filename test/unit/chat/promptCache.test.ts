import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withCacheBreakpoints } from '../../../src/core/chat/promptCache';
import type { MessageParam, MessagesRequest } from '../../../src/core/messages/schema';
import { clientFor, useEndpoint } from '../core/helpers';

const SYSTEM = 'You are a careful coding assistant. '.repeat(40);

function request(messages: MessageParam[], extra: Partial<MessagesRequest> = {}): MessagesRequest {
  return { model: 'claude-sonnet-4-5', max_tokens: 256, system: SYSTEM, messages, ...extra };
}

function marks(r: MessagesRequest): string[] {
  const out: string[] = [];
  r.tools?.forEach((t, i) => 'cache_control' in t && t.cache_control && out.push(`tools.${i}`));
  if (Array.isArray(r.system)) r.system.forEach((b, i) => b.cache_control && out.push(`system.${i}`));
  r.messages.forEach((m, i) => {
    if (Array.isArray(m.content))
      m.content.forEach((b, j) => 'cache_control' in b && b.cache_control && out.push(`messages.${i}.${j}`));
  });
  return out;
}

describe('prompt caching breakpoints', () => {
  it('marks the tools, the system prompt and the last two user turns, at most four in all', () => {
    const r = withCacheBreakpoints(
      request(
        [
          { role: 'user', content: 'first' },
          { role: 'assistant', content: 'one' },
          { role: 'user', content: 'second' },
          { role: 'assistant', content: 'two' },
          { role: 'user', content: [{ type: 'text', text: 'third' }] },
        ],
        {
          tools: [
            { name: 'a', input_schema: { type: 'object' } },
            { name: 'b', input_schema: { type: 'object' } },
          ],
        },
      ),
    );
    assert.deepEqual(marks(r), ['tools.1', 'system.0', 'messages.2.0', 'messages.4.0']);
  });

  it('does not touch the conversation it was given', () => {
    const messages: MessageParam[] = [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }];
    const original = JSON.stringify(messages);
    const r = withCacheBreakpoints(request(messages));
    assert.equal(JSON.stringify(messages), original);
    assert.deepEqual(marks(r), ['system.0', 'messages.0.0']);
  });

  it('skips an empty system prompt and thinking blocks', () => {
    const r = withCacheBreakpoints({
      model: 'm',
      max_tokens: 10,
      system: '  ',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'q' },
            { type: 'thinking', thinking: 't', signature: 's' },
          ],
        },
      ],
    });
    assert.equal(r.system, '  ');
    assert.deepEqual(marks(r), ['messages.0.0']);
  });

  describe('against the local endpoint', () => {
    const h = useEndpoint();

    it('a second turn reads the first turn from the cache', async () => {
      const client = clientFor(h.ep);
      const messages: MessageParam[] = [{ role: 'user', content: 'Explain this function in detail please.' }];
      const first = await client.stream(withCacheBreakpoints(request(messages)));
      assert.equal(first.usage.cache_read_input_tokens ?? 0, 0);
      assert.ok((first.usage.cache_creation_input_tokens ?? 0) > 0, 'the first turn writes the cache');
      messages.push({ role: 'assistant', content: first.content as MessageParam['content'] });
      messages.push({ role: 'user', content: 'And now the tests for it.' });
      const second = await client.stream(withCacheBreakpoints(request(messages)));
      assert.ok(
        (second.usage.cache_read_input_tokens ?? 0) >= (first.usage.cache_creation_input_tokens ?? 0),
        `second turn read ${second.usage.cache_read_input_tokens} cached tokens`,
      );
    });

    it('without breakpoints nothing is cached', async () => {
      const client = clientFor(h.ep);
      const messages: MessageParam[] = [{ role: 'user', content: 'hello' }];
      const first = await client.stream(request(messages));
      messages.push({ role: 'assistant', content: first.content as MessageParam['content'] });
      messages.push({ role: 'user', content: 'again' });
      const second = await client.stream(request(messages));
      assert.equal(second.usage.cache_read_input_tokens ?? 0, 0);
    });
  });
});

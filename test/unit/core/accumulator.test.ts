import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageAccumulator } from '../../../src/core/messages/accumulator';
import { ApiError } from '../../../src/core/messages/errors';

const start = {
  type: 'message_start',
  message: {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'm',
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 1 },
  },
};

function feed(events: Record<string, unknown>[]) {
  const acc = new MessageAccumulator();
  for (const e of events) acc.handle(e);
  return acc;
}

describe('MessageAccumulator', () => {
  test('invalid tool JSON at block stop is an error, never {}', () => {
    const acc = new MessageAccumulator();
    acc.handle(start);
    acc.handle({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 't', name: 'n', input: {} },
    });
    acc.handle({
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'input_json_delta', partial_json: '{"a": ' },
    });
    assert.throws(
      () => acc.handle({ type: 'content_block_stop', index: 0 }),
      (e: unknown) =>
        e instanceof ApiError && e.kind === 'invalid_response' && /not valid JSON/.test(e.message),
    );
  });

  test('a tool_use without deltas keeps its start input', () => {
    const acc = feed([
      start,
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 't', name: 'n', input: { fixed: 1 } },
      },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 5 },
      },
      { type: 'message_stop' },
    ]);
    assert.deepEqual(acc.finalMessage().content, [
      { type: 'tool_use', id: 't', name: 'n', input: { fixed: 1 } },
    ]);
  });

  test('unknown events, deltas and blocks are kept or skipped without failing', () => {
    const acc = feed([
      start,
      { type: 'some_future_event', data: 1 },
      { type: 'content_block_start', index: 0, content_block: { type: 'mystery_block', payload: { x: 1 } } },
      { type: 'content_block_delta', index: 0, delta: { type: 'mystery_delta', x: 1 } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'server_tool_use', id: 's1', name: 'web_search', input: {} },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"query":"x"}' },
      },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'content_block_start',
        index: 2,
        content_block: {
          type: 'web_search_tool_result',
          tool_use_id: 's1',
          content: [{ type: 'web_search_result', url: 'u' }],
        },
      },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null, container: { id: 'c' } },
        usage: { output_tokens: 9 },
      },
      { type: 'message_stop' },
    ]);
    const m = acc.finalMessage();
    assert.deepEqual(m.content[0], { type: 'mystery_block', payload: { x: 1 } });
    assert.deepEqual(m.content[1], {
      type: 'server_tool_use',
      id: 's1',
      name: 'web_search',
      input: { query: 'x' },
    });
    assert.equal((m.content[2] as { type: string }).type, 'web_search_tool_result');
    assert.deepEqual((m as Record<string, unknown>).container, { id: 'c' });
  });

  test('citations, signature replacement and usage replacement (not addition)', () => {
    const acc = feed([
      start,
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'citations_delta', citation: { type: 'char_location', cited_text: 'c' } },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'A' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 'one' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 'two' } },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 5 },
      },
      {
        type: 'message_delta',
        delta: {},
        usage: { output_tokens: 8, input_tokens: 12, cache_read_input_tokens: 3 },
      },
      { type: 'message_stop' },
    ]);
    const m = acc.finalMessage();
    assert.deepEqual(m.content[0], {
      type: 'text',
      text: 'A',
      citations: [{ type: 'char_location', cited_text: 'c' }],
    });
    assert.equal((m.content[1] as { signature: string }).signature, 'two');
    assert.equal(m.usage.output_tokens, 8);
    assert.equal(m.usage.input_tokens, 12);
    assert.equal(m.usage.cache_read_input_tokens, 3);
    assert.equal(m.stop_reason, 'end_turn', 'an empty delta leaves stop_reason');
  });

  test('an error event throws with the partial attached', () => {
    const acc = new MessageAccumulator();
    acc.handle(start);
    acc.handle({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    acc.handle({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'so far' } });
    try {
      acc.handle({ type: 'error', error: { type: 'api_error', message: 'Internal' } });
      assert.fail('should throw');
    } catch (e) {
      assert.ok(e instanceof ApiError);
      assert.equal(e.kind, 'server');
      assert.equal((e.partial?.content[0] as { text: string }).text, 'so far');
    }
  });

  test('finalMessage before message_stop throws; deltas before message_start are errors', () => {
    const acc = new MessageAccumulator();
    assert.equal(acc.snapshot(), undefined);
    assert.throws(() => acc.finalMessage(), ApiError);
    assert.throws(
      () => acc.handle({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }),
      ApiError,
    );
  });

  test('a text delta on a tool block is rejected', () => {
    const acc = new MessageAccumulator();
    acc.handle(start);
    acc.handle({
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'tool_use', id: 't', name: 'n', input: {} },
    });
    assert.throws(
      () => acc.handle({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'x' } }),
      ApiError,
    );
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { FastDeltaReader, type DeltaSink } from '../../../src/core/messages/fastDelta';
import { TextBuffer } from '../../../src/core/messages/textBuffer';

function sink() {
  const calls: [string, number, string][] = [];
  const s: DeltaSink = {
    appendText: (i, t) => calls.push(['text', i, t]),
    appendThinking: (i, t) => calls.push(['thinking', i, t]),
    appendJson: (i, t) => calls.push(['json', i, t]),
  };
  return { s, calls, reader: new FastDeltaReader(s) };
}

const ev = (index: number, delta: Record<string, unknown>) =>
  JSON.stringify({ type: 'content_block_delta', index, delta });

describe('fast delta path', () => {
  test('decodes canonical text, thinking and input_json deltas exactly as JSON.parse would', () => {
    const samples = [
      'plain',
      'with "quotes" and \\ backslash',
      'line\nbreak\ttab',
      'ünï 😀 \u2028',
      '',
      '}}"',
      '{"a":1}',
      'ctrl \u0001\u001f \b\f\r end\\',
      '\\',
      '"',
      'tail quote"',
      '\\u0041 is not an escape here',
    ];
    for (const text of samples) {
      for (const [delta, kind] of [
        [{ type: 'text_delta', text }, 'text'],
        [{ type: 'thinking_delta', thinking: text }, 'thinking'],
        [{ type: 'input_json_delta', partial_json: text }, 'json'],
      ] as const) {
        const { reader, calls } = sink();
        assert.equal(reader.tryDelta(ev(12, delta)), true, JSON.stringify(delta));
        assert.deepEqual(calls, [[kind, 12, text]]);
      }
    }
  });

  test('anything not byte-for-byte canonical takes the general path', () => {
    const { reader, calls } = sink();
    const rejected = [
      JSON.stringify({ index: 0, type: 'content_block_delta', delta: { type: 'text_delta', text: 'x' } }),
      JSON.stringify({ type: 'content_block_delta', index: 0, delta: { text: 'x', type: 'text_delta' } }),
      JSON.stringify({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: 'x', extra: 'y' },
      }),
      JSON.stringify({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: 'x' },
        more: 1,
      }),
      JSON.stringify({ type: 'content_block_delta', index: 0, delta: { text: 'x' } }),
      JSON.stringify({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: 'x' },
      }),
      JSON.stringify({ type: 'content_block_delta', index: -1, delta: { type: 'text_delta', text: 'x' } }),
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\\"},"x":"y"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","b":"c"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"bad \\q escape"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"bad \\u12G4 hex"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"cut \\u12"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x\\n","y":"z"}}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"trailing \\"}}',
      '{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"x"}}',
      '{"type":"content_block_delta","index":1234567890,"delta":{"type":"text_delta","text":"x"}}',
      JSON.stringify({ type: 'message_delta', delta: { stop_reason: 'end_turn' } }),
    ];
    for (const data of rejected) assert.equal(reader.tryDelta(data), false, data);
    assert.deepEqual(calls, []);
  });

  test('a run of deltas switching block and kind is read right after the shared head is remembered', () => {
    const { reader, calls } = sink();
    const expected: [string, number, string][] = [];
    const kinds = [
      ['text', 'text_delta', 'text'],
      ['thinking', 'thinking_delta', 'thinking'],
      ['json', 'input_json_delta', 'partial_json'],
    ] as const;
    for (let n = 0; n < 60; n++) {
      const [kind, type, field] = kinds[Math.floor(n / 7) % 3]!;
      const index = [0, 1, 10, 0, 2][n % 5]!;
      const text = `piece ${n} "q"`;
      assert.equal(reader.tryDelta(ev(index, { type, [field]: text })), true);
      expected.push([kind, index, text]);
      // A near miss right after a match must not ride on the remembered head.
      assert.equal(reader.tryDelta(ev(index, { type, [field]: text, more: 1 })), false);
      assert.equal(reader.tryDelta(ev(index + 1, { [field]: text })), false);
    }
    assert.deepEqual(calls, expected);
  });

  test('a whole event rides on the remembered head only when its lines and value are canonical too', () => {
    const { reader, calls } = sink();
    const data = ev(3, { type: 'text_delta', text: 'a "b" c' });
    assert.equal(reader.tryDelta(data), true);
    // Checked in the middle of a larger text, as the SSE decoder passes it.
    const at = (event: string) => {
      const text = `xx${event}\n\nyy`;
      return reader.tryCachedEvent(text, 2, 2 + event.length);
    };
    assert.equal(at(`event: content_block_delta\ndata: ${data}`), true);
    assert.equal(at(`event: content_block_delta\ndata:${data}`), false);
    assert.equal(at(`event: other\ndata: ${data}`), false);
    assert.equal(at(`data: ${data}`), false);
    assert.equal(at(`event: content_block_delta\ndata: ${ev(4, { type: 'text_delta', text: 'x' })}`), false);
    assert.equal(
      at(`event: content_block_delta\ndata: ${ev(3, { type: 'text_delta', text: 'x', more: 1 })}`),
      false,
    );
    // Two data lines are joined with a newline by the parser: not a single JSON value.
    assert.equal(at(`event: content_block_delta\ndata: ${data.slice(0, -3)}\ndata: "}}`), false);
    assert.deepEqual(calls, [
      ['text', 3, 'a "b" c'],
      ['text', 3, 'a "b" c'],
    ]);
  });

  test("each reader remembers its own head: a second stream never rides on the first one's", () => {
    const a = sink();
    const b = sink();
    const data = ev(5, { type: 'text_delta', text: 'x' });
    assert.equal(a.reader.tryDelta(data), true);
    const event = `event: content_block_delta\ndata: ${data}`;
    assert.equal(b.reader.tryCachedEvent(event, 0, event.length), false, 'b has seen nothing yet');
    assert.equal(a.reader.tryCachedEvent(event, 0, event.length), true);
    assert.deepEqual(b.calls, []);
  });

  test('TextBuffer joins many pieces in order', () => {
    const b = new TextBuffer('start:');
    let expected = 'start:';
    for (let i = 0; i < 5000; i++) {
      b.append(String(i));
      expected += String(i);
      if (i % 997 === 0) assert.equal(b.toString(), expected);
    }
    assert.equal(b.toString(), expected);
    assert.equal(new TextBuffer().toString(), '');
  });
});

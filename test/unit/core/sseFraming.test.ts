// The decoder's framing shortcut (whole events cut out of the bytes, canonical deltas sent straight to the
// accumulator) must give exactly what eventsource-parser gives, whatever the SSE around the JSON looks like:
// comments, id and retry lines, no `event:` line or another name, `data:` without a space, JSON over two data
// lines, runs of blank lines, a BOM, CRLF, `[DONE]`, and any split of the bytes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MessageAccumulator } from '../../../src/core/messages/accumulator';
import { createSseJsonDecoder } from '../../../src/core/messages/sseDecoder';
import { splitsArb, streamArb } from './sseStreams';

type Variant = (event: string, data: string) => string;

/** Ways to frame one event's JSON; all mean the same event to an SSE parser. */
const VARIANTS: Variant[] = [
  (e, d) => `event: ${e}\ndata: ${d}\n\n`,
  (_e, d) => `data: ${d}\n\n`,
  (_e, d) => `event: other\ndata:${d}\n\n`,
  (e, d) => `: keep-alive\nevent: ${e}\ndata: ${d}\n\n`,
  (e, d) => `id: 7\nevent: ${e}\ndata: ${d}\n\n`,
  (e, d) => `event: ${e}\nretry: 100\ndata: ${d}\n\n`,
  (e, d) => `event: ${e}\ndata: ${d}\n\n\n\n`,
  (e, d) => `\nevent: ${e}\ndata: ${d}\n\n`,
  // JSON may break between tokens: the parser joins data lines with a newline, which JSON reads as whitespace.
  (e, d) => `event: ${e}\ndata: ${d.replace(',', ',\ndata: ')}\n\n`,
  // Line ends may change mid-stream.
  (e, d) => `event: ${e}\r\ndata: ${d}\r\n\r\n`,
  (e, d) => `event: ${e}\rdata: ${d}\r\r`,
  (e, d) => `event: ${e}\ndata: ${d}\n`,
];

function decode(sse: string | Buffer, splits: number[], fast: boolean): unknown {
  const bytes = typeof sse === 'string' ? Buffer.from(sse, 'utf8') : sse;
  const acc = new MessageAccumulator();
  const decoder = createSseJsonDecoder((e) => acc.handle(e), fast ? acc : undefined);
  let at = 0;
  for (const size of splits) {
    if (at >= bytes.length) break;
    decoder.feed(new Uint8Array(bytes.subarray(at, at + size)));
    at += size;
  }
  decoder.feed(new Uint8Array(bytes.subarray(at)));
  decoder.end();
  return JSON.parse(JSON.stringify(acc.finalMessage()));
}

const reframedArb = fc
  .tuple(
    streamArb,
    fc.array(fc.nat({ max: VARIANTS.length - 1 }), { minLength: 1, maxLength: 40 }),
    fc.constantFrom('', '\uFEFF'),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([{ sse, expected }, picks, bom, eol, doneMarker]) => {
    const events = sse
      .split(/\r?\n\r?\n/)
      .filter((e) => e !== '')
      .map((e) => /data: (.*)$/s.exec(e)![1]!);
    // The last variant leaves out the blank line, so it may only end the stream.
    const framed = events.map((data, i) => {
      let pick = picks[i % picks.length]!;
      if (pick === VARIANTS.length - 1 && i < events.length - 1) pick = 0;
      const type = (JSON.parse(data) as { type: string }).type;
      return VARIANTS[pick]!(type, data);
    });
    if (doneMarker && !framed[framed.length - 1]!.endsWith('\n\n')) framed.push('\n');
    // After [DONE] nothing counts, not even a canonical delta.
    if (doneMarker) {
      framed.push(
        'data: [DONE]\n\n',
        'event: content_block_delta\ndata: not json\n\n',
        'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"late"}}\n\n',
      );
    }
    const text = bom + framed.join('');
    return { sse: eol === '\n' ? text : text.replace(/\n/g, '\r\n'), expected };
  });

describe('SSE framing shortcut', () => {
  test('the same final message as the parser alone, for any framing and any split', () => {
    fc.assert(
      fc.property(reframedArb, splitsArb, ({ sse, expected }, splits) => {
        assert.deepEqual(decode(sse, splits, true), expected);
        assert.deepEqual(decode(sse, splits, false), expected);
        assert.deepEqual(decode(sse, [1].concat(Array(60).fill(1) as number[]), true), expected);
      }),
      { numRuns: 300 },
    );
  });

  test('a data line broken inside a string value is joined as the parser joins it', () => {
    const start =
      'data: {"type":"message_start","message":{"id":"m","model":"m","usage":{}}}\n\n' +
      'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n';
    const broken =
      'data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ab\ndata: cd"}}\n\n';
    const sse = start + broken + 'data: {"type":"message_stop"}\n\n';
    // With CRLF line ends the framing shortcut steps aside and the parser frames every event.
    const viaParser = decode(sse.replace(/\n/g, '\r\n'), [7], true);
    assert.deepEqual(decode(sse, [7], true), viaParser);
  });

  test('invalid UTF-8 inside a delta reads the same (replacement characters) as chunk by chunk', () => {
    const head = Buffer.from(
      '\uFEFFdata: {"type":"message_start","message":{"id":"m","model":"m","usage":{}}}\n\n' +
        'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
    );
    const delta = (bytes: number[]) =>
      Buffer.concat([
        Buffer.from('data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a'),
        Buffer.from(bytes),
        Buffer.from('"}}\n\n'),
      ]);
    const sse = Buffer.concat([
      head,
      delta([0xe2, 0x82]),
      delta([0x80, 0x80, 0x41]),
      delta([0xf0, 0x9f, 0x98]),
      delta([0xff, 0xef, 0xbb, 0xbf]),
      Buffer.from('data: {"type":"message_stop"}\n\n'),
    ]);
    for (const size of [1, 2, 3, 5, 64, 1000]) {
      const splits = Array(Math.ceil(sse.length / size)).fill(size) as number[];
      assert.deepEqual(decode(sse, splits, true), decode(sse, splits, false), `split every ${size}`);
    }
  });

  test('an event larger than many chunks is decoded once it is whole', () => {
    const text = 'ü😀 x'.repeat(20_000);
    const sse =
      'event: message_start\ndata: {"type":"message_start","message":{"id":"m","model":"m","usage":{}}}\n\n' +
      'data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
      `data: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })}\n\n` +
      'data: {"type":"message_stop"}\n\n';
    // Any size: a line this long is searched piece by piece, and its blank line may straddle two pieces.
    for (const size of [1, 2, 37, 4097]) {
      const splits = Array(Math.ceil(sse.length / size)).fill(size) as number[];
      const message = decode(sse, splits, true) as { content: { text: string }[] };
      assert.equal(message.content[0]!.text, text, `split every ${size}`);
    }
  });
});

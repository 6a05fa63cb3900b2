// SSE byte streams for the differential tests: examples in the shape of the API docs' streaming examples, and a
// fast-check generator of well-formed streams together with the final message they must produce (an oracle).
import fc from 'fast-check';

type Json = Record<string, unknown>;

export interface GeneratedStream {
  sse: string;
  expected: Json;
}

const frame = (e: Json, eol: string) =>
  `event: ${String(e.type)}${eol}data: ${JSON.stringify(e)}${eol}${eol}`;

export function toSse(events: Json[], eol = '\n'): string {
  return events.map((e) => frame(e, eol)).join('');
}

const startMessage = (id: string, usage: Json) => ({
  type: 'message_start',
  message: {
    id,
    type: 'message',
    role: 'assistant',
    content: [],
    model: 'claude-sonnet-4-5-20250929',
    stop_reason: null,
    stop_sequence: null,
    usage,
  },
});

/** The docs' basic streaming example ("Hello!"), its tool-use example and its extended-thinking example. */
export const DOC_EXAMPLES: { name: string; sse: string }[] = [
  {
    name: 'basic text',
    sse: toSse([
      startMessage('msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY', { input_tokens: 25, output_tokens: 1 }),
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'ping' },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '!' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 15 },
      },
      { type: 'message_stop' },
    ]),
  },
  {
    name: 'tool use',
    sse: toSse([
      startMessage('msg_014p7gG3wDgGV9EUtLvnow3U', { input_tokens: 472, output_tokens: 2 }),
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'ping' },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Okay' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ',' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: ' let' } },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: "'s check the weather for San Francisco, CA:" },
      },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: {
          type: 'tool_use',
          id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
          name: 'get_weather',
          input: {},
        },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '' } },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '{"location":' },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: ' "San' } },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: ' Francisc' },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: 'o,' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: ' CA"' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: ', ' } },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: '"unit": "fah' },
      },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'input_json_delta', partial_json: 'renheit"}' },
      },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 89 },
      },
      { type: 'message_stop' },
    ]),
  },
  {
    name: 'extended thinking',
    sse: toSse([
      startMessage('msg_01xyz', {
        input_tokens: 40,
        output_tokens: 1,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
      }),
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: {
          type: 'thinking_delta',
          thinking:
            'I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\n\n1071 = 2 × 462 + 147',
        },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: {
          type: 'thinking_delta',
          thinking: '\n462 = 3 × 147 + 21\n147 = 7 × 21 + 0\n\nSo GCD(1071, 462) = 21',
        },
      },
      {
        type: 'content_block_delta',
        index: 0,
        delta: {
          type: 'signature_delta',
          signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds...',
        },
      },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      {
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'text_delta', text: 'The greatest common divisor (GCD) of 1071 and 462 is **21**.' },
      },
      { type: 'content_block_stop', index: 1 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 254 },
      },
      { type: 'message_stop' },
    ]),
  },
];

const text = fc.string({ unit: 'grapheme', maxLength: 24 });
const tricky = fc.constantFrom(
  '\n',
  '\r\n',
  'data: x',
  '\n\nevent: ping\n\n',
  '"',
  '\\',
  '😀',
  'é',
  '\u2028',
  '}',
);
const piece = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: tricky });
const pieces = fc.array(piece, { minLength: 1, maxLength: 6 });

type Block =
  | { kind: 'text'; deltas: string[] }
  | { kind: 'thinking'; deltas: string[]; signature: string }
  | { kind: 'tool'; id: string; name: string; input: Json; cuts: number[] }
  | { kind: 'redacted'; data: string };

const blockArb: fc.Arbitrary<Block> = fc.oneof(
  pieces.map((deltas) => ({ kind: 'text' as const, deltas })),
  fc
    .record({ deltas: pieces, signature: fc.base64String({ maxLength: 40 }) })
    .map((r) => ({ kind: 'thinking' as const, ...r })),
  fc
    .record({
      id: fc.stringMatching(/^toolu_[A-Za-z0-9]{6,12}$/),
      name: fc.constantFrom('get_weather', 'read_file', 'run_command'),
      input: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
      cuts: fc.array(fc.nat(), { maxLength: 8 }),
    })
    .map((r) => ({ kind: 'tool' as const, ...r })),
  fc.base64String({ minLength: 4, maxLength: 40 }).map((data) => ({ kind: 'redacted' as const, data })),
);

function splitAt(s: string, cuts: number[]): string[] {
  const points = [...new Set(cuts.map((c) => (s.length === 0 ? 0 : c % (s.length + 1))))].sort(
    (a, b) => a - b,
  );
  const out = [''];
  let prev = 0;
  for (const p of points) {
    out.push(s.slice(prev, p));
    prev = p;
  }
  out.push(s.slice(prev));
  return out;
}

export const streamArb: fc.Arbitrary<GeneratedStream> = fc
  .record({
    id: fc.stringMatching(/^msg_[A-Za-z0-9]{8,16}$/),
    blocks: fc.array(blockArb, { maxLength: 4 }),
    stop: fc.constantFrom('end_turn', 'max_tokens', 'tool_use', 'stop_sequence', 'pause_turn'),
    input: fc.nat({ max: 100000 }),
    output: fc.nat({ max: 100000 }),
    cacheRead: fc.option(fc.nat({ max: 5000 }), { nil: undefined }),
    pings: fc.boolean(),
    eol: fc.constantFrom('\n', '\r\n'),
  })
  .map(({ id, blocks, stop, input, output, cacheRead, pings, eol }) => {
    const usage: Json = {
      input_tokens: input,
      output_tokens: 1,
      ...(cacheRead !== undefined ? { cache_read_input_tokens: cacheRead } : {}),
    };
    const events: Json[] = [startMessage(id, usage)];
    if (pings) events.push({ type: 'ping' });
    const content: Json[] = [];
    blocks.forEach((b, index) => {
      if (b.kind === 'text') {
        events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        for (const t of b.deltas)
          events.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: t } });
        content.push({ type: 'text', text: b.deltas.join('') });
      } else if (b.kind === 'thinking') {
        events.push({
          type: 'content_block_start',
          index,
          content_block: { type: 'thinking', thinking: '', signature: '' },
        });
        for (const t of b.deltas)
          events.push({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: t } });
        events.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'signature_delta', signature: b.signature },
        });
        content.push({ type: 'thinking', thinking: b.deltas.join(''), signature: b.signature });
      } else if (b.kind === 'tool') {
        events.push({
          type: 'content_block_start',
          index,
          content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} },
        });
        for (const p of splitAt(JSON.stringify(b.input), b.cuts)) {
          events.push({
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json: p },
          });
        }
        content.push({
          type: 'tool_use',
          id: b.id,
          name: b.name,
          input: JSON.parse(JSON.stringify(b.input)) as Json,
        });
      } else {
        events.push({
          type: 'content_block_start',
          index,
          content_block: { type: 'redacted_thinking', data: b.data },
        });
        content.push({ type: 'redacted_thinking', data: b.data });
      }
      events.push({ type: 'content_block_stop', index });
      if (pings && index === 0) events.push({ type: 'ping' });
    });
    events.push({
      type: 'message_delta',
      delta: { stop_reason: stop, stop_sequence: null },
      usage: { output_tokens: output },
    });
    events.push({ type: 'message_stop' });
    const expected: Json = {
      id,
      type: 'message',
      role: 'assistant',
      content,
      model: 'claude-sonnet-4-5-20250929',
      stop_reason: stop,
      stop_sequence: null,
      usage: { ...usage, output_tokens: output },
    };
    return { sse: toSse(events, eol), expected };
  });

/** Byte split points for a stream: arbitrary sizes from 1 byte up. */
export const splitsArb = fc.array(fc.integer({ min: 1, max: 48 }), { maxLength: 60 });

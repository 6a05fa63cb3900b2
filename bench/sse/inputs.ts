// Benchmark inputs (docs/performance.md): SSE bodies carrying 1 MB and 8 MB of reply text in 4-, 20- and
// 100-character deltas, plus a thinking + tool_use input. Deterministic, so server and client agree on them.

export interface BenchInput {
  name: string;
  textBytes: number;
  deltaChars: number;
  kind: 'text' | 'tool';
}

const WORDS =
  'the quick brown fox jumps over a lazy dog while parsing server sent events ünïcödé 😀 "quoted" \\ back\nslash'.split(
    ' ',
  );

/** Prose-like text with some escapes and non-ASCII, so JSON decoding does real work. */
export function makeText(chars: number, seed = 1): string {
  const parts: string[] = [];
  let n = 0;
  let s = seed;
  while (n < chars) {
    s = (s * 1103515245 + 12345) >>> 0;
    const w = WORDS[s % WORDS.length]!;
    parts.push(w, ' ');
    n += w.length + 1;
  }
  return parts.join('').slice(0, chars);
}

function split(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    let end = Math.min(text.length, i + size);
    const c = text.charCodeAt(end - 1);
    if (end < text.length && c >= 0xd800 && c <= 0xdbff) end++;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

const frame = (type: string, data: unknown) => `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;

export interface BuiltInput {
  body: Buffer;
  events: number;
  expectedText: string;
  expectedThinking: string;
  expectedToolInput: unknown;
}

export function buildInput(input: BenchInput): BuiltInput {
  const frames: string[] = [];
  frames.push(
    frame('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_bench',
        type: 'message',
        role: 'assistant',
        model: 'bench',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 1 },
      },
    }),
  );
  let expectedText: string;
  let expectedThinking = '';
  let expectedToolInput: unknown = undefined;
  let index = 0;
  const textBlock = (text: string) => {
    frames.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'text', text: '' },
      }),
    );
    for (const d of split(text, input.deltaChars)) {
      frames.push(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'text_delta', text: d },
        }),
      );
    }
    frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
    index++;
  };
  if (input.kind === 'text') {
    expectedText = makeText(input.textBytes);
    textBlock(expectedText);
  } else {
    expectedThinking = makeText(input.textBytes / 2, 7);
    frames.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      }),
    );
    for (const d of split(expectedThinking, input.deltaChars)) {
      frames.push(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'thinking_delta', thinking: d },
        }),
      );
    }
    frames.push(
      frame('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: 'c2lnbmF0dXJl' },
      }),
    );
    frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
    index++;
    expectedText = 'Writing the file now.';
    textBlock(expectedText);
    expectedToolInput = { path: 'src/generated.ts', content: makeText(input.textBytes / 2, 3) };
    frames.push(
      frame('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: 'toolu_bench', name: 'write_file', input: {} },
      }),
    );
    for (const d of split(JSON.stringify(expectedToolInput), input.deltaChars)) {
      frames.push(
        frame('content_block_delta', {
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: d },
        }),
      );
    }
    frames.push(frame('content_block_stop', { type: 'content_block_stop', index }));
  }
  frames.push(
    frame('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 1000 },
    }),
  );
  frames.push(frame('message_stop', { type: 'message_stop' }));
  return {
    body: Buffer.from(frames.join(''), 'utf8'),
    events: frames.length,
    expectedText,
    expectedThinking,
    expectedToolInput,
  };
}

const MB = 1_000_000;
export const INPUTS: BenchInput[] = [
  { name: 'text-1MB-d4', textBytes: MB, deltaChars: 4, kind: 'text' },
  { name: 'text-1MB-d20', textBytes: MB, deltaChars: 20, kind: 'text' },
  { name: 'text-1MB-d100', textBytes: MB, deltaChars: 100, kind: 'text' },
  { name: 'text-8MB-d4', textBytes: 8 * MB, deltaChars: 4, kind: 'text' },
  { name: 'text-8MB-d20', textBytes: 8 * MB, deltaChars: 20, kind: 'text' },
  { name: 'text-8MB-d100', textBytes: 8 * MB, deltaChars: 100, kind: 'text' },
  { name: 'thinking+tool-1MB-d20', textBytes: MB, deltaChars: 20, kind: 'tool' },
];

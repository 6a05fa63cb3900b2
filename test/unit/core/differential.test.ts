// The same SSE bytes, split into chunks every possible way, fed to this client and to @anthropic-ai/sdk's
// messages.stream(): both must produce the same final message (and, for generated streams, the oracle's).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import fc from 'fast-check';
import { MessageAccumulator } from '../../../src/core/messages/accumulator';
import { createSseJsonDecoder } from '../../../src/core/messages/sseDecoder';
import { ask, clientFor, KEY, useEndpoint } from './helpers';
import { DOC_EXAMPLES, splitsArb, streamArb } from './sseStreams';

const normalize = (m: unknown): unknown => {
  const { parsed_output: _p, ...rest } = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
  return rest;
};

/** Decodes in-process with exact chunk boundaries (no TCP coalescing). */
function decodeSplit(sse: string, splits: number[], fastPath = true): unknown {
  const bytes = Buffer.from(sse, 'utf8');
  const acc = new MessageAccumulator();
  const decoder = createSseJsonDecoder((e) => acc.handle(e), fastPath ? acc : undefined);
  let at = 0;
  for (const size of splits) {
    if (at >= bytes.length) break;
    decoder.feed(bytes.subarray(at, at + size));
    at += size;
  }
  decoder.feed(bytes.subarray(at));
  decoder.end();
  return normalize(acc.finalMessage());
}

describe('differential: this client vs @anthropic-ai/sdk messages.stream()', () => {
  const h = useEndpoint();

  async function both(sse: string, splits: number[]) {
    h.ep.script({ raw: sse, splits }, { raw: sse, splits });
    const sdk = new Anthropic({ apiKey: KEY, baseURL: h.ep.url, maxRetries: 0 });
    let sdkText = '';
    const stream = sdk.messages.stream({
      model: 'm',
      max_tokens: 2048,
      messages: [{ role: 'user', content: 'x' }],
    });
    stream.on('text', (d) => (sdkText += d));
    const fromSdk = normalize(await stream.finalMessage());
    let ourText = '';
    const ours = normalize(await clientFor(h.ep).stream(ask('x'), { onText: (d) => (ourText += d) }));
    assert.equal(ourText, sdkText, 'the same text was streamed');
    return { ours, fromSdk };
  }

  for (const example of DOC_EXAMPLES) {
    test(`docs example: ${example.name}, over HTTP in many splits`, async () => {
      await fc.assert(
        fc.asyncProperty(splitsArb, async (splits) => {
          const { ours, fromSdk } = await both(example.sse, splits);
          assert.deepEqual(ours, fromSdk);
          assert.deepEqual(decodeSplit(example.sse, splits), fromSdk);
        }),
        { numRuns: 25 },
      );
    });
  }

  test('generated streams over HTTP: identical to the SDK and to the oracle', async () => {
    await fc.assert(
      fc.asyncProperty(streamArb, splitsArb, async ({ sse, expected }, splits) => {
        const { ours, fromSdk } = await both(sse, splits);
        assert.deepEqual(ours, fromSdk);
        assert.deepEqual(ours, expected);
      }),
      { numRuns: 80 },
    );
  });

  test('generated streams in-process with exact byte splits (incl. inside UTF-8 sequences and CRLF)', () => {
    fc.assert(
      fc.property(streamArb, splitsArb, ({ sse, expected }, splits) => {
        assert.deepEqual(decodeSplit(sse, splits), expected);
        assert.deepEqual(
          decodeSplit(sse, splits, false),
          expected,
          'the general path agrees with the fast path',
        );
        assert.deepEqual(
          decodeSplit(sse, [1].concat(Array(Buffer.byteLength(sse)).fill(1) as number[])),
          expected,
        );
      }),
      { numRuns: 300 },
    );
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { streamReplyParts, type LmPartSink } from '../../../src/core/lm/replyParts';
import { ApiError } from '../../../src/core/messages/errors';
import { ask, clientFor, rejection, useEndpoint } from '../core/helpers';

type Part = { text: string } | { callId: string; name: string; input: object };

function collector(): LmPartSink & { parts: Part[] } {
  const parts: Part[] = [];
  return {
    parts,
    text: (value) => parts.push({ text: value }),
    toolCall: (callId, name, input) => parts.push({ callId, name, input }),
  };
}

describe('streamReplyParts against the local endpoint', () => {
  const h = useEndpoint();

  test('text arrives as one part per delta, in order; a tool call arrives whole with its id and parsed input', async () => {
    const input = { path: 'src/a "q" ü.ts', lines: [1, 2], nested: { ok: true } };
    h.ep.script({
      content: [
        { type: 'thinking', thinking: 'private reasoning' },
        { type: 'text', text: 'Let me read that file for you.' },
        { type: 'tool_use', name: 'read_file', input, id: 'toolu_X1' },
      ],
      chunkSize: 4,
    });
    const sink = collector();
    const reply = await streamReplyParts({
      client: clientFor(h.ep),
      request: ask('go', { thinking: { type: 'enabled', budget_tokens: 1024 } }),
      sink,
    });
    const texts = sink.parts.filter((p): p is { text: string } => 'text' in p);
    assert.ok(texts.length >= 7, `text came in ${texts.length} parts`);
    assert.equal(texts.map((p) => p.text).join(''), 'Let me read that file for you.');
    // Thinking is not passed on, as text or otherwise.
    assert.ok(!sink.parts.some((p) => 'text' in p && p.text.includes('private')));
    assert.deepEqual(sink.parts[sink.parts.length - 1], { callId: 'toolu_X1', name: 'read_file', input });
    assert.equal(reply.stop_reason, 'tool_use');
  });

  test('a stream cut inside a tool call yields the text so far and no tool call part', async () => {
    h.ep.script({
      content: [
        { type: 'text', text: 'Running it.' },
        { type: 'tool_use', name: 'run', input: { command: 'echo hi' }, id: 'toolu_cut' },
      ],
      chunkSize: 100,
      fault: { type: 'cut', afterEvents: 7 },
    });
    const sink = collector();
    const err = await rejection(streamReplyParts({ client: clientFor(h.ep), request: ask(), sink }));
    assert.ok(err instanceof ApiError && err.kind === 'truncated', String(err));
    assert.deepEqual(sink.parts, [{ text: 'Running it.' }]);
  });

  test('an abort ends the request as aborted and keeps the parts already reported', async () => {
    h.ep.script({
      content: [{ type: 'text', text: 'one two three four five' }],
      chunkSize: 4,
      fault: { type: 'stall', afterEvents: 4 },
    });
    const abort = new AbortController();
    const sink: LmPartSink & { parts: Part[] } = {
      ...collector(),
      text(value) {
        this.parts.push({ text: value });
        abort.abort();
      },
    };
    const err = await rejection(
      streamReplyParts({ client: clientFor(h.ep), request: ask(), sink, signal: abort.signal }),
    );
    assert.ok(err instanceof ApiError && err.kind === 'aborted', String(err));
    assert.deepEqual(sink.parts, [{ text: 'one ' }]);
  });
});

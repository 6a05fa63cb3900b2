import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildContinuation } from '../../../src/core/messages/continuation';
import { ApiError } from '../../../src/core/messages/errors';
import type { Message, MessagesRequest } from '../../../src/core/messages/schema';
import { ask, clientFor, rejection, useEndpoint } from './helpers';

const msg = (content: unknown[]): Message =>
  ({
    id: 'm',
    type: 'message',
    role: 'assistant',
    model: 'x',
    content,
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  }) as Message;

describe('continuation after a broken-off reply', () => {
  const h = useEndpoint();

  test('partial text becomes an assistant prefill (trailing whitespace trimmed)', () => {
    const req: MessagesRequest = { model: 'm', max_tokens: 100, messages: [{ role: 'user', content: 'q' }] };
    const next = buildContinuation(req, msg([{ type: 'text', text: 'The answer is ', incomplete: true }]));
    assert.deepEqual(next.messages, [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: 'The answer is' },
    ]);
    assert.equal(req.messages.length, 1, 'the original request is untouched');
  });

  test('an existing prefill is extended', () => {
    const req: MessagesRequest = {
      model: 'm',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'q' },
        { role: 'assistant', content: '{' },
      ],
    };
    const next = buildContinuation(req, msg([{ type: 'text', text: '"a": 1' }]));
    assert.deepEqual(next.messages[1], { role: 'assistant', content: '{"a": 1' });
  });

  test('thinking or a partial tool_use: a clear "retry the turn"', () => {
    const req = ask();
    for (const block of [
      { type: 'thinking', thinking: 't', signature: '' },
      { type: 'tool_use', id: 'x', name: 'n', input: {}, partial_json: '{"a' },
    ]) {
      assert.throws(
        () => buildContinuation(req, msg([block, { type: 'text', text: 'x' }])),
        (e: unknown) => e instanceof ApiError && e.kind === 'retry_turn' && /retry the turn/.test(e.message),
      );
    }
  });

  test('end to end: a truncated stream, then the continuation completes the reply', async () => {
    h.ep.script({ content: [{ type: 'text', text: 'First half, second half.' }], chunkSize: 6 });
    h.ep.setFault({ type: 'cut', afterEvents: 5 });
    const client = clientFor(h.ep);
    const req = ask('tell me');
    const err = await rejection(client.stream(req));
    assert.ok(err instanceof ApiError && err.kind === 'truncated' && err.partial);
    const partialText = (err.partial.content[0] as { text: string }).text;
    assert.equal(partialText, 'First half, ');
    h.ep.script(' second half.'.trimStart());
    const next = client.buildContinuation(req, err.partial);
    const rest = await client.stream(next);
    const sent = h.ep.requests[1]!.body as MessagesRequest;
    assert.deepEqual(sent.messages[1], { role: 'assistant', content: 'First half,' });
    assert.equal((rest.content[0] as { text: string }).text, 'second half.');
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildLmRequest,
  LmRequestError,
  type LmMessage,
  type LmRequestInput,
} from '../../../src/core/lm/requestMapping';
import { clientFor, useEndpoint } from '../core/helpers';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

function input(messages: LmMessage[], extra: Partial<LmRequestInput> = {}): LmRequestInput {
  return {
    model: 'claude-sonnet-4-5',
    messages,
    toolMode: 'auto',
    defaultMaxTokens: 4096,
    promptCaching: false,
    ...extra,
  };
}
const user = (...parts: LmMessage['parts']): LmMessage => ({ role: 'user', parts });
const assistant = (...parts: LmMessage['parts']): LmMessage => ({ role: 'assistant', parts });
const text = (t: string) => ({ type: 'text' as const, text: t });

function refusal(fn: () => unknown): LmRequestError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof LmRequestError, `expected LmRequestError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the mapping to refuse the request');
}

/** A tool round trip as a caller sends it: the question, the model's call, the caller's result. */
const roundTrip: LmMessage[] = [
  user(text('What is in a.ts?')),
  assistant(text('Reading it.'), {
    type: 'toolCall',
    callId: 'toolu_01A',
    name: 'read_file',
    input: { path: 'a.ts' },
  }),
  user(text('Here it is.'), {
    type: 'toolResult',
    callId: 'toolu_01A',
    content: [text('export const a = 1;')],
  }),
];
const readFileTool = {
  name: 'read_file',
  description: 'Reads a file',
  inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
};

describe('buildLmRequest', () => {
  test('user and assistant text, the default max_tokens, nothing invented', () => {
    const { request, skipped } = buildLmRequest(
      input([user(text('Hi')), assistant(text('Hello!')), user(text('Bye'))]),
    );
    assert.deepEqual(request, {
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hello!' }] },
        { role: 'user', content: [{ type: 'text', text: 'Bye' }] },
      ],
    });
    assert.deepEqual(skipped, []);
  });

  test('a tool round trip keeps the ids; the results go first in their user turn', () => {
    const { request } = buildLmRequest(input(roundTrip, { tools: [readFileTool] }));
    assert.deepEqual(request.messages[1], {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Reading it.' },
        { type: 'tool_use', id: 'toolu_01A', name: 'read_file', input: { path: 'a.ts' } },
      ],
    });
    assert.deepEqual(request.messages[2], {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_01A',
          content: [{ type: 'text', text: 'export const a = 1;' }],
        },
        { type: 'text', text: 'Here it is.' },
      ],
    });
    assert.deepEqual(request.tools, [
      {
        name: 'read_file',
        description: 'Reads a file',
        input_schema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
      },
    ]);
    assert.equal(request.tool_choice, undefined);
  });

  test('toolMode required is tool_choice any; required with no tools is refused', () => {
    const { request } = buildLmRequest(
      input([user(text('go'))], { tools: [readFileTool], toolMode: 'required' }),
    );
    assert.deepEqual(request.tool_choice, { type: 'any' });
    const e = refusal(() => buildLmRequest(input([user(text('go'))], { toolMode: 'required' })));
    assert.equal(e.field, 'toolMode');
  });

  test('image data parts become image blocks, in messages and in tool results', () => {
    const { request } = buildLmRequest(
      input(
        [
          user(text('What is this?'), { type: 'data', mimeType: 'image/png', data: PNG }),
          assistant({ type: 'toolCall', callId: 'c1', name: 'shot', input: {} }),
          user({
            type: 'toolResult',
            callId: 'c1',
            content: [{ type: 'data', mimeType: 'image/jpeg', data: PNG }],
          }),
        ],
        { tools: [{ name: 'shot', description: 'screenshot' }] },
      ),
    );
    assert.deepEqual(request.messages[0]!.content, [
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: b64(PNG) } },
    ]);
    assert.deepEqual(request.messages[2]!.content, [
      {
        type: 'tool_result',
        tool_use_id: 'c1',
        content: [{ type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: b64(PNG) } }],
      },
    ]);
    // A tool with no schema takes an empty object.
    assert.deepEqual(request.tools?.[0], {
      name: 'shot',
      description: 'screenshot',
      input_schema: { type: 'object', properties: {} },
    });
  });

  test('PDFs become documents, text and JSON data become text, cache markers are left out and named', () => {
    const pdf = new TextEncoder().encode('%PDF-1.4 ...');
    const { request, skipped } = buildLmRequest(
      input([
        user(
          { type: 'data', mimeType: 'application/pdf', data: pdf },
          {
            type: 'data',
            mimeType: 'text/markdown; charset=utf-8',
            data: new TextEncoder().encode('# Notes'),
          },
          { type: 'data', mimeType: 'application/json', data: new TextEncoder().encode('{"a":1}') },
          { type: 'data', mimeType: 'cache_control', data: new TextEncoder().encode('ephemeral') },
        ),
      ]),
    );
    assert.deepEqual(request.messages[0]!.content, [
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: b64(pdf) } },
      { type: 'text', text: '# Notes' },
      { type: 'text', text: '{"a":1}' },
    ]);
    assert.deepEqual(skipped, ['cache_control']);
  });

  test('data the model cannot take is refused, naming the part and the type', () => {
    const bmp = refusal(() =>
      buildLmRequest(input([user(text('x'), { type: 'data', mimeType: 'image/bmp', data: PNG })])),
    );
    assert.equal(bmp.field, 'messages.0.content.1');
    assert.match(
      bmp.message,
      /image\/bmp images are not accepted; use image\/jpeg, image\/png, image\/gif, image\/webp/,
    );
    const audio = refusal(() =>
      buildLmRequest(input([user({ type: 'data', mimeType: 'audio/wav', data: PNG })])),
    );
    assert.match(audio.message, /"audio\/wav" cannot be sent/);
  });

  test('model options: the Messages names are validated and sent; unknown ones are ignored and named', () => {
    const { request, skipped } = buildLmRequest(
      input([user(text('Hi'))], {
        modelOptions: {
          max_tokens: 100,
          temperature: 0.2,
          top_p: 0.9,
          top_k: 5,
          stop_sequences: ['END'],
          seed: 1,
        },
      }),
    );
    assert.equal(request.max_tokens, 100);
    assert.equal(request.temperature, 0.2);
    assert.equal(request.top_p, 0.9);
    assert.equal(request.top_k, 5);
    assert.deepEqual(request.stop_sequences, ['END']);
    assert.deepEqual(skipped, ['modelOptions.seed']);
    for (const [options, field] of [
      [{ temperature: 3 }, 'modelOptions.temperature'],
      [{ max_tokens: 0 }, 'modelOptions.max_tokens'],
      [{ max_tokens: 1.5 }, 'modelOptions.max_tokens'],
      [{ stop_sequences: 'END' }, 'modelOptions.stop_sequences'],
    ] as const) {
      const e = refusal(() => buildLmRequest(input([user(text('Hi'))], { modelOptions: options })));
      assert.equal(e.field, field, JSON.stringify(options));
    }
  });

  test("system messages become the system prompt; another model's thinking is left out and named", () => {
    const { request, skipped } = buildLmRequest(
      input([
        { role: 'system', parts: [text('Be brief.')] },
        user(text('Hi')),
        assistant({ type: 'other', kind: 'thinking' }, text('Hello')),
        user(text('More')),
      ]),
    );
    assert.equal(request.system, 'Be brief.');
    assert.equal(request.messages.length, 3);
    assert.deepEqual(skipped, ['thinking']);
  });

  test('consecutive turns of one role merge; empty and whitespace-only parts are dropped', () => {
    const { request } = buildLmRequest(
      input([user(text('a')), user(text('  ')), user(text('b')), assistant(text(''))]),
    );
    assert.deepEqual(request.messages, [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
    ]);
    refusal(() => buildLmRequest(input([user(text(' '))])));
  });

  test('tool calls in the history with no tools offered travel as text (the API refuses them otherwise)', () => {
    const { request, skipped } = buildLmRequest(input(roundTrip));
    assert.equal(request.tools, undefined);
    assert.deepEqual(request.messages[1]!.content, [
      { type: 'text', text: 'Reading it.' },
      { type: 'text', text: '[Tool call read_file: {"path":"a.ts"}]' },
    ]);
    assert.match(skipped.join(), /as text/);
  });

  test('bad tools and misplaced parts are refused with the field', () => {
    assert.equal(
      refusal(() => buildLmRequest(input([user(text('x'))], { tools: [readFileTool, readFileTool] }))).field,
      'tools.1.name',
    );
    assert.equal(
      refusal(() =>
        buildLmRequest(input([user(text('x'))], { tools: [{ name: 't', inputSchema: { type: 'string' } }] })),
      ).field,
      'tools.0.inputSchema',
    );
    assert.match(
      refusal(() => buildLmRequest(input([user({ type: 'toolCall', callId: 'a', name: 'b', input: {} })])))
        .message,
      /must be in an assistant message/,
    );
    assert.match(
      refusal(() =>
        buildLmRequest(input([assistant({ type: 'toolCall', callId: 'a', name: 'b', input: 'x' })])),
      ).message,
      /must be an object/,
    );
  });

  test('a final assistant message (prefill) loses only its trailing whitespace', () => {
    const { request } = buildLmRequest(input([user(text('Count')), assistant(text('1, 2, '))]));
    assert.deepEqual(request.messages[1]!.content, [{ type: 'text', text: '1, 2,' }]);
  });

  test('prompt caching marks breakpoints on the tools and the latest user turns', () => {
    const { request } = buildLmRequest(input(roundTrip, { tools: [readFileTool], promptCaching: true }));
    assert.deepEqual(request.tools?.[0]?.cache_control, { type: 'ephemeral' });
    const last = request.messages[2]!.content as { cache_control?: unknown }[];
    assert.deepEqual(last[last.length - 1]!.cache_control, { type: 'ephemeral' });
  });
});

describe('buildLmRequest against the local endpoint', () => {
  const h = useEndpoint();

  test('Messages format: the endpoint receives the tool round trip with its ids and accepts it', async () => {
    h.ep.script('a is 1.');
    const { request } = buildLmRequest(input(roundTrip, { tools: [readFileTool] }));
    let reply = '';
    await clientFor(h.ep).stream(request, { onText: (d) => (reply += d) });
    assert.equal(reply, 'a is 1.');
    const sent = h.ep.requests.find((r) => r.path === '/v1/messages')?.body as Record<string, unknown>;
    assert.deepEqual(sent.messages, request.messages);
    assert.deepEqual(sent.tools, request.tools);
    assert.equal(sent.stream, true);
  });

  test('Chat Completions format: tool calls and results keep their ids, the image is a data URL', async () => {
    const { request } = buildLmRequest(
      input([user(text('Look'), { type: 'data', mimeType: 'image/png', data: PNG }), ...roundTrip.slice(1)], {
        tools: [readFileTool],
        toolMode: 'required',
      }),
    );
    await clientFor(h.ep, { apiFormat: 'chat-completions', authHeader: 'bearer' }).stream(request);
    const sent = h.ep.requests.find((r) => r.path === '/v1/chat/completions')?.body as {
      messages: Record<string, unknown>[];
      tool_choice: unknown;
    };
    assert.deepEqual(sent.messages[0], {
      role: 'user',
      content: [
        { type: 'text', text: 'Look' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${b64(PNG)}` } },
      ],
    });
    assert.deepEqual(
      (sent.messages[1]!.tool_calls as { id: string }[]).map((c) => c.id),
      ['toolu_01A'],
    );
    assert.deepEqual(sent.messages[2], {
      role: 'tool',
      tool_call_id: 'toolu_01A',
      content: 'export const a = 1;',
    });
    assert.equal(sent.tool_choice, 'required');
  });
});

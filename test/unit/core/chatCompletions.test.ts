import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { toChatRequest } from '../../../src/core/chatCompletions/requestMapping';
import { ChatStreamMapper } from '../../../src/core/chatCompletions/streamMapping';
import { MessageAccumulator } from '../../../src/core/messages/accumulator';
import { ApiError } from '../../../src/core/messages/errors';
import type { MessagesRequest } from '../../../src/core/messages/schema';
import { ask, clientFor, KEY, rejection, useEndpoint } from './helpers';

const req: MessagesRequest = {
  model: 'claude-sonnet-4-5',
  max_tokens: 1000,
  system: [
    { type: 'text', text: 'Be brief.' },
    { type: 'text', text: 'Use TypeScript.' },
  ],
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
        { type: 'image', source: { type: 'url', url: 'https://example.com/x.jpg' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'dropped', signature: 's' },
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'call_1', name: 'read_file', input: { path: 'a.ts' } },
      ],
    },
    {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'call_1', content: 'contents', is_error: true },
        { type: 'text', text: 'and now?' },
      ],
    },
  ],
  temperature: 0.3,
  top_p: 0.9,
  stop_sequences: ['STOP'],
  tools: [
    {
      name: 'read_file',
      description: 'Read a file',
      input_schema: { type: 'object', properties: { path: { type: 'string' } } },
    },
  ],
  tool_choice: { type: 'any', disable_parallel_tool_use: true },
  metadata: { user_id: 'u1' },
};

describe('chat-completions request mapping', () => {
  test('system message, image_url data URLs, tools as functions, tool messages, stop, options', () => {
    const out = toChatRequest(req, 'reasoning-effort', true);
    assert.deepEqual(out.messages[0], { role: 'system', content: 'Be brief.\n\nUse TypeScript.' });
    assert.deepEqual(out.messages[1], {
      role: 'user',
      content: [
        { type: 'text', text: 'What is in this picture?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
        { type: 'image_url', image_url: { url: 'https://example.com/x.jpg' } },
      ],
    });
    assert.deepEqual(out.messages[2], {
      role: 'assistant',
      content: 'Let me check.',
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'read_file', arguments: '{"path":"a.ts"}' } },
      ],
    });
    assert.deepEqual(out.messages[3], { role: 'tool', tool_call_id: 'call_1', content: 'Error: contents' });
    assert.deepEqual(out.messages[4], { role: 'user', content: 'and now?' });
    assert.deepEqual(out.tools, [
      {
        type: 'function',
        function: { name: 'read_file', description: 'Read a file', parameters: req.tools![0]!.input_schema },
      },
    ]);
    assert.equal(out.tool_choice, 'required');
    assert.equal(out.parallel_tool_calls, false);
    assert.deepEqual(out.stop, ['STOP']);
    assert.equal(out.temperature, 0.3);
    assert.equal(out.top_p, 0.9);
    assert.equal(out.user, 'u1');
    assert.deepEqual(out.stream_options, { include_usage: true });
    assert.equal(out.stream, true);
  });

  test('tool_choice variants', () => {
    const choice = (c: MessagesRequest['tool_choice']) =>
      toChatRequest({ ...req, tool_choice: c }, 'none', false).tool_choice;
    assert.equal(choice({ type: 'auto' }), 'auto');
    assert.equal(choice({ type: 'none' }), 'none');
    assert.deepEqual(choice({ type: 'tool', name: 'read_file' }), {
      type: 'function',
      function: { name: 'read_file' },
    });
  });

  test('thinking per style: reasoning effort, model suffix, thinking param, none', () => {
    const t = (budget: number) => ({
      ...req,
      tool_choice: undefined,
      thinking: { type: 'enabled' as const, budget_tokens: budget },
    });
    assert.equal(toChatRequest(t(2000), 'reasoning-effort', true).reasoning_effort, 'low');
    assert.equal(toChatRequest(t(8000), 'reasoning-effort', true).reasoning_effort, 'medium');
    assert.equal(toChatRequest(t(20000), 'reasoning-effort', true).reasoning_effort, 'high');
    assert.equal(toChatRequest(t(2000), 'model-suffix', true).model, 'claude-sonnet-4-5-thinking');
    assert.deepEqual(toChatRequest(t(2000), 'thinking-param', true).thinking, {
      type: 'enabled',
      budget_tokens: 2000,
    });
    const none = toChatRequest(t(2000), 'none', true);
    assert.equal(none.reasoning_effort, undefined);
    assert.equal(none.thinking, undefined);
    assert.equal(none.model, 'claude-sonnet-4-5');
  });
});

describe('chat-completions stream mapping', () => {
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id: 'c1',
    model: 'gpt',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

  function map(chunks: Record<string, unknown>[], done = true) {
    const acc = new MessageAccumulator({}, 'fallback');
    const mapper = new ChatStreamMapper((e) => acc.handle(e), 'fallback');
    for (const c of chunks) mapper.push(c);
    mapper.finish(done);
    return acc;
  }

  test('reasoning_content -> thinking, content -> text, tool_calls by index, finish_reason, usage', () => {
    const acc = map([
      chunk({ role: 'assistant', content: '' }),
      chunk({ reasoning_content: 'thinking ' }),
      chunk({ reasoning_content: 'more' }),
      chunk({ content: 'Hello' }),
      chunk({ content: ' world' }),
      chunk({
        tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'f', arguments: '' } }],
      }),
      chunk({
        tool_calls: [
          { index: 1, id: 'call_b', type: 'function', function: { name: 'g', arguments: '{"y"' } },
        ],
      }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: ':2}' } }] }),
      chunk({}, 'tool_calls'),
      {
        id: 'c1',
        model: 'gpt',
        choices: [],
        usage: { prompt_tokens: 50, completion_tokens: 7, prompt_tokens_details: { cached_tokens: 20 } },
      },
    ]);
    const m = acc.finalMessage();
    assert.equal(m.id, 'c1');
    assert.equal(m.model, 'gpt');
    assert.deepEqual(m.content, [
      { type: 'thinking', thinking: 'thinking more', signature: '' },
      { type: 'text', text: 'Hello world' },
      { type: 'tool_use', id: 'call_a', name: 'f', input: { x: 1 } },
      { type: 'tool_use', id: 'call_b', name: 'g', input: { y: 2 } },
    ]);
    assert.equal(m.stop_reason, 'tool_use');
    assert.deepEqual(m.usage, { input_tokens: 30, output_tokens: 7, cache_read_input_tokens: 20 });
  });

  test('finish reasons map to stop reasons', () => {
    for (const [finish, stop] of [
      ['stop', 'end_turn'],
      ['length', 'max_tokens'],
      ['content_filter', 'refusal'],
      ['tool_calls', 'tool_use'],
    ]) {
      const m = map([chunk({ content: 'x' }), chunk({}, finish)], false).finalMessage();
      assert.equal(m.stop_reason, stop, finish);
    }
  });

  test('a stream with neither finish_reason nor [DONE] is incomplete', () => {
    const acc = map([chunk({ content: 'partial' })], false);
    assert.equal(acc.complete, false);
    assert.equal((acc.snapshot()!.content[0] as { text: string }).text, 'partial');
  });

  test('an error chunk throws', () => {
    assert.throws(
      () =>
        map([
          chunk({ content: 'a' }),
          { error: { message: 'Rate limit reached', type: 'rate_limit_error' } },
        ]),
      (e: unknown) => e instanceof ApiError && e.kind === 'rate_limit',
    );
  });
});

describe('MessagesClient in chat-completions format against the local endpoint', () => {
  const h = useEndpoint();
  const chat = (over = {}) =>
    clientFor(h.ep, { apiFormat: 'chat-completions', authHeader: 'bearer', ...over });

  test('streams thinking, text and a tool call; sends Bearer auth and no anthropic headers', async () => {
    h.ep.script({
      content: [
        { type: 'thinking', thinking: 'reasoning here' },
        { type: 'text', text: 'Calling a tool now.' },
        { type: 'tool_use', name: 'read_file', input: { path: 'x "y".ts' }, id: 'call_9' },
      ],
      chunkSize: 4,
    });
    let text = '';
    let thinking = '';
    const m = await chat().stream(ask('hi', { thinking: { type: 'enabled', budget_tokens: 1024 } }), {
      onText: (d) => (text += d),
      onThinking: (d) => (thinking += d),
    });
    assert.equal(text, 'Calling a tool now.');
    assert.equal(thinking, 'reasoning here');
    assert.deepEqual(m.content[2], {
      type: 'tool_use',
      id: 'call_9',
      name: 'read_file',
      input: { path: 'x "y".ts' },
    });
    assert.equal(m.stop_reason, 'tool_use');
    assert.ok(m.usage.output_tokens > 0 && m.usage.input_tokens > 0, 'usage from the include_usage chunk');
    const r = h.ep.requests[0]!;
    assert.equal(r.path, '/v1/chat/completions');
    assert.equal(r.headers.authorization, `Bearer ${KEY}`);
    assert.equal(r.headers['anthropic-version'], undefined);
    assert.equal((r.body as { reasoning_effort: string }).reasoning_effort, 'low');
  });

  test('the tool loop round-trips through tool messages', async () => {
    const m = await chat().stream({
      ...ask(),
      messages: [
        { role: 'user', content: 'read it' },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 'call_1', name: 'read_file', input: { path: 'a' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1', content: 'abc' }] },
      ],
    });
    assert.match((m.content[0] as { text: string }).text, /returned 3 characters/);
  });

  test('non-streaming create() maps a chat.completion', async () => {
    h.ep.script({
      content: [
        { type: 'text', text: 'plain answer' },
        { type: 'tool_use', name: 't', input: { a: [1] }, id: 'call_z' },
      ],
    });
    const m = await chat().create(ask());
    assert.deepEqual(m.content, [
      { type: 'text', text: 'plain answer' },
      { type: 'tool_use', id: 'call_z', name: 't', input: { a: [1] } },
    ]);
    assert.equal(m.stop_reason, 'tool_use');
  });

  test('an error chunk mid-stream keeps the partial; a cut stream is truncated', async () => {
    h.ep.script({ content: [{ type: 'text', text: 'abcdefghijkl' }], chunkSize: 3 });
    h.ep.setFault({ type: 'error-event', afterEvents: 3, errorType: 'server_error', message: 'boom' });
    const e1 = await rejection(chat().stream(ask()));
    assert.ok(e1 instanceof ApiError);
    assert.match(e1.message, /boom/);
    assert.equal((e1.partial?.content[0] as { text: string }).text, 'abcdef');
    h.ep.script({ content: [{ type: 'text', text: 'abcdefghijkl' }], chunkSize: 3 });
    h.ep.setFault({ type: 'cut', afterEvents: 2 });
    const e2 = await rejection(chat().stream(ask()));
    assert.ok(e2 instanceof ApiError && e2.kind === 'truncated');
    assert.equal((e2.partial?.content[0] as { text: string }).text, 'abc');
  });

  test('HTTP errors in OpenAI shape are normalised and retried like the SDK', async () => {
    h.ep.setFault({ type: 'status', status: 429, retryAfterMs: 5 }, { times: 1 });
    h.ep.script('after 429');
    const m = await chat().stream(ask());
    assert.equal((m.content[0] as { text: string }).text, 'after 429');
    h.ep.configure({ auth: 'bearer' });
    const e = await rejection(chat({ apiKey: 'wrong-key-123' }).stream(ask()));
    assert.ok(e instanceof ApiError && e.kind === 'auth' && e.status === 401);
  });

  test('listModels reads the OpenAI list; countTokens is unsupported', async () => {
    const models = await chat().listModels();
    assert.ok(models.length > 3);
    assert.ok(models.every((x) => typeof x.id === 'string' && x.display_name === x.id));
    const e = await rejection(chat().countTokens(ask()));
    assert.ok(e instanceof ApiError && e.kind === 'unsupported');
  });
});

describe('chat-completions mapping of documents and string content', () => {
  test('text documents become text, PDFs become file parts; plain strings stay strings', () => {
    const out = toChatRequest(
      {
        model: 'm',
        max_tokens: 10,
        system: 'sys',
        messages: [
          {
            role: 'user',
            content: [
              {
                type: 'document',
                source: { type: 'text', media_type: 'text/plain', data: 'doc body' },
                title: 'Notes',
              },
              {
                type: 'document',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' },
                title: 'spec.pdf',
              },
            ],
          },
          { role: 'assistant', content: 'a string reply' },
          { role: 'user', content: 'plain' },
        ],
      },
      'none',
      false,
    );
    assert.deepEqual(out.messages, [
      { role: 'system', content: 'sys' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Notes\n\ndoc body' },
          { type: 'file', file: { filename: 'spec.pdf', file_data: 'data:application/pdf;base64,JVBER' } },
        ],
      },
      { role: 'assistant', content: 'a string reply' },
      { role: 'user', content: 'plain' },
    ]);
    assert.equal(out.stream, undefined);
    assert.equal(out.stream_options, undefined);
  });
});

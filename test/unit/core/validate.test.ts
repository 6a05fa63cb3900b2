import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/messages/errors';
import type { MessagesRequest } from '../../../src/core/messages/schema';
import { validateRequest } from '../../../src/core/messages/validate';

const base: MessagesRequest = { model: 'm', max_tokens: 4096, messages: [{ role: 'user', content: 'hi' }] };

function fails(req: unknown, field: string, pattern: RegExp) {
  try {
    validateRequest(req);
  } catch (err) {
    assert.ok(err instanceof ApiError, 'an ApiError');
    assert.equal(err.kind, 'invalid_request');
    assert.ok(err.message.startsWith(`${field}:`), `message "${err.message}" names ${field}`);
    assert.match(err.message, pattern);
    return;
  }
  assert.fail(`expected validation of ${field} to fail`);
}

const thinking = (budget: number) => ({ type: 'enabled' as const, budget_tokens: budget });
const png = (media: string) => ({
  type: 'image' as const,
  source: { type: 'base64' as const, media_type: media, data: 'AAAA' },
});

describe('validateRequest', () => {
  test('accepts a full request with every field', () => {
    const req: MessagesRequest = {
      model: 'claude-sonnet-4-5',
      max_tokens: 8192,
      system: [{ type: 'text', text: 'sys', cache_control: { type: 'ephemeral' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'look' },
            png('image/png'),
            { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
            {
              type: 'document',
              source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
              title: 'spec',
            },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 't', signature: 's' },
            { type: 'redacted_thinking', data: 'xyz' },
            { type: 'tool_use', id: 'toolu_1', name: 'read', input: { p: 1 } },
          ],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 'toolu_1',
              content: [{ type: 'text', text: 'r' }],
              is_error: false,
            },
          ],
        },
      ],
      temperature: 1,
      top_p: 0.99,
      stop_sequences: ['END'],
      stream: true,
      tools: [
        { name: 'read', description: 'read', input_schema: { type: 'object', properties: {} } },
        { type: 'bash_20250124', name: 'bash' },
      ],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      thinking: thinking(2048),
      metadata: { user_id: 'u-1' },
    };
    const out = validateRequest(req);
    assert.deepEqual(out.tools?.[1], { type: 'bash_20250124', name: 'bash' }, 'typed tools pass through');
    assert.deepEqual(out.messages[1], req.messages[1], 'thinking passed back unchanged');
  });

  test('thinking budget below 1024', () =>
    fails({ ...base, thinking: thinking(1000) }, 'thinking.budget_tokens', /at least 1024/));
  test('thinking budget not below max_tokens', () =>
    fails(
      { ...base, max_tokens: 2048, thinking: thinking(2048) },
      'thinking.budget_tokens',
      /less than max_tokens/,
    ));
  test('thinking with temperature other than 1', () =>
    fails({ ...base, thinking: thinking(1024), temperature: 0.5 }, 'temperature', /must be 1/));
  test('thinking with top_k', () =>
    fails({ ...base, thinking: thinking(1024), top_k: 5 }, 'top_k', /thinking/));
  test('thinking with a forced tool_choice (any)', () =>
    fails(
      { ...base, thinking: thinking(1024), tool_choice: { type: 'any' } },
      'tool_choice',
      /forces tool use/,
    ));
  test('thinking with a forced tool_choice (tool)', () =>
    fails(
      {
        ...base,
        thinking: thinking(1024),
        tools: [{ name: 'x', input_schema: { type: 'object' } }],
        tool_choice: { type: 'tool', name: 'x' },
      },
      'tool_choice',
      /forces/,
    ));
  test('thinking with temperature 1 and tool_choice auto is fine', () => {
    validateRequest({ ...base, thinking: thinking(1024), temperature: 1, tool_choice: { type: 'auto' } });
  });
  test('tool names must match the pattern', () => {
    fails(
      { ...base, tools: [{ name: 'bad name!', input_schema: { type: 'object' } }] },
      'tools.0.name',
      /must match/,
    );
    fails(
      { ...base, tools: [{ name: 'x'.repeat(65), input_schema: { type: 'object' } }] },
      'tools.0.name',
      /must match/,
    );
    validateRequest({ ...base, tools: [{ name: 'ok_Name-1', input_schema: { type: 'object' } }] });
  });
  test('tool_choice naming a missing tool', () =>
    fails({ ...base, tool_choice: { type: 'tool', name: 'nope' } }, 'tool_choice.name', /no tool named/));
  test('image media types', () => {
    fails(
      { ...base, messages: [{ role: 'user', content: [png('image/bmp')] }] },
      'messages.0.content.0.source.media_type',
      /not supported/,
    );
    for (const t of ['image/jpeg', 'image/png', 'image/gif', 'image/webp']) {
      validateRequest({ ...base, messages: [{ role: 'user', content: [png(t)] }] });
    }
  });
  test('empty text blocks', () => {
    fails(
      { ...base, messages: [{ role: 'user', content: [{ type: 'text', text: '  ' }] }] },
      'messages.0.content.0.text',
      /non-empty/,
    );
    fails({ ...base, messages: [{ role: 'user', content: '' }] }, 'messages.0.content', /non-empty/);
    fails({ ...base, system: [{ type: 'text', text: '' }] }, 'system.0.text', /non-empty/);
  });
  test('a tool_use without its tool_result in the next user turn', () => {
    fails(
      {
        ...base,
        messages: [
          { role: 'user', content: 'go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'x', input: {} }] },
          { role: 'user', content: 'I ignore the tool' },
        ],
      },
      'messages.2',
      /toolu_a/,
    );
  });
  test('a tool_result for an unknown tool_use', () => {
    fails(
      {
        ...base,
        messages: [
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_z', content: 'r' }] },
        ],
      },
      'messages.0.content',
      /toolu_z/,
    );
  });
  test('a prefill ending in whitespace', () => {
    fails(
      {
        ...base,
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: 'partial ' },
        ],
      },
      'messages.1.content',
      /whitespace/,
    );
  });
  test('shape errors name the field', () => {
    fails({ ...base, max_tokens: -1 }, 'max_tokens', /./);
    fails({ ...base, model: '' }, 'model', /./);
    fails({ ...base, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role', /./);
    fails({ ...base, messages: [] }, 'messages', /at least one/);
    fails({ ...base, tool_choice: { type: 'sometimes' } }, 'tool_choice.type', /./);
  });
});

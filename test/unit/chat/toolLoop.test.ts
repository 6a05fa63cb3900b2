// The tool loop inside one turn, against the real local endpoint: calls reach `run` only when complete, results go
// back (errors as is_error), thinking is passed back unchanged, the round limit asks, Stop ends it, and the
// conversation stays valid for the next question in every case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessagesClient } from '../../../src/core/messages/client';
import { Conversation } from '../../../src/core/chat/conversation';
import type { TurnTools } from '../../../src/core/chat/toolLoop';
import { continueTurn, runTurn } from '../../../src/core/chat/turn';
import type { TurnDefaults } from '../../../src/core/chat/turnRequest';
import { restoredTurns } from '../../../src/core/chat/restoredTurns';
import type { ToolResultBlock, ToolUseBlock } from '../../../src/core/messages/schema';
import { clientFor, useEndpoint } from '../core/helpers';

type Json = Record<string, unknown>;
const local = useEndpoint({ auth: 'x-api-key', delayMs: 0 });
// Made on first use: the endpoint (and its URL) exists only once the tests run.
let made: MessagesClient | undefined;
const client = () => (made ??= clientFor(local.ep, { maxRetries: 0 }));

const defaults: TurnDefaults = { model: 'claude-test', maxTokens: 4096, system: '', stopSequences: [] };
const definitions = [
  {
    name: 'read_file',
    description: 'Reads a file.',
    input_schema: { type: 'object' as const, properties: {} },
  },
];

function tools(overrides: Partial<TurnTools> = {}): TurnTools & { calls: ToolUseBlock[][] } {
  const calls: ToolUseBlock[][] = [];
  return {
    definitions,
    roundLimit: 25,
    calls,
    run: async (round) => {
      calls.push(round);
      return round.map((c): ToolResultBlock => ({
        type: 'tool_result',
        tool_use_id: c.id,
        content: `contents of ${String((c.input as Json).path)}`,
      }));
    },
    goOn: async () => true,
    ...overrides,
  };
}

const toolUse = (id: string, path: string) => ({
  type: 'tool_use' as const,
  id,
  name: 'read_file',
  input: { path },
});
const bodies = () => local.ep.requests.filter((r) => r.path === '/v1/messages').map((r) => r.body as Json);

test('a tool round: the calls run, their results go back, and the final answer ends the turn', async () => {
  local.ep.reset();
  local.ep.script(
    {
      content: [
        { type: 'text', text: 'Let me look.' },
        toolUse('toolu_1', 'a.ts'),
        toolUse('toolu_2', 'b.ts'),
      ],
    },
    'Both files are fine.',
  );
  const c = new Conversation();
  const t = tools();
  let shown = '';
  const outcome = await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'Check a and b' },
    onDelta: (d) => (shown += d.text),
    signal: new AbortController().signal,
    tools: t,
  });
  assert.equal(outcome.type, 'done');
  assert.equal(t.calls.length, 1);
  assert.deepEqual(
    t.calls[0]!.map((x) => x.id),
    ['toolu_1', 'toolu_2'],
    'parallel calls come as one round',
  );
  assert.equal(shown, 'Let me look.Both files are fine.');
  const [first, second] = bodies();
  assert.equal((first!.tools as Json[])[0]!.name, 'read_file');
  const last = (second!.messages as Json[]).at(-1)!;
  assert.deepEqual(last, {
    role: 'user',
    content: [
      { type: 'tool_result', tool_use_id: 'toolu_1', content: 'contents of a.ts' },
      { type: 'tool_result', tool_use_id: 'toolu_2', content: 'contents of b.ts' },
    ],
  });
  assert.equal(c.turns, 1, 'tool results are not questions');
  assert.equal(outcome.type === 'done' && outcome.meta.usage!.outputTokens > 0, true);
  // Restored, the turn is one reply: text, two cards, text.
  const [turn] = restoredTurns(c);
  assert.deepEqual(
    turn!.reply!.parts!.map((p) =>
      p.kind === 'text' ? p.text : p.kind === 'tool' ? `${p.card.tool}:${p.card.state}` : p.kind,
    ),
    ['Let me look.', 'read_file:done', 'read_file:done', 'Both files are fine.'],
  );
});

test('thinking blocks with their signatures go back unchanged with the tool results', async () => {
  local.ep.reset();
  // The endpoint signs the thinking it sends and refuses a turn whose thinking comes back altered.
  local.ep.script(
    { content: [{ type: 'thinking', thinking: 'I should read it.' }, toolUse('toolu_t', 'x.ts')] },
    'Done.',
  );
  const c = new Conversation();
  const thinkingOn = { ...defaults, thinking: { budgetTokens: 1024 } };
  const outcome = await runTurn(c, {
    client: client(),
    defaults: thinkingOn,
    question: { text: 'go' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: tools(),
  });
  assert.equal(outcome.type, 'done');
  const sentBack = ((bodies()[1]!.messages as Json[])[1]!.content as Json[])[0]!;
  assert.equal(sentBack.type, 'thinking');
  assert.equal(sentBack.thinking, 'I should read it.');
  assert.equal(typeof sentBack.signature, 'string');
  assert.deepEqual(sentBack, (c.messages[1]!.content as unknown as Json[])[0]);
  assert.equal(local.ep.requests.at(-1)!.status, 200, 'the endpoint accepted the passed-back thinking');
});

test('a denied or failed call goes back as is_error and the model answers it', async () => {
  local.ep.reset();
  local.ep.script({ content: [toolUse('toolu_d', '.env')] }, 'Understood, I will not read it.');
  const c = new Conversation();
  const t = tools({
    run: async (round) =>
      round.map((x) => ({
        type: 'tool_result',
        tool_use_id: x.id,
        content: 'The user denied this call: secrets',
        is_error: true,
      })),
  });
  const outcome = await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'read .env' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: t,
  });
  assert.equal(outcome.type, 'done');
  const result = ((bodies()[1]!.messages as Json[]).at(-1)!.content as Json[])[0]!;
  assert.equal(result.is_error, true);
  assert.equal(restoredTurns(c)[0]!.reply!.parts![0]!.kind, 'tool');
  const card = restoredTurns(c)[0]!.reply!.parts!.find((p) => p.kind === 'tool');
  assert.equal(card?.kind === 'tool' && card.card.state, 'denied');
});

test('a stream cut inside a tool_use never reaches run (G9)', async () => {
  local.ep.reset();
  local.ep.script({
    content: [
      { type: 'text', text: 'Running it.' },
      { type: 'tool_use', name: 'run_command', input: { command: 'rm -rf build' } },
    ],
    fault: { type: 'cut', afterEvents: 6, midEvent: true },
  });
  const c = new Conversation();
  const t = tools();
  const outcome = await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'clean' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: t,
  });
  assert.equal(outcome.type, 'error');
  assert.equal(t.calls.length, 0);
  // The kept partial reply is text only: no half tool_use in the history.
  assert.ok(
    c.messages.every((m) => typeof m.content === 'string' || m.content.every((b) => b.type !== 'tool_use')),
  );
});

test('Stop while a call waits: the call is answered as not run, the turn stops, and the next question is valid', async () => {
  local.ep.reset();
  local.ep.script({ content: [toolUse('toolu_s', 'a.ts')] }, 'Next answer.');
  const c = new Conversation();
  const abort = new AbortController();
  const t = tools({
    run: async (round, signal) => {
      abort.abort();
      assert.equal(signal.aborted, true);
      return round.map((x) => ({
        type: 'tool_result',
        tool_use_id: x.id,
        content: 'Stopped.',
        is_error: true,
      }));
    },
  });
  const outcome = await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'look' },
    onDelta: () => {},
    signal: abort.signal,
    tools: t,
  });
  assert.equal(outcome.type, 'stopped');
  assert.equal(bodies().length, 1, 'no request after Stop');
  assert.equal(c.canContinue, true, 'the turn can be continued from its tool results');
  await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'never mind' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: tools(),
  });
  const msgs = bodies()[1]!.messages as Json[];
  assert.deepEqual(
    msgs.map((m) => m.role),
    ['user', 'assistant', 'user'],
  );
  const blocks = msgs[2]!.content as Json[];
  assert.deepEqual(
    blocks.map((b) => b.type),
    ['tool_result', 'text'],
    'results first, then the new question',
  );
  assert.equal(c.turns, 2);
});

test('Continue after the tools ran asks for the answer to their results', async () => {
  local.ep.reset();
  local.ep.script(
    { content: [toolUse('toolu_c', 'a.ts')] },
    { content: [], fault: { type: 'status', status: 500 } },
    'The answer.',
  );
  const c = new Conversation();
  const first = await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'look' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: tools(),
  });
  assert.equal(first.type, 'error');
  assert.ok(first.type === 'error' && first.meta, 'the turn keeps what it did');
  assert.equal(c.canContinue, true);
  assert.equal(restoredTurns(c)[0]!.reply!.info.canContinue, true);
  let text = '';
  const again = await continueTurn(c, {
    client: client(),
    defaults,
    onDelta: (d) => (text += d.text),
    signal: new AbortController().signal,
    tools: tools(),
  });
  assert.equal(again.type, 'done');
  assert.equal(text, 'The answer.');
  assert.equal((bodies().at(-1)!.messages as Json[]).at(-1)!.role, 'user');
});

test('the round limit asks before going on; declining ends the turn with the results kept', async () => {
  local.ep.reset();
  local.ep.script({ content: [toolUse('toolu_r1', 'a')] }, { content: [toolUse('toolu_r2', 'b')] }, 'unused');
  const asked: number[] = [];
  const c = new Conversation();
  const outcome = await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'loop' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: tools({
      roundLimit: 2,
      goOn: async (n) => {
        asked.push(n);
        return false;
      },
    }),
  });
  assert.equal(outcome.type, 'done');
  assert.deepEqual(asked, [2]);
  assert.equal(bodies().length, 2);
  assert.equal(c.messages.at(-1)!.role, 'user');
});

test('a question after a turn left at an unanswered call (window closed at the gate) answers it as not run', async () => {
  local.ep.reset();
  local.ep.script('Fine.');
  const c = new Conversation({
    version: 1,
    id: 'dangling',
    title: 't',
    createdAt: 0,
    updatedAt: 0,
    turns: 1,
    messages: [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: [toolUse('toolu_x', 'a')] },
    ],
    replies: {},
  });
  const outcome = await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'next' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: tools(),
  });
  assert.equal(outcome.type, 'done');
  const blocks = (bodies()[0]!.messages as Json[])[2]!.content as Json[];
  assert.equal(blocks[0]!.type, 'tool_result');
  assert.equal(blocks[0]!.is_error, true);
});

test('without tools (Restricted Mode, or off) the request carries none', async () => {
  local.ep.reset();
  local.ep.script('Plain.');
  await runTurn(new Conversation(), {
    client: client(),
    defaults,
    question: { text: 'hi' },
    onDelta: () => {},
    signal: new AbortController().signal,
  });
  assert.equal(bodies()[0]!.tools, undefined);
});

test('a turn without tools after one that used them sends the calls and results as text (the API refuses tool blocks then)', async () => {
  local.ep.reset();
  local.ep.script({ content: [toolUse('toolu_h', 'a.ts')] }, 'Read it.', 'Answer without tools.');
  const c = new Conversation();
  await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'look' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: tools(),
  });
  const outcome = await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'and now?' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: {
      ...tools(),
      definitions: [],
    },
  });
  assert.equal(outcome.type, 'done');
  const last = bodies().at(-1)!;
  assert.equal(last.tools, undefined);
  const text = JSON.stringify(last.messages);
  assert.ok(!text.includes('"tool_use"') && !text.includes('"tool_result"'));
  assert.match(text, /\[Tool call read_file: \{\\"path\\":\\"a.ts\\"\}\]/);
  assert.equal(local.ep.requests.at(-1)!.status, 200);
});

test('the loop works the same over the Chat Completions format', async () => {
  local.ep.reset();
  local.ep.script({ content: [toolUse('call_cc', 'a.ts')] }, 'Via chat completions.');
  const cc = clientFor(local.ep, { apiFormat: 'chat-completions', maxRetries: 0 });
  const t = tools();
  let text = '';
  const outcome = await runTurn(new Conversation(), {
    client: cc,
    defaults,
    question: { text: 'look' },
    onDelta: (d) => (text += d.text),
    signal: new AbortController().signal,
    tools: t,
  });
  assert.equal(outcome.type, 'done');
  assert.equal(t.calls[0]![0]!.id, 'call_cc');
  assert.equal(text, 'Via chat completions.');
  const second = local.ep.requests.filter((r) => r.path === '/v1/chat/completions')[1]!.body as Json;
  const last = (second.messages as Json[]).at(-1)!;
  assert.deepEqual(last, { role: 'tool', tool_call_id: 'call_cc', content: 'contents of a.ts' });
});

test('a question joined to tool results that fails with nothing back is taken out, and the tool results stay', async () => {
  local.ep.reset();
  local.ep.script(
    { content: [toolUse('toolu_k', 'a.ts')] },
    { content: [], fault: { type: 'status', status: 500 } },
  );
  const c = new Conversation();
  const abort = new AbortController();
  const stopping = tools({
    run: async (round) => {
      abort.abort();
      return round.map((x) => ({ type: 'tool_result' as const, tool_use_id: x.id, content: 'ran' }));
    },
  });
  await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'look' },
    onDelta: () => {},
    signal: abort.signal,
    tools: stopping,
  });
  const results = c.messages.at(-1);
  const failed = await runTurn(c, {
    client: client(),
    defaults,
    question: { text: 'and?' },
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: tools(),
  });
  assert.equal(failed.type, 'error');
  assert.deepEqual(
    c.messages.at(-1),
    results,
    'the tool results are back as they were, without the question',
  );
  assert.equal(c.turns, 1);
  // Continue after those results, failing again, keeps them too and can be continued once more.
  local.ep.script({ content: [], fault: { type: 'status', status: 500 } }, 'Finally.');
  const again = await continueTurn(c, {
    client: client(),
    defaults,
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: tools(),
  });
  assert.equal(again.type, 'error');
  assert.ok(again.type === 'error' && again.meta, 'the turn keeps its Continue');
  assert.deepEqual(c.messages.at(-1), results);
  const last = await continueTurn(c, {
    client: client(),
    defaults,
    onDelta: () => {},
    signal: new AbortController().signal,
    tools: tools(),
  });
  assert.equal(last.type, 'done');
});

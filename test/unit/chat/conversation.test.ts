import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEndpoint } from '../../support/endpoint/server';
import { MessagesClient } from '../../../src/core/messages/client';
import { Conversation } from '../../../src/core/chat/conversation';
import { snapshotOf } from '../../../src/core/chat/snapshot';
import { continueTurn, runTurn } from '../../../src/core/chat/turn';
import type { TurnDefaults } from '../../../src/core/chat/turnRequest';
import { restoredTurns } from '../../../src/core/chat/restoredTurns';
import { conversationToMarkdown } from '../../../src/core/chat/exportMarkdown';
import type { CoalescedDelta } from '../../../src/core/chat/deltaCoalescer';

let endpoint: Awaited<ReturnType<typeof startEndpoint>>;
let client: MessagesClient;
before(async () => {
  endpoint = await startEndpoint({ apiKey: 'k', auth: 'x-api-key', delayMs: 0 });
  client = new MessagesClient({
    baseUrl: endpoint.url,
    apiKey: 'k',
    authHeader: 'x-api-key',
    apiFormat: 'messages',
    anthropicVersion: '2023-06-01',
    maxRetries: 0,
  });
});
after(() => endpoint.close());
const defaults: TurnDefaults = {
  model: 'claude-test',
  maxTokens: 1024,
  system: 'be brief',
  stopSequences: [],
};
const collect = () => {
  const deltas: CoalescedDelta[] = [];
  return {
    deltas,
    on: (d: CoalescedDelta) => deltas.push(d),
    text: () => deltas.map((d) => d.text).join(''),
  };
};

test('a turn sends the history and system prompt, and keeps the reply with its usage', async () => {
  endpoint.reset();
  endpoint.script('First answer.', 'Second answer.');
  const c = new Conversation();
  const d = collect();
  const r1 = await runTurn(c, {
    client: client,
    defaults,
    question: { text: 'First question\nwith detail' },
    onDelta: d.on,
    signal: new AbortController().signal,
  });
  assert.equal(r1.type, 'done');
  assert.equal(d.text(), 'First answer.');
  assert.equal(c.title, 'First question');
  await runTurn(c, {
    client: client,
    defaults,
    question: { text: 'Second question' },
    onDelta: () => {},
    signal: new AbortController().signal,
  });
  const sent = endpoint.requests.at(-1)?.body as { system: string; messages: { role: string }[] };
  assert.equal(sent.system, 'be brief');
  assert.deepEqual(
    sent.messages.map((m) => m.role),
    ['user', 'assistant', 'user'],
  );
  assert.equal(c.turns, 2);
  assert.ok(c.replies['3']?.usage && c.replies['3'].usage.outputTokens > 0);
});

test('a cut stream keeps the partial reply, marks it, and Continue completes it with a prefill', async () => {
  endpoint.reset();
  endpoint.script({
    content: [{ type: 'text', text: 'The quick brown fox jumps over the lazy dog. And then it ran away.' }],
    chunkSize: 8,
    fault: { type: 'cut', afterEvents: 6 },
  });
  const c = new Conversation();
  const r = await runTurn(c, {
    client: client,
    defaults,
    question: { text: 'Tell me' },
    onDelta: () => {},
    signal: new AbortController().signal,
  });
  assert.equal(r.type, 'error');
  assert.equal(c.canContinue, true);
  const partial = c.messages[1];
  assert.equal(partial?.role, 'assistant');
  const kept = JSON.stringify(partial?.content);
  assert.ok(kept.includes('The quick'), kept);

  endpoint.script(' the rest of it.');
  const d = collect();
  const r2 = await continueTurn(c, {
    client: client,
    defaults,
    onDelta: d.on,
    signal: new AbortController().signal,
  });
  assert.equal(r2.type, 'done');
  const sent = endpoint.requests.at(-1)?.body as { messages: { role: string; content: unknown }[] };
  const prefill = sent.messages.at(-1);
  assert.equal(prefill?.role, 'assistant', 'the partial goes back as a prefill');
  assert.ok(!String(prefill?.content).match(/\s$/), 'a prefill never ends in whitespace');
  assert.equal(c.messages.length, 2, 'the continuation joins the same reply');
  const text = (c.messages[1]?.content as { text: string }[])[0]?.text ?? '';
  assert.ok(text.startsWith(String(prefill?.content)) && text.endsWith(' the rest of it.'), text);
  assert.equal(c.canContinue, false);
});

test('Stop aborts at once, keeps the words, and a snapshot taken mid-stream already holds them', async () => {
  endpoint.reset();
  endpoint.script({ content: [{ type: 'text', text: 'word '.repeat(400) }], chunkSize: 5, delayMs: 5 });
  const c = new Conversation();
  const abort = new AbortController();
  let snapshotText = '';
  const turn = runTurn(c, {
    client: client,
    defaults,
    question: { text: 'Go' },
    onDelta: (d) => {
      if (d.text && !snapshotText) {
        const s = snapshotOf(c);
        snapshotText = JSON.stringify(s.messages.at(-1));
        assert.equal(s.replies[String(s.messages.length - 1)]?.interrupted, 'cut');
        abort.abort();
      }
    },
    signal: abort.signal,
  });
  const r = await turn;
  assert.equal(r.type, 'stopped');
  assert.ok(snapshotText.includes('word'), 'a crash mid-stream would have kept the partial');
  assert.equal(c.replies['1']?.interrupted, 'stopped');
  assert.equal(c.canContinue, true);
});

test('a failure before any reply text drops the question so it can be sent again as it was', async () => {
  endpoint.reset();
  endpoint.setFault({ type: 'status', status: 401, errorType: 'authentication_error', message: 'bad key' });
  const c = new Conversation();
  const r = await runTurn(c, {
    client: client,
    defaults,
    question: { text: 'Hello' },
    onDelta: () => {},
    signal: new AbortController().signal,
  });
  assert.equal(r.type, 'error');
  assert.equal(r.type === 'error' && r.kind, 'auth');
  assert.match(r.type === 'error' ? r.message : '', /refused the key/);
  assert.equal(c.messages.length, 0);
});

test('thinking on: Continue refuses with a clear reason instead of sending an invalid prefill', async () => {
  endpoint.reset();
  endpoint.script({
    content: [{ type: 'text', text: 'abcdefghij'.repeat(10) }],
    chunkSize: 10,
    fault: { type: 'cut', afterEvents: 5 },
  });
  const c = new Conversation();
  await runTurn(c, {
    client: client,
    defaults,
    question: { text: 'x' },
    onDelta: () => {},
    signal: new AbortController().signal,
  });
  const r = await continueTurn(c, {
    client: client,
    defaults: { ...defaults, thinking: { budgetTokens: 2000 } },
    onDelta: () => {},
    signal: new AbortController().signal,
  });
  assert.equal(r.type, 'error');
  assert.match(r.type === 'error' ? r.message : '', /thinking/);
});

test('restored turns pair questions with replies and offer Continue only on a cut last reply', async () => {
  endpoint.reset();
  endpoint.script('Done.', {
    content: [{ type: 'text', text: 'Half of a reply that will be cut' }],
    chunkSize: 4,
    fault: { type: 'cut', afterEvents: 5 },
  });
  const c = new Conversation();
  await runTurn(c, {
    client: client,
    defaults,
    question: { text: 'one' },
    onDelta: () => {},
    signal: new AbortController().signal,
  });
  await runTurn(c, {
    client: client,
    defaults,
    question: { text: 'two' },
    onDelta: () => {},
    signal: new AbortController().signal,
  });
  const restored = new Conversation(snapshotOf(c));
  const turns = restoredTurns(restored);
  assert.deepEqual(
    turns.map((t) => t.user),
    ['one', 'two'],
  );
  assert.equal(turns[0]?.reply?.text, 'Done.');
  assert.equal(turns[0]?.reply?.info.canContinue, false);
  assert.equal(turns[1]?.reply?.info.canContinue, true);
  assert.equal(turns[1]?.reply?.info.interrupted, 'cut');
  assert.equal(new Set(turns.map((t) => t.requestId)).size, 2);
});

test('export as Markdown: questions, answers, thinking folded, tool calls fenced safely', () => {
  const md = conversationToMarkdown({
    version: 1,
    id: 'e',
    title: 'Export me',
    createdAt: 0,
    updatedAt: 0,
    turns: 1,
    messages: [
      { role: 'user', content: 'How?' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Let me think', signature: 's' },
          { type: 'text', text: 'Like this:\n\n```js\nx()\n```' },
          { type: 'tool_use', id: 't1', name: 'read_file', input: { path: 'a```b' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'file body' }] },
    ],
    replies: { '1': { model: 'claude-x', stopReason: 'tool_use' } },
  });
  assert.match(md, /^# Export me\n/);
  assert.match(md, /## You\n\nHow\?/);
  assert.match(md, /## Claude \(claude-x\)/);
  assert.match(md, /<details><summary>Thinking<\/summary>\n\nLet me think\n\n<\/details>/);
  assert.match(md, /```js\nx\(\)\n```/);
  assert.match(
    md,
    /\*\*Tool call\*\* `read_file`\n\n````json\n/,
    'the fence is longer than the backticks inside',
  );
  assert.match(md, /\*\*Tool result\*\*\n\n```\nfile body\n```/);
  assert.doesNotMatch(md, /## You\n\n\*\*Tool result/, 'a tool result is not shown as a question');
});

test('attached context goes before the question, is saved with the conversation and shows as chips after restore', async () => {
  endpoint.reset();
  endpoint.script('It adds one.');
  const c = new Conversation();
  const context = [
    {
      kind: 'code' as const,
      label: 'src/a.ts:3-4',
      block: {
        type: 'text' as const,
        text: 'From src/a.ts (typescript, lines 3-4):\n\n```typescript\nx + 1\n```',
      },
    },
  ];
  await runTurn(c, {
    client: client,
    defaults,
    question: { text: 'What does it do?', context: context },
    onDelta: () => {},
    signal: new AbortController().signal,
  });
  const sent = endpoint.requests.at(-1)?.body as {
    messages: { content: { type: string; text: string }[] }[];
  };
  assert.deepEqual(
    sent.messages[0]?.content.map((b) => b.text),
    [context[0]!.block.text, 'What does it do?'],
  );
  const restored = new Conversation(snapshotOf(c));
  const [turn] = restoredTurns(restored);
  assert.equal(turn?.user, 'What does it do?');
  assert.deepEqual(turn?.attachments, [{ kind: 'code', label: 'src/a.ts:3-4' }]);
  assert.equal(c.title, 'What does it do?');
});

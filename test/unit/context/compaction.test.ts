// The pure parts of compaction: which tool results are cleared and what the note says, where a summary may cut,
// how the summary joins the kept turns, and which refusals count as "too long".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageParam } from '../../../src/core/messages/schema';
import { clearingPoint, clearToolResults } from '../../../src/core/context/toolResultClearing';
import { chooseCut, isCutPoint, transcriptOf, withSummary } from '../../../src/core/context/summary';
import { isContextOverflow, overflowNumbers } from '../../../src/core/context/overflow';
import { sentMessages } from '../../../src/core/context/contextState';
import { conversationToMarkdown } from '../../../src/core/chat/exportMarkdown';
import { Conversation } from '../../../src/core/chat/conversation';
import { restoredTurns } from '../../../src/core/chat/restoredTurns';

const big = 'x'.repeat(5_000);
const call = (id: string, path: string): MessageParam => ({
  role: 'assistant',
  content: [
    { type: 'text', text: `Reading ${path}.` },
    { type: 'tool_use', id, name: 'read_file', input: { path } },
  ],
});
const result = (id: string, text = big, isError = false): MessageParam => ({
  role: 'user',
  content: [{ type: 'tool_result', tool_use_id: id, content: text, ...(isError ? { is_error: true } : {}) }],
});

/** question, 5 rounds (call + result), answer */
function session(): MessageParam[] {
  const m: MessageParam[] = [{ role: 'user', content: 'Fix the bug' }];
  for (let i = 1; i <= 5; i++) m.push(call(`t${i}`, `src/f${i}.ts`), result(`t${i}`));
  m.push({ role: 'assistant', content: [{ type: 'text', text: 'Done.' }] });
  return m;
}

test('clearing keeps the last rounds verbatim and replaces older results with a note naming the call', () => {
  const m = session();
  const point = clearingPoint(m, 3);
  assert.equal(point, 5, 'results of rounds 1 and 2 (indices 2 and 4) are before the point');
  const cleared = clearToolResults(m, point);
  const resultText = (msg: MessageParam) => {
    const b = (msg.content as { type: string; content?: unknown }[])[0]!;
    return String(b.content);
  };
  assert.match(resultText(cleared[2]!), /^\[Earlier result of read_file \{"path":"src\/f1\.ts"\} cleared/);
  assert.match(resultText(cleared[4]!), /src\/f2\.ts/);
  for (const i of [6, 8, 10]) assert.equal(resultText(cleared[i]!), big, `round at ${i} verbatim`);
  assert.deepEqual(cleared[1], m[1], 'the calls themselves are unchanged');
  assert.equal(m.length, cleared.length);
  assert.equal(resultText(m[2]!), big, 'the stored messages are not changed');
});

test('clearing keeps short results, error marks and the pairing of every call', () => {
  const m: MessageParam[] = [
    { role: 'user', content: 'go' },
    call('a', 'a.ts'),
    result('a', 'short'),
    call('b', 'b.ts'),
    result('b', big, true),
    call('c', 'c.ts'),
    result('c'),
  ];
  const cleared = clearToolResults(m, 6);
  const block = (i: number) => (cleared[i]!.content as Record<string, unknown>[])[0]!;
  assert.equal(block(2).content, 'short');
  assert.equal(block(4).is_error, true);
  assert.equal(block(4).tool_use_id, 'b');
  assert.match(String(block(4).content), /cleared/);
  assert.equal(clearingPoint(m, 3), 0, 'three rounds or fewer: nothing to clear');
});

test('a summary never cuts between a call and its result, and joins the kept question', () => {
  const m = session();
  assert.equal(isCutPoint(m, 2), false, 'a tool result message');
  assert.equal(isCutPoint(m, 3), true, 'an assistant message');
  assert.equal(isCutPoint(m, 0), false, 'nothing before it to summarise');
  const cut = chooseCut(m, { from: 0, keepTokens: 3_000, tokensOf: (x) => JSON.stringify(x).length / 4 });
  assert.ok(cut !== undefined && m[cut]!.role === 'assistant', `cut at ${cut}`);
  const sent = withSummary(m, cut, 'SUMMARY');
  assert.equal(sent[0]!.role, 'user');
  assert.match(JSON.stringify(sent[0]), /SUMMARY/);
  assert.deepEqual(sent.slice(1), m.slice(cut));
  for (let i = 1; i < sent.length; i++) assert.notEqual(sent[i]!.role, sent[i - 1]!.role, 'roles alternate');

  const twoTurns: MessageParam[] = [...m, { role: 'user', content: 'And the tests?' }];
  const joined = withSummary(twoTurns, twoTurns.length - 1, 'S');
  assert.equal(joined.length, 1);
  assert.deepEqual(
    (joined[0]!.content as { text: string }[]).map(
      (b) => b.text.includes('S') && b.text !== 'And the tests?',
    ),
    [true, false],
  );
});

test('the state applies clearing and summary to what is sent only', () => {
  const m = session();
  const sent = sentMessages(m, { clearedBefore: 5, summary: { text: 'S', cutAt: 3 } });
  assert.equal(sent.length, m.length - 3 + 1);
  assert.match(JSON.stringify(sent[1]), /Reading src\/f2/);
  assert.match(JSON.stringify(sent[2]), /cleared to save context/);
  assert.equal(m.length, 12);
});

test('the transcript for the summariser leaves out thinking and cuts long output', () => {
  const t = transcriptOf([
    { role: 'user', content: 'q' },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'secret reasoning', signature: 'sig' },
        { type: 'tool_use', id: 'a', name: 'read_file', input: { path: 'a.ts' } },
      ],
    },
    result('a', 'y'.repeat(10_000)),
  ]);
  assert.doesNotMatch(t, /secret reasoning/);
  assert.match(t, /\[tool call read_file \{"path":"a\.ts"\}\]/);
  assert.match(t, /more characters\]/);
  assert.ok(t.length < 3_000);
});

test('refusals for size are told apart from other refusals, with their numbers', () => {
  for (const text of [
    'prompt is too long: 208310 tokens > 200000 maximum',
    'input length and `max_tokens` exceed context limit: 188240 + 21333 > 200000, decrease input length',
    "This model's maximum context length is 50000 tokens. However, your messages resulted in 61234 tokens.",
    'context_length_exceeded',
    'Request too large for model: too many tokens',
  ])
    assert.equal(isContextOverflow(text), true, text);
  for (const text of ['max_tokens: must be at most 8192', 'messages: roles must alternate', 'Overloaded'])
    assert.equal(isContextOverflow(text), false, text);
  assert.deepEqual(overflowNumbers('prompt is too long: 208,310 tokens > 200000 maximum'), {
    tokens: 208_310,
    maximum: 200_000,
  });
  assert.deepEqual(
    overflowNumbers(
      'maximum context length is 50000 tokens. However, your messages resulted in 61234 tokens',
    ),
    { tokens: 61_234, maximum: 50_000 },
  );
});

test('Export keeps every turn and adds each compaction, with its summary, where it happened', () => {
  const m = session();
  const md = conversationToMarkdown({
    version: 1,
    id: 'c1',
    title: 'T',
    createdAt: 0,
    updatedAt: 0,
    turns: 1,
    messages: m,
    replies: {},
    compactions: [
      {
        at: 7,
        kind: 'summary',
        reason: 'threshold',
        clearedBefore: 5,
        summary: { text: 'THE SUMMARY', cutAt: 3 },
        tokensBefore: 40_000,
        tokensAfter: 9_000,
        time: 0,
      },
    ],
  });
  assert.equal(md.split('**Tool result**').length - 1, 5, 'all five results exported');
  assert.ok(md.includes(big), 'verbatim');
  const divider = md.indexOf('Conversation compacted');
  assert.ok(divider > md.indexOf('src/f3.ts') && divider < md.indexOf('src/f4.ts'), 'before message 7');
  assert.match(md, /THE SUMMARY/);
});

test('a restored conversation shows the divider inside the reply where the compaction happened', () => {
  const c = new Conversation();
  c.messages.push(...session());
  c.compactions.push({
    at: 7,
    kind: 'cleared',
    reason: 'overflow',
    clearedBefore: 5,
    tokensBefore: 40_000,
    tokensAfter: 20_000,
    time: 0,
  });
  const [turn] = restoredTurns(c);
  const kinds = turn!.reply!.parts!.map((p) => p.kind);
  assert.deepEqual(kinds.slice(0, 6), ['text', 'tool', 'text', 'tool', 'text', 'tool']);
  assert.equal(kinds[6], 'compacted', 'after the third call, before the reply at message 7');
  const part = turn!.reply!.parts![6]!;
  assert.ok(part.kind === 'compacted' && part.compaction.reason === 'overflow');
});

// What cards show without a live call: the diff of an edit, and a stored call rebuilt from its blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineDiff } from '../../../src/core/tools/lineDiff';
import { storedCard } from '../../../src/core/tools/cards';

test('lineDiff shows the changed lines with three lines of context and counts the rest', () => {
  const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
  const after = before.replace('line 10\n', 'line ten\nline ten and a half\n');
  assert.deepEqual(lineDiff(before, after), [
    { kind: 'gap', text: '6 unchanged lines' },
    { kind: 'ctx', text: 'line 7' },
    { kind: 'ctx', text: 'line 8' },
    { kind: 'ctx', text: 'line 9' },
    { kind: 'del', text: 'line 10' },
    { kind: 'add', text: 'line ten' },
    { kind: 'add', text: 'line ten and a half' },
    { kind: 'ctx', text: 'line 11' },
    { kind: 'ctx', text: 'line 12' },
    { kind: 'ctx', text: 'line 13' },
    { kind: 'gap', text: '7 unchanged lines' },
  ]);
});

test('lineDiff of a new file is all additions; a huge side is summarised', () => {
  assert.deepEqual(lineDiff('', 'a\nb\n'), [
    { kind: 'add', text: 'a' },
    { kind: 'add', text: 'b' },
  ]);
  const big = Array.from({ length: 250 }, (_, i) => String(i)).join('\n');
  const d = lineDiff('', big);
  assert.equal(d.length, 201);
  assert.deepEqual(d.at(-1), { kind: 'gap', text: '50 more added lines' });
  // CRLF and LF endings of the same lines are not a change.
  assert.deepEqual(lineDiff('same\r\n', 'same\n'), [{ kind: 'ctx', text: 'same' }]);
});

test('a stored call becomes a card: title, visible arguments, and how it ended', () => {
  const call = {
    type: 'tool_use' as const,
    id: 'toolu_1',
    name: 'run_command',
    input: { command: 'echo\u200Bhi' },
  };
  const done = storedCard(call, { type: 'tool_result', tool_use_id: 'toolu_1', content: 'hi\nExit code 0' });
  assert.equal(done.state, 'done');
  assert.equal(done.title, 'Run echo\\u{200B}hi');
  assert.deepEqual(done.args, [{ label: 'command', value: 'echo\\u{200B}hi' }]);
  assert.equal(done.hasInvisible, true);
  assert.equal(done.result, 'hi');
  const denied = storedCard(call, {
    type: 'tool_result',
    tool_use_id: 'toolu_1',
    content: 'The user denied this call: no',
    is_error: true,
  });
  assert.equal(denied.state, 'denied');
  assert.equal(storedCard(call, undefined).state, 'stopped');
});

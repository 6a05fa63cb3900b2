// What cards show: the diff of an edit, a stored call rebuilt from its blocks (titled as the live card was), the
// closing line, and the results the gate writes itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resultSummary, storedCard } from '../../../src/core/tools/cards';
import { cardFor } from '../../../src/core/tools/describe';
import { changedRegion, lineDiff } from '../../../src/core/tools/lineDiff';
import { deniedResult, toolResult, wasDenied, writeResultText } from '../../../src/core/tools/toolResults';
import type { ToolName } from '../../../src/core/tools/types';
import { fixture, prepared } from './helpers';

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

test('changedRegion: the smallest span to replace, so an edit and its Undo touch only what changed', () => {
  assert.deepEqual(changedRegion('let a = 1;\nlet b = 2;\n', 'let a = 1;\nlet b = 3;\n'), {
    start: 19,
    end: 20,
    text: '3',
  });
  assert.deepEqual(changedRegion('same', 'same'), { start: 4, end: 4, text: '' });
  assert.deepEqual(changedRegion('', 'new'), { start: 0, end: 0, text: 'new' });
  // A repeated character: the shared tail never overlaps the shared head.
  assert.deepEqual(changedRegion('aa', 'aaa'), { start: 2, end: 2, text: 'a' });
});

test('a live card and the same call restored from the conversation carry the same title', async () => {
  const f = await fixture({ 'src/a.ts': 'x\n' });
  const calls: [string, Record<string, unknown>, string | undefined][] = [
    ['read_file', { path: 'src/a.ts', start_line: 2, end_line: 9 }, '   2 | x'],
    ['list_files', { path: 'src', pattern: '*.ts' }, 'src/a.ts'],
    ['search_text', { query: 'TODO', is_regex: true, include: '*.ts' }, 'src/a.ts:1: TODO'],
    ['get_diagnostics', {}, 'No problems reported.'],
    ['edit_file', { path: 'src/a.ts', old_string: 'x', new_string: 'y', replace_all: true }, 'Updated'],
    ['write_file', { path: 'src/a.ts', content: 'z' }, writeResultText('src/a.ts', true, 'z')],
    ['write_file', { path: 'src/new.ts', content: 'z' }, writeResultText('src/new.ts', false, 'z')],
    ['run_command', { command: 'npm test' }, '[Exit code 0]'],
  ];
  for (const [name, input, result] of calls) {
    const live = cardFor(await prepared(name as ToolName, input, f.folders), 'running');
    const stored = storedCard(
      { type: 'tool_use', id: 'toolu_x', name, input },
      result === undefined ? undefined : { type: 'tool_result', tool_use_id: 'toolu_x', content: result },
    );
    assert.equal(stored.title, live.title, name);
  }
});

test('a card closes with a line: a command its status, an edit its result, a read how much went back', () => {
  assert.equal(
    resultSummary('run_command', { content: 'ok\n\n[Exit code 0]', isError: false }),
    '[Exit code 0]',
  );
  assert.equal(
    resultSummary('edit_file', { content: 'Updated src/a.ts (now 3 lines).', isError: false }),
    'Updated src/a.ts (now 3 lines).',
  );
  assert.equal(
    resultSummary('read_file', { content: '1 | a\n2 | b\n', isError: false }),
    '2 lines returned to Claude',
  );
  assert.equal(resultSummary('read_file', { content: 'Not found.\nmore', isError: true }), 'Not found.');
  assert.equal(resultSummary('run_command', { content: 'x'.repeat(300), isError: true }).length, 201);
});

test("the gate's own results: a denial reads back as denied, with or without a reason", () => {
  const withReason = deniedResult('toolu_1', 'secrets');
  assert.equal(withReason.content, 'The user denied this call: secrets');
  assert.equal(wasDenied(withReason, String(withReason.content)), true);
  const plain = deniedResult('toolu_2');
  assert.equal(wasDenied(plain, String(plain.content)), true);
  const failed = toolResult('toolu_3', 'The user denied nothing; it failed', false);
  assert.equal(wasDenied(failed, String(failed.content)), false, 'only an error result is a denial');
});

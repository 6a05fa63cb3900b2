import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  changesItem,
  folderItem,
  MAX_PROBLEMS,
  problemsItem,
  terminalItem,
  type Problem,
} from '../../../src/core/composer/mentionItems';
import { MAX_CODE_CHARS } from '../../../src/core/editor/codeContext';

const textOf = (item: { block: { type: string } }): string =>
  (item.block as unknown as { text: string }).text;

test('@problems: errors first, then by path and line, each with its source; counted in the chip', () => {
  const problems: Problem[] = [
    { path: 'b.ts', line: 3, column: 1, severity: 'warning', message: 'unused', source: 'ts', code: '6133' },
    { path: 'a.ts', line: 9, column: 5, severity: 'error', message: 'Type error\nover lines', source: 'ts' },
    { path: 'a.ts', line: 2, column: 1, severity: 'error', message: 'Missing ;' },
  ];
  const item = problemsItem(problems);
  assert.equal(item.kind, 'problems');
  assert.equal(item.label, '@problems');
  assert.equal(item.detail, 'Problems in the workspace: 2 errors, 1 warning');
  const text = textOf(item);
  const order = [
    'a.ts:2:1 error: Missing ;',
    'a.ts:9:5 error: Type error over lines [ts]',
    'b.ts:3:1 warning: unused [ts 6133]',
  ];
  let at = 0;
  for (const line of order) {
    const i = text.indexOf(line, at);
    assert.ok(i >= at, `${line} in order`);
    at = i;
  }
});

test('@problems:path: one file’s problems, named so in the chip and the block', () => {
  const item = problemsItem(
    [{ path: 'src/a.ts', line: 1, column: 2, severity: 'error', message: 'bad' }],
    'src/a.ts',
  );
  assert.equal(item.label, '@problems:src/a.ts');
  assert.equal(item.detail, 'Problems in src/a.ts: 1 error');
  assert.match(textOf(item), /^The problems in src\/a\.ts as VS Code reports them \(1 error\)/);
  assert.match(textOf(problemsItem([], 'src/b.ts')), /reports no problems in src\/b\.ts/);
});

test('@problems: none says so; too many are counted, not listed', () => {
  assert.match(textOf(problemsItem([])), /reports no problems/);
  const many: Problem[] = Array.from({ length: MAX_PROBLEMS + 7 }, (_, i) => ({
    path: 'x.ts',
    line: i + 1,
    column: 1,
    severity: 'error',
    message: 'e',
  }));
  const text = textOf(problemsItem(many));
  assert.match(text, /\(7 more not listed\.\)$/);
});

test('a folder lists its entries, with a note when more were left out', () => {
  const item = folderItem({ path: 'src', entries: ['src/a.ts', 'src/b/c.ts'], truncated: false });
  assert.equal(item.label, 'src/');
  assert.equal(item.kind, 'folder');
  assert.match(textOf(item), /src\/a\.ts\nsrc\/b\/c\.ts/);
  assert.doesNotMatch(textOf(item), /More entries/);
  assert.match(
    textOf(folderItem({ path: 'src/', entries: ['src/a.ts'], truncated: true })),
    /More entries are not listed/,
  );
});

test('@terminal: the command and its output without colours or redraws; long output keeps its end', () => {
  const item = terminalItem({
    terminal: 'bash',
    command: 'npm test',
    output: '\x1b[32mok\x1b[0m 1\r\n\x1b]633;D;0\x07progress 10%\rprogress 100%\nFAIL last line\n',
    exitCode: 1,
    from: 'command',
  });
  const text = textOf(item);
  assert.match(text, /the last command in the terminal "bash" \(exit code 1\)/);
  assert.match(text, /\$ npm test\nok 1\n/);
  assert.ok(!text.includes('\u001b'), 'no escape characters');
  assert.match(text, /progress 100%\nFAIL last line/);
  const long = terminalItem({
    terminal: 't',
    output: `${'x'.repeat(MAX_CODE_CHARS)}THE END`,
    from: 'selection',
  });
  assert.match(textOf(long), /the first 7 characters are not included[\s\S]*THE END/);
  assert.match(textOf(long), /selected in the terminal "t"/);
});

test('@changes: staged, not staged and untracked, files counted; a clean tree says so', () => {
  const diff = (f: string) => `diff --git a/${f} b/${f}\n--- a/${f}\n+++ b/${f}\n@@ -1 +1 @@\n-a\n+b\n`;
  const item = changesItem({
    repository: 'ws',
    staged: diff('a.ts'),
    unstaged: diff('b.ts'),
    untracked: ['new.md'],
  });
  assert.equal(item.detail, 'Uncommitted changes in ws (3 files)');
  assert.match(
    textOf(item),
    /Staged:[\s\S]*a\.ts[\s\S]*Not staged:[\s\S]*b\.ts[\s\S]*Untracked files:[\s\S]*new\.md/,
  );
  assert.match(
    textOf(changesItem({ repository: 'ws', staged: '', unstaged: '', untracked: [] })),
    /no uncommitted changes/,
  );
});

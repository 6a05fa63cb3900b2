import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeBlockText, MAX_CODE_CHARS } from '../../../src/core/editor/codeContext';
import { DEFAULT_PROMPTS } from '../../../src/core/editor/actionPrompts';

test('a selection names its path, language and line range, and the code is fenced exactly', () => {
  const text = codeBlockText({
    path: 'src/cart.ts',
    languageId: 'typescript',
    startLine: 8,
    endLine: 14,
    code: 'export function total() {\n  return 1;\n}\n',
    scope: 'selection',
  });
  assert.equal(
    text,
    'From src/cart.ts (typescript, lines 8-14):\n\n```typescript\nexport function total() {\n  return 1;\n}\n```',
  );
});

test('code containing backtick fences cannot close the block early', () => {
  const text = codeBlockText({
    path: 'README.md',
    languageId: 'markdown',
    startLine: 1,
    endLine: 1,
    code: 'Use ```js fences``` like ````this````',
    scope: 'selection',
  });
  assert.match(text, /^From README\.md \(markdown, line 1\):\n\n`````markdown\n/);
  assert.ok(text.endsWith('\n`````'));
});

test('an enclosing symbol and a whole file say so; long code is cut with a note', () => {
  assert.match(
    codeBlockText({
      path: 'a.py',
      languageId: 'python',
      startLine: 3,
      endLine: 9,
      code: 'def f(): pass',
      scope: 'symbol',
      symbolName: 'f',
    }),
    /^From `f` in a\.py \(python, lines 3-9\):/,
  );
  const big = 'x = 1\n'.repeat(20_000);
  const text = codeBlockText({
    path: 'big.py',
    languageId: 'python',
    startLine: 1,
    endLine: 20_000,
    code: big,
    scope: 'file',
  });
  assert.match(text, /^From the whole file big\.py/);
  assert.ok(text.length < MAX_CODE_CHARS + 500);
  assert.match(text, /\(Cut: only the first \d+ lines of 20000 are included\.\)$/);
});

test('every action has a real prompt', () => {
  for (const [action, prompt] of Object.entries(DEFAULT_PROMPTS))
    assert.ok(prompt.length > 80, `${action} prompt is substantial`);
});

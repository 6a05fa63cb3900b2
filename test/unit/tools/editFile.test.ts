import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdit } from '../../../src/core/tools/editFile';
import type { PreparedOf } from '../../../src/core/tools/prepare';

const edit = (oldString: string, newString: string, replaceAll = false): PreparedOf<'edit_file'> => ({
  id: 't',
  tool: 'edit_file',
  path: { requested: 'a.ts', absolute: '/ws/a.ts', folder: '/ws', relative: 'a.ts', exists: true },
  oldString,
  newString,
  replaceAll,
});

describe('applyEdit', () => {
  it('replaces the one occurrence', () => {
    assert.deepEqual(applyEdit('let a = 1;\nlet b = 2;\n', edit('let b = 2;', 'let b = 3;')), {
      ok: true,
      content: 'let a = 1;\nlet b = 3;\n',
      replacements: 1,
    });
  });

  it('several occurrences: an error asking for context, or all of them with replace_all', () => {
    const r = applyEdit('x();\nx();\nx();\n', edit('x();', 'y();'));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error, /occurs 3 times.*replace_all/);
    assert.deepEqual(applyEdit('x();\nx();\nx();\n', edit('x();', 'y();', true)), {
      ok: true,
      content: 'y();\ny();\ny();\n',
      replacements: 3,
    });
  });

  it('not found: the error points at whitespace, line-number prefixes, or a changed file', () => {
    const ws = applyEdit('function a() {\n\treturn 1;\n}\n', edit('function a() {\n    return 1;\n}', 'x'));
    assert.ok(!ws.ok && /whitespace or indentation/.test(ws.error));
    const prefixed = applyEdit('a\nb\n', edit('  1 | a\n  2 | b', 'x'));
    assert.ok(!prefixed.ok && /line-number prefixes/.test(prefixed.error));
    const gone = applyEdit('a\nb\n', edit('zzz', 'x'));
    assert.ok(!gone.ok && /Read the file again/.test(gone.error));
  });

  it('empty old_string and no-op edits are errors', () => {
    assert.equal(applyEdit('abc', edit('', 'x')).ok, false);
    assert.equal(applyEdit('abc', edit('b', 'b')).ok, false);
  });

  it('`$&` and `$1` in new_string stay literal', () => {
    const r = applyEdit('price = 1', edit('1', '$& and $1 and $$'));
    assert.ok(r.ok);
    assert.equal(r.content, 'price = $& and $1 and $$');
  });

  it('a CRLF file matches LF-only text and keeps its CRLF endings', () => {
    const r = applyEdit('a\r\nb\r\nc\r\n', edit('a\nb', 'x\ny'));
    assert.ok(r.ok);
    assert.equal(r.content, 'x\r\ny\r\nc\r\n');
  });
});

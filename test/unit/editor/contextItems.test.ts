import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  classifyFile,
  codeItem,
  codeLabel,
  imageTypeOf,
  MAX_REQUEST_BYTES,
  pdfItem,
  pdfTooLarge,
  textFileItem,
} from '../../../src/core/editor/contextItems';
import { MAX_CODE_CHARS } from '../../../src/core/editor/codeContext';
import { languageIdForFence } from '../../../src/core/editor/fenceLanguage';

const bytes = (s: string) => new TextEncoder().encode(s);
const PDF = bytes('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

test('labels name the path and line range; a whole file is just its path', () => {
  assert.equal(
    codeLabel({ path: 'src/app.ts', startLine: 10, endLine: 24, scope: 'selection' }),
    'src/app.ts:10-24',
  );
  assert.equal(codeLabel({ path: 'src/app.ts', startLine: 7, endLine: 7, scope: 'symbol' }), 'src/app.ts:7');
  assert.equal(codeLabel({ path: 'src/app.ts', startLine: 1, endLine: 90, scope: 'file' }), 'src/app.ts');
});

test('a selection becomes the same located, fenced block the editor actions send', () => {
  const item = codeItem({
    path: 'src/app.ts',
    languageId: 'typescript',
    startLine: 10,
    endLine: 11,
    code: 'const a = 1;\nconst b = 2;\n',
    scope: 'selection',
  });
  assert.equal(item.kind, 'code');
  assert.equal(item.label, 'src/app.ts:10-11');
  assert.deepEqual(item.block, {
    type: 'text',
    text: 'From src/app.ts (typescript, lines 10-11):\n\n```typescript\nconst a = 1;\nconst b = 2;\n```',
  });
  const symbol = codeItem({
    path: 'src/app.ts',
    languageId: 'typescript',
    startLine: 3,
    endLine: 5,
    code: 'function f() {\n  return 1;\n}',
    scope: 'symbol',
    symbolName: 'f',
  });
  assert.match(symbol.detail, /`f` of src\/app\.ts/);
});

test('files are told apart by signature first, then extension; text must be NUL-free UTF-8', () => {
  assert.equal(classifyFile('docs/spec.pdf', PDF), 'pdf');
  assert.equal(classifyFile('docs/renamed.bin', PDF), 'pdf');
  assert.equal(
    classifyFile('a.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
    'image',
  );
  assert.equal(classifyFile('photo', new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), 'image');
  assert.equal(classifyFile('src/a.ts', bytes('export const a = "é";\n')), 'text');
  assert.equal(classifyFile('empty.txt', new Uint8Array()), 'text');
  assert.equal(classifyFile('a.out', new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 1])), 'binary');
  assert.equal(classifyFile('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x21])), 'binary');
  // A read that stopped inside a multi-byte character is still text.
  assert.equal(classifyFile('cut.txt', bytes('abc é').subarray(0, 5)), 'text');
  const webp = new Uint8Array([...bytes('RIFF'), 0, 0, 0, 0, ...bytes('WEBP')]);
  assert.equal(imageTypeOf('x', webp), 'image/webp');
  assert.equal(imageTypeOf('x.gif', bytes('GIF89a')), 'image/gif');
  assert.equal(imageTypeOf('x.png', bytes('not a png')), undefined);
});

test('a text file is a fenced block naming path and language; a partly read or long file says it was cut', () => {
  const small = textFileItem({
    path: 'src/a.py',
    languageId: 'python',
    text: 'print(1)\nprint(2)\n',
    totalBytes: 18,
    readBytes: 18,
  });
  assert.equal(small.kind, 'file');
  assert.equal(small.label, 'src/a.py');
  assert.equal(
    small.block.type === 'text' && small.block.text,
    'From the whole file src/a.py (python, lines 1-2):\n\n```python\nprint(1)\nprint(2)\n```',
  );
  const long = 'x'.repeat(100) + '\n';
  const big = textFileItem({
    path: 'log.txt',
    languageId: 'log',
    text: long.repeat(1000),
    totalBytes: 5_000_000,
    readBytes: 101_000,
  });
  const text = big.block.type === 'text' ? big.block.text : '';
  assert.ok(text.length < MAX_CODE_CHARS + 500, String(text.length));
  assert.match(text, /\(Cut: only the first \d+ lines of 1000 are included\.\)/);
  assert.match(text, /\(Cut: the file is 4\.8 MB; only its first 99 KB were read\.\)$/);
});

test('a PDF is a base64 document block titled with its path; too large or not a PDF is refused clearly', () => {
  const r = pdfItem('docs/spec.pdf', PDF);
  assert.ok(r.ok);
  assert.equal(r.item.kind, 'pdf');
  assert.deepEqual(r.item.block, {
    type: 'document',
    source: { type: 'base64', media_type: 'application/pdf', data: Buffer.from(PDF).toString('base64') },
    title: 'docs/spec.pdf',
  });
  const limit = (MAX_REQUEST_BYTES / 4) * 3;
  assert.equal(pdfTooLarge('ok.pdf', limit), undefined);
  assert.match(pdfTooLarge('big.pdf', limit + 1) ?? '', /big\.pdf is 24 MB: .*at most 32 MB per request/);
  const fake = pdfItem('fake.pdf', bytes('hello'));
  assert.ok(!fake.ok && fake.message === 'fake.pdf is named .pdf but is not a PDF file.');
});

test('code fence names map to VS Code language ids', () => {
  assert.equal(languageIdForFence('ts'), 'typescript');
  assert.equal(languageIdForFence('Python'), 'python');
  assert.equal(languageIdForFence('bash'), 'shellscript');
  assert.equal(languageIdForFence(''), 'plaintext');
  assert.equal(languageIdForFence('rust'), 'rust');
});

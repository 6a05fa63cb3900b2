import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FileIndex } from '../../../src/core/composer/fileIndex';
import { fixture } from '../tools/helpers';

/** A real workspace folder on disk with these files (removed when the file's tests end). */
const workspace = async (files: Record<string, string>): Promise<string> => (await fixture(files)).ws;

test('the index holds the files and their folders, skipping .gitignore, the excluded globs and .git', async () => {
  const ws = await workspace({
    '.gitignore': 'dist/\n*.log\n',
    'src/app.ts': '',
    'src/lib/util.ts': '',
    'dist/app.js': '',
    'debug.log': '',
    'secret/skip.txt': '',
    '.git/config': '',
    'README.md': '',
  });
  const index = new FileIndex({ folders: [{ name: 'ws', path: ws }], exclude: ['secret/**'] });
  await index.build();
  for (const p of ['.gitignore', 'src/app.ts', 'src/lib/util.ts', 'README.md', 'src/', 'src/lib/']) {
    assert.ok(index.has(p), p);
  }
  for (const p of ['dist/app.js', 'debug.log', 'secret/skip.txt', '.git/config', 'dist/']) {
    assert.ok(!index.has(p), p);
  }
});

test('fuzzy search ranks the closest path first, files and folders alike', async () => {
  const ws = await workspace({
    'src/app.ts': '',
    'src/application/model.ts': '',
    'test/unit/app.test.ts': '',
    'docs/apple.md': '',
  });
  const index = new FileIndex({ folders: [{ name: 'ws', path: ws }], exclude: [] });
  await index.build();
  const r = index.search('srcapp', { limit: 5 });
  assert.equal(r[0]?.path, 'src/app.ts');
  assert.deepEqual(
    index.search('application', { limit: 1 }).map((s) => [s.path, s.kind]),
    [['src/application/', 'folder']],
  );
  assert.deepEqual(index.search('zzzz', { limit: 5 }), []);
});

test('recently opened files rank higher, and are what an empty query shows', async () => {
  const ws = await workspace({ 'a/app.ts': '', 'b/app.ts': '', 'c/app.ts': '' });
  const index = new FileIndex({ folders: [{ name: 'ws', path: ws }], exclude: [] });
  await index.build();
  const plain = index.search('app.ts', { limit: 3 }).map((s) => s.path);
  assert.deepEqual(plain, ['a/app.ts', 'b/app.ts', 'c/app.ts']);
  const recent = ['c/app.ts', 'gone.ts', 'b/app.ts'];
  assert.deepEqual(
    index.search('app.ts', { limit: 3, recent }).map((s) => s.path),
    ['c/app.ts', 'b/app.ts', 'a/app.ts'],
  );
  assert.deepEqual(
    index.search('', { limit: 5, recent }).map((s) => s.path),
    ['c/app.ts', 'b/app.ts'],
  );
});

test('a recent file outside fuzzysort’s own top results is still found and lifted', async () => {
  const files: Record<string, string> = { 'deep/nested/folder/x_config.ts': '' };
  for (let i = 0; i < 40; i++) files[`config${i}.ts`] = '';
  const ws = await workspace(files);
  const index = new FileIndex({ folders: [{ name: 'ws', path: ws }], exclude: [] });
  await index.build();
  assert.ok(!index.search('config', { limit: 3 }).some((s) => s.path.startsWith('deep/')));
  const r = index.search('config', { limit: 3, recent: ['deep/nested/folder/x_config.ts'] });
  assert.equal(r[0]?.path, 'deep/nested/folder/x_config.ts');
});

test('files created and deleted later are added and removed; an empty folder leaves with its last file', async () => {
  const ws = await workspace({ 'src/a.ts': '' });
  const index = new FileIndex({ folders: [{ name: 'ws', path: ws }], exclude: [] });
  await index.build();
  index.add('lib/new.ts');
  assert.equal(index.search('new', { limit: 1 })[0]?.path, 'lib/new.ts');
  index.remove('lib/new.ts');
  assert.ok(!index.has('lib/new.ts'));
  assert.ok(!index.has('lib/'));
  assert.ok(index.has('src/'));
  index.add('src/b.ts');
  index.remove('src/');
  assert.ok(!index.has('src/a.ts') && !index.has('src/b.ts') && !index.has('src/'));
  assert.equal(index.size, 0);
});

test('several workspace folders: each path starts with its folder’s name', async () => {
  const one = await workspace({ 'a.ts': '' });
  const two = await workspace({ 'b.ts': '' });
  const index = new FileIndex({
    folders: [
      { name: 'front', path: one },
      { name: 'back', path: two },
    ],
    exclude: [],
  });
  await index.build();
  assert.ok(index.has('front/a.ts') && index.has('back/b.ts'));
});

test('the index stops at its file limit and says it is incomplete; Stop ends a build early', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 50; i++) files[`f${i}.ts`] = '';
  const ws = await workspace(files);
  const capped = new FileIndex({ folders: [{ name: 'ws', path: ws }], exclude: [], maxFiles: 10 });
  await capped.build();
  assert.equal(capped.size, 10);
  assert.equal(capped.incomplete, true);
  const stopped = new FileIndex({ folders: [{ name: 'ws', path: ws }], exclude: [] });
  await assert.rejects(stopped.build(AbortSignal.abort()), { name: 'AbortError' });
});

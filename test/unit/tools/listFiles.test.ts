// list_files: the walk honours .gitignore (root and nested) and the excludes, skips .git, and never follows a
// symlink out of the workspace.
import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listFilesTool } from '../../../src/core/tools/listFiles';
import { searchTextTool } from '../../../src/core/tools/searchText';
import { walk } from '../../../src/core/tools/walk';
import { fixture, never, prepared } from './helpers';
import { tree } from './tree';

describe('list_files', () => {
  it('lists sorted paths, honouring root and nested .gitignore, the excludes, and skipping .git', async () => {
    const f = await fixture(tree);
    const r = await listFilesTool(await prepared('list_files', {}, f.folders), {
      exclude: ['**/node_modules'],
      limit: 100,
      signal: never,
    });
    assert.equal(r.isError, false);
    assert.deepEqual(r.content.split('\n'), [
      '.env',
      '.gitignore',
      'README.md',
      'keep.log',
      'src/a.ts',
      'src/b.tsx',
      'src/gen/.gitignore',
      'src/gen/y.ts',
    ]);
  });

  it('a folder and a glob; a pattern without "/" matches at any depth', async () => {
    const f = await fixture(tree);
    const opts = { exclude: [], limit: 100, signal: never };
    const ts = await listFilesTool(await prepared('list_files', { pattern: '*.ts' }, f.folders), opts);
    assert.deepEqual(ts.content.split('\n'), ['src/a.ts', 'src/gen/y.ts']);
    const inSrc = await listFilesTool(
      await prepared('list_files', { path: 'src/gen', pattern: '**/*' }, f.folders),
      opts,
    );
    assert.deepEqual(inSrc.content.split('\n'), ['src/gen/.gitignore', 'src/gen/y.ts']);
    const none = await listFilesTool(await prepared('list_files', { pattern: '*.rs' }, f.folders), opts);
    assert.match(none.content, /No files/);
  });

  it('capped with "N more not shown"', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++) files[`f${String(i).padStart(2, '0')}.txt`] = '';
    const f = await fixture(files);
    const r = await listFilesTool(await prepared('list_files', {}, f.folders), {
      exclude: [],
      limit: 10,
      signal: never,
    });
    const lines = r.content.split('\n');
    assert.equal(lines.length, 11);
    assert.match(lines[10]!, /20 more not shown/);
  });

  it('a symlinked folder pointing out is shown as a link and not walked into', async () => {
    const f = await fixture({ 'a.txt': '' });
    await symlink(f.outside, join(f.ws, 'out'));
    const r = await listFilesTool(await prepared('list_files', {}, f.folders), {
      exclude: [],
      limit: 100,
      signal: never,
    });
    assert.deepEqual(r.content.split('\n'), ['a.txt', 'out (symbolic link)']);
  });

  it('a file is not a folder to list', async () => {
    const f = await fixture({ 'a.txt': '' });
    const r = await listFilesTool(await prepared('list_files', { path: 'a.txt' }, f.folders), {
      exclude: [],
      limit: 10,
      signal: never,
    });
    assert.ok(r.isError && /read_file/.test(r.content));
  });

  it('multi-root: paths start with the folder name', async () => {
    const f = await fixture({ 'a.txt': '' });
    const api = join(f.root, 'api');
    await mkdir(api);
    const folders = [f.ws, api];
    const r = await listFilesTool(await prepared('list_files', {}, folders), {
      exclude: [],
      limit: 10,
      signal: never,
      folders,
    });
    assert.equal(r.content, 'ws/a.txt');
  });
});

describe('list_files and search_text stop on abort', () => {
  it('an aborted signal ends the walk with "Stopped"', async () => {
    const f = await fixture(tree);
    const ac = new AbortController();
    ac.abort();
    const opts = { exclude: [], limit: 100, signal: ac.signal };
    const listed = await listFilesTool(await prepared('list_files', {}, f.folders), opts);
    assert.ok(listed.isError && /Stopped/.test(listed.content));
    const found = await searchTextTool(
      await prepared('search_text', { query: 'needle' }, f.folders),
      f.folders,
      opts,
    );
    assert.ok(found.isError && /Stopped/.test(found.content));
  });
});

describe('folders, trailing slashes and huge folders', () => {
  it('an exclude ending in "/" skips folders of that name, never a file of that name', async () => {
    const f = await fixture({ build: 'a file named build\n', 'sub/build/x.js': '', 'sub/keep.js': '' });
    const r = await listFilesTool(await prepared('list_files', {}, f.folders), {
      exclude: ['**/build/'],
      limit: 100,
      signal: never,
    });
    assert.deepEqual(r.content.split('\n'), ['build', 'sub/keep.js']);
  });

  it('a pattern ending in "/" names folders: no file matches, and the answer says how to list one', async () => {
    const f = await fixture({ src: 'a file named src\n', 'lib/src/a.ts': '' });
    const r = await listFilesTool(await prepared('list_files', { pattern: 'src/' }, f.folders), {
      exclude: [],
      limit: 100,
      signal: never,
    });
    assert.match(r.content, /No files/);
    assert.match(r.content, /"path"/);
  });

  it('the walk gives the event loop a turn, so Stop ends a listing of one huge folder (R5)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) files[`f${i}.txt`] = '';
    const f = await fixture(files);
    const ac = new AbortController();
    let seen = 0;
    // The abort is a macrotask: it can only run if the walk lets the event loop turn before it is done.
    await assert.rejects(async () => {
      for await (const entry of walk(f.ws, f.ws, { exclude: [], signal: ac.signal })) {
        assert.ok(entry.rel);
        if (++seen === 1) setImmediate(() => ac.abort());
      }
    }, /aborted/);
    assert.ok(seen < 1000, `${seen} entries walked after the abort was due`);
  });
});

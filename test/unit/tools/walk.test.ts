// list_files and search_text: the walk honours .gitignore (root and nested) and the excludes, skips .git, and
// never follows a symlink out; a file named like a shell command is only ever a name (security 14).
import assert from 'node:assert/strict';
import { access, mkdir, readdir, symlink } from 'node:fs/promises';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listFilesTool } from '../../../src/core/tools/listFiles';
import { readFileTool } from '../../../src/core/tools/readFile';
import { searchTextTool } from '../../../src/core/tools/searchText';
import { fixture, never, prepared } from './helpers';

const tree = {
  '.gitignore': 'dist/\n*.log\n!keep.log\n',
  '.git/config': '[core]\n',
  'src/a.ts': 'export const needle = 1;\n',
  'src/b.tsx': 'const x = "Needle";\n',
  'src/gen/.gitignore': '*.gen.ts\n',
  'src/gen/x.gen.ts': 'needle generated\n',
  'src/gen/y.ts': 'kept\n',
  'dist/out.js': 'needle in build output\n',
  'debug.log': 'needle in a log\n',
  'keep.log': 'needle kept log\n',
  'node_modules/pkg/index.js': 'needle in a dependency\n',
  '.env': 'API_KEY=needle-secret\n',
  'README.md': 'No match here.\n',
};

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

/** The result lines without the notes in brackets. */
const hits = (content: string) =>
  content
    .split('\n')
    .filter((l) => !l.startsWith('['))
    .join('\n');

describe('search_text', () => {
  const opts = { exclude: ['**/node_modules'], limit: 100, signal: never };

  it('finds literal text, ignoring case by default, and skips ignored, excluded, .git and secret files', async () => {
    const f = await fixture(tree);
    const r = await searchTextTool(
      await prepared('search_text', { query: 'needle' }, f.folders),
      f.folders,
      opts,
    );
    assert.equal(r.isError, false);
    const lines = r.content.split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      'keep.log:1: needle kept log',
      'src/a.ts:1: export const needle = 1;',
      'src/b.tsx:1: const x = "Needle";',
    ]);
    assert.match(lines[3]!, /1 file\(s\) that may hold secrets/);
    assert.doesNotMatch(r.content, /needle-secret|generated|build output|dependency/);
  });

  it('case-sensitive, regex, include glob', async () => {
    const f = await fixture(tree);
    const cs = await searchTextTool(
      await prepared('search_text', { query: 'Needle', case_sensitive: true }, f.folders),
      f.folders,
      opts,
    );
    assert.equal(hits(cs.content), 'src/b.tsx:1: const x = "Needle";');
    const re = await searchTextTool(
      await prepared('search_text', { query: 'const \\w+ = \\d', is_regex: true }, f.folders),
      f.folders,
      opts,
    );
    assert.equal(hits(re.content), 'src/a.ts:1: export const needle = 1;');
    const inc = await searchTextTool(
      await prepared('search_text', { query: 'needle', include: '*.tsx' }, f.folders),
      f.folders,
      opts,
    );
    assert.equal(hits(inc.content), 'src/b.tsx:1: const x = "Needle";');
    const dot = await searchTextTool(
      await prepared('search_text', { query: 'a.b' }, f.folders),
      f.folders,
      opts,
    );
    assert.match(dot.content, /No matches/, 'literal search does not treat . as a wildcard');
  });

  it('capped with a note; long lines cut; binary and huge files skipped', async () => {
    const f = await fixture({
      'many.txt': 'hit\n'.repeat(50),
      'long.txt': `${'x'.repeat(5000)} hit ${'y'.repeat(5000)}`,
    });
    await f.write('bin.dat', new Uint8Array([0x68, 0x69, 0x74, 0, 1, 2]));
    await f.write('huge.txt', 'hit\n'.repeat(300_000));
    const capped = await searchTextTool(
      await prepared('search_text', { query: 'hit' }, f.folders),
      f.folders,
      { ...opts, limit: 5 },
    );
    const lines = capped.content.split('\n');
    assert.ok(lines[0]!.startsWith('huge.txt') === false);
    assert.ok(lines[0]!.startsWith('long.txt:1: …'));
    assert.ok(lines[0]!.length < 260);
    assert.match(capped.content, /Stopped after 5 matches/);
    const all = await searchTextTool(await prepared('search_text', { query: 'hit' }, f.folders), f.folders, {
      ...opts,
      limit: 1000,
    });
    assert.doesNotMatch(all.content, /bin\.dat/);
    assert.match(all.content, /1 file\(s\) over 1 MB/);
  });

  it('a catastrophic regex stops the search with an error instead of hanging', async () => {
    const f = await fixture({ 'a.txt': `${'a'.repeat(40)}b\n` });
    const started = Date.now();
    const r = await searchTextTool(
      await prepared('search_text', { query: '(a+)+$', is_regex: true }, f.folders),
      f.folders,
      opts,
    );
    assert.equal(r.isError, true);
    assert.match(r.content, /simplify/);
    assert.ok(Date.now() - started < 5000);
  });

  it('does not follow a symlink out of the workspace', async () => {
    const f = await fixture({ 'a.txt': 'nothing' });
    await symlink(join(f.outside, 'secret.txt'), join(f.ws, 'link.txt'));
    await symlink(f.outside, join(f.ws, 'linkdir'));
    const r = await searchTextTool(
      await prepared('search_text', { query: 'TOP SECRET' }, f.folders),
      f.folders,
      opts,
    );
    assert.match(r.content, /No matches/);
  });
});

describe('structured tools never go through a shell (security 14)', () => {
  it('a file named `a;touch PWNED` is listed, read and searched, and creates nothing', async () => {
    const names = [
      'a;touch PWNED',
      '$(touch PWNED2)',
      '`touch PWNED3`',
      'b && touch PWNED4',
      "c' ; touch PWNED5 '",
    ];
    const files: Record<string, string> = {};
    for (const n of names) files[n] = `content of ${n}\n`;
    const f = await fixture(files);
    const listed = await listFilesTool(await prepared('list_files', {}, f.folders), {
      exclude: [],
      limit: 100,
      signal: never,
    });
    assert.deepEqual(listed.content.split('\n').sort(), [...names].sort());
    for (const n of names) {
      const r = await readFileTool(await prepared('read_file', { path: n }, f.folders), {
        limitBytes: 4096,
        signal: never,
      });
      assert.equal(r.content, `1 | content of ${n}`);
      const s = await searchTextTool(
        await prepared('search_text', { query: n, include: n }, f.folders),
        f.folders,
        {
          exclude: [],
          limit: 10,
          signal: never,
        },
      );
      assert.equal(s.content, `${n}:1: content of ${n}`);
    }
    assert.deepEqual((await readdir(f.ws)).sort(), [...names].sort(), 'no new file in the workspace');
    for (const p of ['PWNED', 'PWNED2', 'PWNED3', 'PWNED4', 'PWNED5'])
      for (const dir of [f.ws, process.cwd()]) await assert.rejects(access(join(dir, p)));
  });
});

describe('hostile workspaces', () => {
  it(
    'a FIFO named .gitignore (or any FIFO) does not hang list_files or search_text',
    { skip: process.platform === 'win32' },
    async () => {
      const f = await fixture({ 'a.txt': 'needle' });
      const made = spawnSync('mkfifo', [join(f.ws, '.gitignore'), join(f.ws, 'pipe.txt')]);
      assert.equal(made.status, 0);
      const listed = await listFilesTool(await prepared('list_files', {}, f.folders), {
        exclude: [],
        limit: 10,
        signal: never,
      });
      assert.equal(listed.content, 'a.txt');
      const found = await searchTextTool(
        await prepared('search_text', { query: 'needle' }, f.folders),
        f.folders,
        {
          exclude: [],
          limit: 10,
          signal: never,
        },
      );
      assert.equal(found.content, 'a.txt:1: needle');
      const read = await readFileTool(await prepared('read_file', { path: 'pipe.txt' }, f.folders), {
        limitBytes: 100,
        signal: never,
      });
      assert.ok(read.isError && /not a regular file/.test(read.content));
    },
  );
});

// Structured tools never go through a shell (docs/threat-model.md, G5), and a hostile workspace cannot hang them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listFilesTool } from '../../../src/core/tools/listFiles';
import { readFileTool } from '../../../src/core/tools/readFile';
import { searchTextTool } from '../../../src/core/tools/searchText';
import { fixture, never, prepared } from './helpers';

describe('structured tools never go through a shell (G5)', () => {
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

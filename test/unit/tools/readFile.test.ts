import assert from 'node:assert/strict';
import { rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readFileTool } from '../../../src/core/tools/readFile';
import { fixture, never, prepared } from './helpers';

const opts = (limitBytes = 64 * 1024) => ({ limitBytes, signal: never });

describe('read_file', () => {
  it('numbers the lines, right-aligned', async () => {
    const lines = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`);
    const f = await fixture({ 'a.txt': lines.join('\n') + '\n' });
    const r = await readFileTool(await prepared('read_file', { path: 'a.txt' }, f.folders), opts());
    assert.equal(r.isError, false);
    const out = r.content.split('\n');
    assert.equal(out.length, 12);
    assert.equal(out[0], ' 1 | line 1');
    assert.equal(out[11], '12 | line 12');
  });

  it('a line range (1-based, inclusive) and a note that the file goes on', async () => {
    const f = await fixture({ 'a.txt': 'a\nb\nc\nd\ne\n' });
    const r = await readFileTool(
      await prepared('read_file', { path: 'a.txt', start_line: 2, end_line: 3 }, f.folders),
      opts(),
    );
    assert.equal(r.content, '2 | b\n3 | c\n[The file goes on after line 3.]');
    const tail = await readFileTool(
      await prepared('read_file', { path: 'a.txt', start_line: 4 }, f.folders),
      opts(),
    );
    assert.equal(tail.content, '4 | d\n5 | e');
    const past = await readFileTool(
      await prepared('read_file', { path: 'a.txt', start_line: 9 }, f.folders),
      opts(),
    );
    assert.equal(past.isError, true);
    assert.match(past.content, /past the end.*5 lines/);
  });

  it('CRLF and a BOM are not shown as part of the text', async () => {
    const f = await fixture({ 'w.txt': '\uFEFFone\r\ntwo\r\n' });
    const r = await readFileTool(await prepared('read_file', { path: 'w.txt' }, f.folders), opts());
    assert.equal(r.content, '1 | one\n2 | two');
  });

  it('capped output says how to read the rest', async () => {
    const body = Array.from({ length: 1000 }, (_, i) => `line ${i + 1} ${'x'.repeat(40)}`).join('\n');
    const f = await fixture({ 'big.txt': body });
    const r = await readFileTool(await prepared('read_file', { path: 'big.txt' }, f.folders), opts(4096));
    assert.equal(r.isError, false);
    assert.ok(Buffer.byteLength(r.content) < 4096 + 1000, `${Buffer.byteLength(r.content)} bytes`);
    const note = r.content.split('\n').pop()!;
    const next = Number(/"start_line": (\d+)/.exec(note)?.[1]);
    assert.match(note, /of 1000 lines/);
    const lastShown = Number(/^\s*(\d+) \|/.exec(r.content.split('\n').at(-2)!)?.[1]);
    assert.equal(next, lastShown + 1);
    const rest = await readFileTool(
      await prepared('read_file', { path: 'big.txt', start_line: next }, f.folders),
      opts(4096),
    );
    assert.match(rest.content, new RegExp(`^\\s*${next} \\| line ${next} `));
  });

  it('one huge line is cut, not dropped', async () => {
    const f = await fixture({ 'min.js': 'a'.repeat(100_000) });
    const r = await readFileTool(await prepared('read_file', { path: 'min.js' }, f.folders), opts(2048));
    assert.ok(r.content.length < 2200);
    assert.match(r.content, /line cut: 100000 bytes/);
  });

  it('refuses folders, binary files and invalid UTF-8; an empty file says so', async () => {
    const f = await fixture({ 'dir/x': '', 'empty.txt': '' });
    await f.write('img.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    await f.write('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]));
    const dir = await readFileTool(await prepared('read_file', { path: 'dir' }, f.folders), opts());
    assert.ok(dir.isError && /folder.*list_files/.test(dir.content));
    const bin = await readFileTool(await prepared('read_file', { path: 'img.png' }, f.folders), opts());
    assert.ok(bin.isError && /binary/.test(bin.content));
    const latin = await readFileTool(await prepared('read_file', { path: 'latin1.txt' }, f.folders), opts());
    assert.ok(latin.isError && /not UTF-8/.test(latin.content));
    const empty = await readFileTool(await prepared('read_file', { path: 'empty.txt' }, f.folders), opts());
    assert.deepEqual(empty, { content: '"empty.txt" is empty.', isError: false });
    const missing = await readFileTool(await prepared('read_file', { path: 'nope.txt' }, f.folders), opts());
    assert.ok(missing.isError && /does not exist/.test(missing.content));
  });

  it('a file swapped for a symlink out after prepare is not read (recheck)', async () => {
    const f = await fixture({ 'notes.txt': 'fine' });
    const call = await prepared('read_file', { path: 'notes.txt' }, f.folders);
    await rm(join(f.ws, 'notes.txt'));
    await symlink(join(f.outside, 'secret.txt'), join(f.ws, 'notes.txt'));
    const r = await readFileTool(call, opts());
    assert.equal(r.isError, true);
    assert.doesNotMatch(r.content, /TOP SECRET/);
  });

  it('an aborted read stops', async () => {
    const f = await fixture({ 'a.txt': 'x\n'.repeat(1000) });
    const ac = new AbortController();
    ac.abort();
    const r = await readFileTool(await prepared('read_file', { path: 'a.txt' }, f.folders), {
      limitBytes: 1 << 20,
      signal: ac.signal,
    });
    assert.equal(r.isError, true);
    assert.match(r.content, /Stopped/);
  });
});

// search_text: the same walk as list_files, plus: no secrets, no binary or huge files, capped, and a model's
// regular expression cannot freeze the extension host.
import assert from 'node:assert/strict';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { searchTextTool } from '../../../src/core/tools/searchText';
import { fixture, never, prepared } from './helpers';
import { tree } from './tree';

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

  it("skips the newly listed secrets and the user's secretPatterns (G4)", async () => {
    const f = await fixture({
      'app.ts': 'needle\n',
      'backup.env': 'needle=1\n',
      'prod.tfvars': 'needle = 1\n',
      '.dev.vars': 'needle=1\n',
      kubeconfig: 'needle\n',
      '.zsh_history': 'needle\n',
      'vault/token.txt': 'needle\n',
    });
    const r = await searchTextTool(await prepared('search_text', { query: 'needle' }, f.folders), f.folders, {
      ...opts,
      secretPatterns: ['vault/'],
    });
    assert.equal(r.content.split('\n')[0], 'app.ts:1: needle');
    assert.match(r.content, /6 file\(s\) that may hold secrets/);
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
    const r = await searchTextTool(
      await prepared('search_text', { query: '(a+)+$', is_regex: true }, f.folders),
      f.folders,
      opts,
    );
    assert.equal(r.isError, true);
    // Unbounded, (a+)+$ on 40 a's would run for days: the per-file time limit ended it.
    assert.match(r.content, /simplify/);
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

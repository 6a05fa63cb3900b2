// docs/threat-model.md, G3: paths are realpath'd and stay inside a workspace folder; re-checked at use time.
import assert from 'node:assert/strict';
import { mkdir, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { recheck, resolveInWorkspace, workspacePath } from '../../../src/core/tools/paths';
import { fixture } from './helpers';

async function refused(requested: string, folders: string[], why: RegExp) {
  const r = await resolveInWorkspace(requested, folders);
  assert.equal(r.ok, false, `${requested} should be refused`);
  if (!r.ok) assert.match(r.reason, why);
}

describe('resolveInWorkspace', () => {
  it('resolves a relative path in the workspace folder, existing or not', async () => {
    const f = await fixture({ 'src/app.ts': 'x' });
    const r = await resolveInWorkspace('src/app.ts', f.folders);
    assert.ok(r.ok);
    assert.deepEqual(r.path, {
      requested: 'src/app.ts',
      absolute: join(f.ws, 'src/app.ts'),
      folder: f.ws,
      relative: 'src/app.ts',
      exists: true,
    });
    const n = await resolveInWorkspace('./src/new/deep/file.ts', f.folders);
    assert.ok(n.ok);
    assert.equal(n.path.exists, false);
    assert.equal(n.path.relative, 'src/new/deep/file.ts');
    const root = await resolveInWorkspace('.', f.folders);
    assert.ok(root.ok);
    assert.equal(root.path.relative, '');
  });

  it('refuses `..` escapes, absolute paths outside, `~`, NUL, backslashes and mixed separators', async () => {
    const f = await fixture({ 'a.txt': 'x' });
    await refused('../../etc/passwd', f.folders, /`\.\.`/);
    await refused('src/../../outside/secret.txt', f.folders, /`\.\.`/);
    await refused('/etc/passwd', f.folders, /outside the workspace/);
    await refused(join(f.outside, 'secret.txt'), f.folders, /outside the workspace/);
    await refused('~/.ssh/id_rsa', f.folders, /home folder/);
    await refused('~', f.folders, /home folder/);
    await refused('a.txt\0.png', f.folders, /NUL/);
    await refused('a\\..\\..\\x', f.folders, /backslash/);
    await refused('src/a\\b.ts', f.folders, /backslash/);
    await refused('', f.folders, /empty/);
    await refused('a\nb', f.folders, /control/);
  });

  it('accepts an absolute path inside the folder', async () => {
    const f = await fixture({ 'a.txt': 'x' });
    const r = await resolveInWorkspace(join(f.ws, 'a.txt'), f.folders);
    assert.ok(r.ok);
    assert.equal(r.path.relative, 'a.txt');
  });

  it('refuses a symlinked file and a symlinked folder that point out, and paths through them', async () => {
    const f = await fixture();
    await symlink(join(f.outside, 'secret.txt'), join(f.ws, 'link.txt'));
    await symlink(f.outside, join(f.ws, 'linkdir'));
    await refused('link.txt', f.folders, /outside the workspace folders/);
    await refused('linkdir', f.folders, /outside/);
    await refused('linkdir/secret.txt', f.folders, /outside/);
    await refused('linkdir/new-file.txt', f.folders, /outside/);
    await refused(join(f.ws, 'linkdir/secret.txt'), f.folders, /outside/);
  });

  it('refuses a dangling symlink (writing through it would create its target anywhere)', async () => {
    const f = await fixture();
    await symlink(join(f.outside, 'not-yet.txt'), join(f.ws, 'dangling.txt'));
    await refused('dangling.txt', f.folders, /symbolic link/);
  });

  it('allows a symlink that stays inside, resolved to its real target', async () => {
    const f = await fixture({ 'real/a.txt': 'x' });
    await symlink(join(f.ws, 'real'), join(f.ws, 'alias'));
    const r = await resolveInWorkspace('alias/a.txt', f.folders);
    assert.ok(r.ok);
    assert.equal(r.path.relative, 'real/a.txt');
  });

  it("the workspace folder itself may be reached through a symlink (folders are realpath'd)", async () => {
    const f = await fixture({ 'a.txt': 'x' });
    const viaLink = join(f.root, 'ws-link');
    await symlink(f.ws, viaLink);
    const r = await resolveInWorkspace('a.txt', [viaLink]);
    assert.ok(r.ok);
    assert.equal(r.path.folder, f.ws);
  });

  it('multi-root: a first segment naming a folder selects it; otherwise the first folder', async () => {
    const f = await fixture({ 'a.txt': 'ws' });
    const api = join(f.root, 'api');
    await mkdir(api);
    const folders = [f.ws, api];
    const r = await resolveInWorkspace('api/src/x.ts', folders);
    assert.ok(r.ok);
    assert.equal(r.path.folder, api);
    assert.equal(r.path.relative, 'src/x.ts');
    assert.equal(workspacePath(r.path, folders), 'api/src/x.ts');
    const d = await resolveInWorkspace('a.txt', folders);
    assert.ok(d.ok);
    assert.equal(d.path.folder, f.ws);
    assert.equal(workspacePath(d.path, [f.ws]), 'a.txt');
  });

  it('refuses when no folder is open', async () => {
    await refused('a.txt', [], /no workspace folder/);
  });
});

describe('recheck (use time)', () => {
  it('a file swapped for a symlink pointing out after prepare is refused', async () => {
    const f = await fixture({ 'notes.txt': 'harmless' });
    const r = await resolveInWorkspace('notes.txt', f.folders);
    assert.ok(r.ok);
    assert.ok((await recheck(r.path, f.folders)).ok);
    await rm(join(f.ws, 'notes.txt'));
    await symlink(join(f.outside, 'secret.txt'), join(f.ws, 'notes.txt'));
    const again = await recheck(r.path, f.folders);
    assert.equal(again.ok, false);
    if (!again.ok) assert.match(again.reason, /changed since it was approved|outside/);
  });

  it('a folder on the way swapped for a symlink out is refused, also for a file not created yet', async () => {
    const f = await fixture({ 'dir/keep.txt': 'x' });
    const r = await resolveInWorkspace('dir/new.txt', f.folders);
    assert.ok(r.ok);
    assert.equal(r.path.exists, false);
    await rename(join(f.ws, 'dir'), join(f.ws, 'dir-moved'));
    await symlink(f.outside, join(f.ws, 'dir'));
    const again = await recheck(r.path);
    assert.equal(again.ok, false);
  });

  it('a swap to another file inside the workspace is refused too: only what was approved is used', async () => {
    const f = await fixture({ 'a.txt': 'a', 'b.txt': 'b' });
    const r = await resolveInWorkspace('a.txt', f.folders);
    assert.ok(r.ok);
    await rm(join(f.ws, 'a.txt'));
    await symlink(join(f.ws, 'b.txt'), join(f.ws, 'a.txt'));
    const again = await recheck(r.path, f.folders);
    assert.equal(again.ok, false);
    if (!again.ok) assert.match(again.reason, /changed since it was approved/);
  });
});

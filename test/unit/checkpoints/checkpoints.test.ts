import { describe, test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  mkdirSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Checkpoints } from '../../../src/core/checkpoints/checkpoints';
import { sizeOf } from '../../../src/core/checkpoints/checkpointStore';

let base: string;
let ws: string;
let storage: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'ckpt-'));
  ws = join(base, 'ws');
  storage = join(base, 'storage');
  mkdirSync(ws);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const make = (git?: string | false) => new Checkpoints({ root: storage, folders: () => [ws], git });
const write = (rel: string, text: string) => {
  mkdirSync(join(ws, rel, '..'), { recursive: true });
  writeFileSync(join(ws, rel), text);
};
const read = (rel: string) => readFileSync(join(ws, rel), 'utf8');
/** A command as run_command runs one: a shell in the workspace folder. */
const sh = (script: string) => async () => execFileSync('sh', ['-c', script], { cwd: ws });
const userGit = (...args: string[]) =>
  execFileSync('git', args, {
    cwd: ws,
    // GIT_OPTIONAL_LOCKS=0: our own `git status` must not refresh the index it is checking.
    env: {
      ...process.env,
      GIT_OPTIONAL_LOCKS: '0',
      GIT_AUTHOR_NAME: 'u',
      GIT_AUTHOR_EMAIL: 'u@x',
      GIT_COMMITTER_NAME: 'u',
      GIT_COMMITTER_EMAIL: 'u@x',
    },
  }).toString();

describe('checkpoints: edits and writes', () => {
  test('a changed, a new and a deleted file come back as they were; the restore can be undone', async () => {
    write('a.txt', 'one\n');
    write('gone.txt', 'keep me\n');
    const c = make();
    const id = await c.create();
    await c.beforeWrite(id, join(ws, 'a.txt'));
    write('a.txt', 'two\n');
    await c.beforeWrite(id, join(ws, 'a.txt')); // a second change: the first capture stays
    write('a.txt', 'three\n');
    await c.beforeWrite(id, join(ws, 'src/new.ts'));
    write('src/new.ts', 'export {};\n');
    await c.beforeWrite(id, join(ws, 'gone.txt'));
    unlinkSync(join(ws, 'gone.txt'));

    const plan = await c.plan([id]);
    assert.deepEqual(
      plan.changes.map((x) => [x.relative, x.action]),
      [
        ['a.txt', 'revert'],
        ['gone.txt', 'recreate'],
        ['src/new.ts', 'delete'],
      ],
    );
    const result = await c.restore(plan);
    assert.equal(result.failed.length, 0);
    assert.equal(read('a.txt'), 'one\n');
    assert.equal(read('gone.txt'), 'keep me\n');
    assert.equal(existsSync(join(ws, 'src/new.ts')), false);

    // Undo Restore: the files as they were just before it.
    const undo = await c.plan([result.undoId]);
    assert.equal(undo.changes.length, 3);
    await c.restore(undo);
    assert.equal(read('a.txt'), 'three\n');
    assert.equal(read('src/new.ts'), 'export {};\n');
    assert.equal(existsSync(join(ws, 'gone.txt')), false);
  });

  test('restoring to an earlier message takes in every later checkpoint; the earliest capture of a file wins', async () => {
    write('a.txt', 'v1');
    const c = make();
    const first = await c.create();
    await c.beforeWrite(first, join(ws, 'a.txt'));
    write('a.txt', 'v2');
    const second = await c.create();
    await c.beforeWrite(second, join(ws, 'a.txt'));
    write('a.txt', 'v3');
    await c.beforeWrite(second, join(ws, 'b.txt'));
    write('b.txt', 'new');
    // From the second message: a.txt back to v2, b.txt removed.
    const fromSecond = await c.plan([second]);
    assert.deepEqual(
      fromSecond.changes.map((x) => x.relative),
      ['a.txt', 'b.txt'],
    );
    // From the first: a.txt back to v1.
    await c.restore(await c.plan([first, second]));
    assert.equal(read('a.txt'), 'v1');
    assert.equal(existsSync(join(ws, 'b.txt')), false);
    // Nothing left to restore.
    assert.equal((await c.plan([first, second])).changes.length, 0);
  });

  test('survives a new instance (a reload): the checkpoint is read back from storage', async () => {
    write('a.txt', 'before');
    const id = await (async () => {
      const c = make();
      const id = await c.create();
      await c.beforeWrite(id, join(ws, 'a.txt'));
      return id;
    })();
    write('a.txt', 'after');
    const again = make();
    await again.restore(await again.plan([id]));
    assert.equal(read('a.txt'), 'before');
  });
});

describe('checkpoints: commands, through a shadow git repository', () => {
  test('a command’s changes are captured and restored; node_modules and .gitignored files are not touched', async () => {
    write('a.txt', 'original\n');
    write('old.txt', 'old\n');
    write('.gitignore', 'build/\n');
    write('build/out.js', 'built 1');
    const c = make();
    const id = await c.create();
    await c.aroundCommand(
      id,
      'sh script',
      sh(
        'echo changed > a.txt; rm old.txt; echo n > created.txt; mkdir -p node_modules/x; echo 1 > node_modules/x/i.js; echo built 2 > build/out.js',
      ),
    );
    const plan = await c.plan([id]);
    assert.deepEqual(
      plan.changes.map((x) => [x.relative, x.action]),
      [
        ['a.txt', 'revert'],
        ['created.txt', 'delete'],
        ['old.txt', 'recreate'],
      ],
    );
    assert.deepEqual(plan.unrestorable, []);
    await c.restore(plan);
    assert.equal(read('a.txt'), 'original\n');
    assert.equal(read('old.txt'), 'old\n');
    assert.equal(existsSync(join(ws, 'created.txt')), false);
    assert.equal(read('node_modules/x/i.js'), '1\n', 'excluded: left as the command made it');
    assert.equal(read('build/out.js'), 'built 2\n', 'ignored by the user: left alone');
    // The shadow repository lives in our storage, not in the workspace.
    assert.ok(existsSync(join(storage, 'git')));
    assert.deepEqual(execFileSync('ls', ['-A', ws]).toString().split('\n').filter(Boolean).sort(), [
      '.gitignore',
      'a.txt',
      'build',
      'node_modules',
      'old.txt',
    ]);
  });

  test('the user’s repository is never touched: status, HEAD, index bytes, stash, config and refs are identical (G13)', async () => {
    userGit('init', '-q');
    write('tracked.txt', 'v1\n');
    write('staged.txt', 's1\n');
    userGit('add', '.');
    userGit('commit', '-qm', 'first');
    write('stashed.txt', 'x');
    write('tracked.txt', 'stash me\n');
    userGit('stash', '-q');
    write('staged.txt', 's2\n');
    userGit('add', 'staged.txt');
    write('tracked.txt', 'v2 unstaged\n');
    write('untracked.txt', 'u\n');
    const state = () => ({
      index: readFileSync(join(ws, '.git', 'index')).toString('base64'),
      status: userGit('status', '--porcelain', '--untracked-files=all'),
      head: userGit('rev-parse', 'HEAD'),
      stash: userGit('stash', 'list'),
      config: readFileSync(join(ws, '.git', 'config'), 'utf8'),
      refs: userGit('for-each-ref'),
      objects: userGit('count-objects', '-v'),
    });
    const before = state();

    const c = make();
    const id = await c.create();
    await c.beforeWrite(id, join(ws, 'tracked.txt'));
    write('tracked.txt', 'by edit_file\n');
    await c.aroundCommand(id, 'echo', sh('echo by-command > untracked.txt; echo more > staged.txt'));
    const afterChanges = state();
    assert.notEqual(afterChanges.status, '', 'sanity: the user sees the tools’ changes');
    assert.equal(afterChanges.index, before.index, 'capture did not touch the user’s index');
    assert.equal(afterChanges.objects, before.objects, 'nor their object store');
    await c.restore(await c.plan([id]));
    assert.deepEqual(state(), before);
    assert.equal(read('tracked.txt'), 'v2 unstaged\n');
    assert.equal(read('untracked.txt'), 'u\n');
    assert.equal(read('staged.txt'), 's2\n');
  });

  test('GIT_DIR or GIT_INDEX_FILE in the extension’s environment never reach our git', async () => {
    userGit('init', '-q');
    write('f.txt', '1');
    userGit('add', '.');
    userGit('commit', '-qm', 'c');
    const index = readFileSync(join(ws, '.git', 'index'));
    const saved = { dir: process.env.GIT_DIR, index: process.env.GIT_INDEX_FILE };
    process.env.GIT_DIR = join(ws, '.git');
    process.env.GIT_INDEX_FILE = join(ws, '.git', 'index');
    try {
      const c = make();
      const id = await c.create();
      await c.aroundCommand(id, 'touch', sh('echo 2 > f.txt; echo n > g.txt'));
      assert.equal((await c.plan([id])).changes.length, 2);
    } finally {
      if (saved.dir === undefined) delete process.env.GIT_DIR;
      else process.env.GIT_DIR = saved.dir;
      if (saved.index === undefined) delete process.env.GIT_INDEX_FILE;
      else process.env.GIT_INDEX_FILE = saved.index;
    }
    assert.deepEqual(readFileSync(join(ws, '.git', 'index')), index);
  });

  test('without git, a command is listed as not restorable; edits still are', async () => {
    write('a.txt', 'one');
    const c = make(false);
    const id = await c.create();
    await c.beforeWrite(id, join(ws, 'a.txt'));
    write('a.txt', 'two');
    await c.aroundCommand(id, 'npm run build', sh('echo x > b.txt'));
    const plan = await c.plan([id]);
    assert.deepEqual(plan.unrestorable, [{ what: 'npm run build', reason: 'noGit' }]);
    assert.deepEqual(
      plan.changes.map((x) => x.relative),
      ['a.txt'],
    );
    await c.restore(plan);
    assert.equal(read('a.txt'), 'one');
    assert.equal(read('b.txt'), 'x\n');
  });

  test('a git that is not there counts as no git', async () => {
    const c = make('/nonexistent/git');
    assert.equal(await c.gitAvailable(), false);
  });
});

describe('checkpoints: what a restore refuses', () => {
  test('a folder swapped for a symlink that leads out is not written through; a path outside the folders is refused', async () => {
    const outside = join(base, 'outside');
    mkdirSync(outside);
    write('sub/f.txt', 'inside');
    const c = make();
    const id = await c.create();
    await c.beforeWrite(id, join(ws, 'sub/f.txt'));
    await c.beforeWrite(id, join(outside, 'x.txt'));
    rmSync(join(ws, 'sub'), { recursive: true });
    symlinkSync(outside, join(ws, 'sub'));
    writeFileSync(join(outside, 'f.txt'), 'outside file');
    const plan = await c.plan([id]);
    assert.equal(plan.changes.length, 0);
    assert.deepEqual(plan.refused.map((r) => r.why).sort(), [
      'outside the workspace folders',
      'reached through a symlink',
    ]);
    await c.restore(plan);
    assert.equal(readFileSync(join(outside, 'f.txt'), 'utf8'), 'outside file');
    assert.equal(existsSync(join(outside, 'x.txt')), false);
  });
});

describe('checkpoints: bounded storage', () => {
  test('past the limit the oldest checkpoints go, their blobs with them; the kept one stays', async () => {
    const c = make();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      write(`f${i}.bin`, String(i).repeat(100_000));
      const id = await c.create();
      await c.beforeWrite(id, join(ws, `f${i}.bin`));
      ids.push(id);
    }
    const before = await sizeOf(storage);
    assert.ok(before > 400_000);
    const removed = await c.prune(250_000, new Set([ids[0] as string]));
    assert.deepEqual(removed, ids.slice(1, 3));
    assert.ok((await sizeOf(storage)) <= 250_000);
    assert.equal((await c.plan([ids[1] as string])).missing, 1);
    assert.equal((await c.plan([ids[0] as string])).missing, 0);
  });
});

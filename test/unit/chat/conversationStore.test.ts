import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConversationStore, loadNotice } from '../../../src/core/chat/conversationStore';
import { STORE_VERSION, type StoredConversation } from '../../../src/core/chat/storedConversation';

const tempDir = () => mkdtemp(join(tmpdir(), 'cm-store-'));

function conversation(id: string, turns: number, extra = ''): StoredConversation {
  const messages: StoredConversation['messages'] = [];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: `question ${i} ${extra}` });
    messages.push({ role: 'assistant', content: [{ type: 'text', text: `answer ${i} ${extra}` }] });
  }
  return {
    version: STORE_VERSION,
    id,
    title: `chat ${id}`,
    createdAt: 1,
    updatedAt: Date.now(),
    turns,
    messages,
    replies: { '1': { model: 'm', stopReason: 'end_turn' } },
  };
}

test('a saved conversation loads back exactly and shows in the history list', async () => {
  const store = new ConversationStore(await tempDir());
  const c = conversation('abc', 2);
  await store.save(c);
  assert.deepEqual((await store.load('abc')).conversation, c);
  const list = await store.list();
  assert.deepEqual(
    list.map((m) => [m.id, m.title, m.turns]),
    [['abc', 'chat abc', 2]],
  );
});

test('rapid saves coalesce and the newest snapshot wins', async () => {
  const store = new ConversationStore(await tempDir());
  const saves = [];
  for (let i = 1; i <= 30; i++) saves.push(store.save(conversation('x', i)));
  await Promise.all(saves);
  assert.equal((await store.load('x')).conversation?.turns, 30);
});

test('a corrupt file is moved aside, reported, and not silently dropped', async () => {
  const dir = await tempDir();
  const store = new ConversationStore(dir);
  await store.save(conversation('bad', 1));
  await writeFile(join(dir, 'bad.json'), '{"version":1,"id":"bad", TORN');
  const r = await store.load('bad');
  assert.equal(r.conversation, undefined);
  assert.ok(r.movedAside?.includes('bad.json.corrupt-'));
  assert.equal(await readFile(r.movedAside!, 'utf8'), '{"version":1,"id":"bad", TORN');
  assert.deepEqual(await store.list(), [], 'the broken conversation leaves the history list');
});

test('rename and delete', async () => {
  const store = new ConversationStore(await tempDir());
  await store.save(conversation('a', 1));
  await store.save({ ...conversation('b', 1), updatedAt: Date.now() + 1000 });
  assert.deepEqual(
    (await store.list()).map((m) => m.id),
    ['b', 'a'],
    'newest first',
  );
  await store.rename('a', '  Renamed chat ');
  assert.equal((await store.load('a')).conversation?.title, 'Renamed chat');
  await store.delete('b');
  assert.deepEqual(
    (await store.list()).map((m) => m.id),
    ['a'],
  );
  assert.deepEqual(await store.load('b'), {});
});

test('ids that could escape the folder are refused', async () => {
  const store = new ConversationStore(await tempDir());
  await assert.rejects(store.load('../../etc/passwd'), /invalid conversation id/);
});

test('two stores (two windows) writing different conversations at once corrupt nothing', async () => {
  const dir = await tempDir();
  const a = new ConversationStore(dir);
  const b = new ConversationStore(dir);
  await Promise.all(
    Array.from({ length: 20 }, (_, i) => [
      a.save(conversation('win-a', i + 1)),
      b.save(conversation('win-b', i + 1)),
    ]).flat(),
  );
  assert.equal((await a.load('win-a')).conversation?.turns, 20);
  assert.equal((await b.load('win-b')).conversation?.turns, 20);
  assert.equal((await a.list()).length, 2);
});

test('a process killed in the middle of writing loads back a whole save (a torn journal line is dropped)', async () => {
  const dir = await tempDir();
  const script = `
    const { ConversationStore } = require(${JSON.stringify(join(process.cwd(), 'src/core/chat/conversationStore.ts'))});
    const store = new ConversationStore(${JSON.stringify(dir)});
    const big = 'x'.repeat(200000);
    let n = 0;
    (async () => {
      for (;;) {
        n++;
        await store.save({ version: 1, id: 'killed', title: 't', createdAt: 1, updatedAt: n, turns: n,
          messages: [{ role: 'user', content: big + n }], replies: {} });
        if (n === 3) process.stdout.write('writing\\n');
      }
    })();
  `;
  for (let round = 0; round < 5; round++) {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    await new Promise((r) => setTimeout(r, 20 + round * 13));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const r = await new ConversationStore(dir).load('killed');
    assert.ok(r.conversation, `round ${round}: the file parses`);
    assert.equal(r.conversation.messages[0]?.content, 'x'.repeat(200000) + r.conversation.turns);
  }
  const leftovers = (await readdir(dir)).filter((n) => n.endsWith('.tmp'));
  assert.ok(leftovers.length <= 5, 'at most one temp file per killed writer is left behind');
});

test('a file written by a newer version is left in place and reported as such, not moved aside as corrupt', async () => {
  const dir = await tempDir();
  const store = new ConversationStore(dir);
  const newer = { ...conversation('future', 1), version: STORE_VERSION + 1, somethingNew: [1, 2] };
  const text = JSON.stringify(newer);
  await writeFile(join(dir, 'future.json'), text);
  await writeFile(join(dir, 'future.meta.json'), JSON.stringify({ ...newer, messages: undefined }));
  const r = await store.load('future');
  assert.equal(r.conversation, undefined);
  assert.equal(r.movedAside, undefined);
  assert.equal(r.newerVersion, STORE_VERSION + 1);
  assert.equal(await readFile(join(dir, 'future.json'), 'utf8'), text, 'the file is untouched');
  assert.ok((await readdir(dir)).includes('future.meta.json'));
  assert.match(loadNotice(r) ?? '', /newer version of Claude Messages/);
});

test('a history entry whose conversation file is missing says so, and leaves the history list', async () => {
  const dir = await tempDir();
  const store = new ConversationStore(dir);
  await store.save(conversation('orphan', 1));
  await rm(join(dir, 'orphan.json'));
  const r = await store.load('orphan');
  assert.equal(r.conversation, undefined);
  assert.equal(r.missing, true);
  assert.match(loadNotice(r) ?? '', /could not be found/);
  assert.deepEqual(await store.list(), []);
  assert.deepEqual(
    await store.load('never-existed'),
    {},
    'an id with nothing at all is not a problem to report',
  );
  assert.equal(loadNotice({}), undefined);
});

test('temp files left by a crash are removed on start once stale; fresh ones (another window writing) stay', async () => {
  const dir = await tempDir();
  const store = new ConversationStore(dir);
  await store.save(conversation('c', 1));
  const stale = join(dir, 'c.json.99999.deadbeef.tmp');
  const fresh = join(dir, 'c.json.99998.cafebabe.tmp');
  await writeFile(stale, 'half a conv');
  await writeFile(fresh, 'another window is writing this');
  const tenMinutesAgo = new Date(Date.now() - 10 * 60_000);
  await utimes(stale, tenMinutesAgo, tenMinutesAgo);
  assert.equal(await store.removeStaleTemps(), 1);
  const names = await readdir(dir);
  assert.ok(!names.includes('c.json.99999.deadbeef.tmp'), 'the stale temp file is gone');
  assert.ok(names.includes('c.json.99998.cafebabe.tmp'), 'a fresh one is left alone');
  assert.equal((await store.load('c')).conversation?.turns, 1);
});

test('renaming while a reply is being saved keeps the newest snapshot and the new title', async () => {
  const store = new ConversationStore(await tempDir());
  const big = 'y'.repeat(2_000_000);
  const first = store.save(conversation('busy', 1, big));
  const newest = store.save(conversation('busy', 2, big));
  const renamed = store.rename('busy', 'Renamed while streaming');
  await Promise.all([first, newest, renamed]);
  const loaded = (await store.load('busy')).conversation;
  assert.equal(loaded?.turns, 2, 'the newest snapshot was dropped');
  assert.equal(loaded?.title, 'Renamed while streaming');
});

test('a rename waiting behind a save applies to the snapshot that joins the queue after it', async () => {
  const store = new ConversationStore(await tempDir());
  const big = 'z'.repeat(2_000_000);
  const first = store.save(conversation('queued', 1, big));
  const renamed = store.rename('queued', 'New title');
  const later = store.save(conversation('queued', 2, big));
  await Promise.all([first, renamed, later]);
  const loaded = (await store.load('queued')).conversation;
  assert.deepEqual([loaded?.turns, loaded?.title], [2, 'New title']);
});

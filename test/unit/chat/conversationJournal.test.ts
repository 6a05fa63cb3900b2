// The journal format with real files in temp folders: saves while streaming append only their delta, a torn
// last line (a crash mid-append) is recovered, a version-1 file migrates, the journal is folded into a new base,
// and two stores on one conversation (two windows) lose no turn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Conversation } from '../../../src/core/chat/conversation';
import { ConversationStore, type Fork } from '../../../src/core/chat/conversationStore';
import { applyRecord, diffSnapshots, readJournal } from '../../../src/core/chat/journal';
import { snapshotOf } from '../../../src/core/chat/snapshot';
import type { StoredConversation } from '../../../src/core/chat/storedConversation';

const tempDir = () => mkdtemp(join(tmpdir(), 'cm-journal-'));

/** A conversation with `turns` question/answer pairs of about `size` characters each. */
function filled(turns: number, size = 100): Conversation {
  const c = new Conversation();
  c.title = 'Long chat';
  for (let i = 0; i < turns; i++) {
    c.messages.push({ role: 'user', content: `question ${i}` });
    c.keepReply([{ type: 'text', text: `answer ${i} ${'x'.repeat(size)}` }], {
      model: 'm',
      stopReason: 'end_turn',
    });
  }
  return c;
}

/** A question and a reply streamed into `c`, saved after every chunk the way the session's timer does. */
async function streamTurn(
  store: ConversationStore,
  c: Conversation,
  text: string,
  chunks = 5,
): Promise<void> {
  c.messages.push({ role: 'user', content: `ask: ${text}` });
  const reply = c.beginReply('m');
  for (let i = 0; i < chunks; i++) {
    reply.text.push(`${text} part ${i}. `);
    await store.save(snapshotOf(c));
  }
  c.keepReply([{ type: 'text', text: reply.text.join('') }], { model: 'm', stopReason: 'end_turn' });
  c.endReply();
  await store.save(snapshotOf(c));
}

const size = async (path: string) => (await stat(path).catch(() => undefined))?.size ?? 0;
const texts = (c: StoredConversation | undefined) => JSON.stringify(c?.messages ?? []);

test('saves while a reply streams append only the delta; the base is not rewritten', async () => {
  const dir = await tempDir();
  const store = new ConversationStore(dir);
  const c = filled(200, 5_000); // about 1 MB
  await store.save(snapshotOf(c));
  const base = join(dir, `${c.id}.json`);
  const baseBefore = await stat(base);
  const journalBefore = store.stats.journalBytes;
  await streamTurn(store, c, 'streamed');
  const appended = store.stats.journalBytes - journalBefore;
  assert.ok(appended > 0 && appended < 5_000, `6 saves appended ${appended} bytes, not the conversation`);
  const baseAfter = await stat(base);
  assert.equal(baseAfter.mtimeMs, baseBefore.mtimeMs, 'the base file was not rewritten');
  assert.equal(baseAfter.size, baseBefore.size);
  const lines = (await readFile(join(dir, `${c.id}.journal.jsonl`), 'utf8')).trim().split('\n');
  assert.equal(lines.length, 6, 'one line per save');
  const loaded = (await new ConversationStore(dir).load(c.id)).conversation;
  assert.deepEqual(loaded, snapshotOf(c), 'the base plus the journal is the conversation');
});

test('a line torn by a crash mid-append is dropped and the state before it loads; the next load is clean', async () => {
  const dir = await tempDir();
  const store = new ConversationStore(dir);
  const c = filled(3);
  await store.save(snapshotOf(c));
  await streamTurn(store, c, 'kept', 2);
  const good = snapshotOf(c);
  const journal = join(dir, `${c.id}.journal.jsonl`);
  // What a process killed inside write() leaves: the start of a line, no newline.
  await appendFile(journal, '{"seq":4,"w":"dead","keep":9,"add":[{"role":"assistant","content":"half');
  const reader = new ConversationStore(dir);
  const r = await reader.load(c.id);
  assert.equal(r.droppedLines, 1);
  assert.deepEqual(r.conversation, good);
  await reader.idle(c.id);
  assert.equal(
    await size(journal),
    0,
    'loading folded the journal into a new base and dropped the torn line',
  );
  // The reader goes on writing after the recovery, and what it writes loads back.
  const again = new Conversation(r.conversation);
  await streamTurn(reader, again, 'after the crash', 2);
  assert.deepEqual((await new ConversationStore(dir).load(c.id)).conversation, snapshotOf(again));
});

test('a line that does not parse, or breaks the sequence, ends the journal there', () => {
  const line = (seq: number) => JSON.stringify({ seq, w: 'a', title: `t${seq}` });
  const r = readJournal([line(1), line(2), 'garbage', line(3), ''].join('\n'), 0);
  assert.deepEqual(
    r.records.map((x) => x.seq),
    [1, 2],
  );
  assert.equal(r.dropped, 2);
  const gap = readJournal([line(1), line(3), ''].join('\n'), 0);
  assert.deepEqual(
    gap.records.map((x) => x.seq),
    [1],
  );
  const folded = readJournal([line(4), line(5), line(6), ''].join('\n'), 5);
  assert.deepEqual(
    [folded.records.map((x) => x.seq), folded.folded],
    [[6], 2],
    'lines a compaction already folded into the base are skipped',
  );
});

test('a conversation stored in the old whole-file format (version 1) loads, and goes on in the journal format', async () => {
  const dir = await tempDir();
  const old = {
    version: 1,
    id: 'old-one',
    title: 'From the previous version',
    createdAt: 1,
    updatedAt: 2,
    turns: 1,
    messages: [
      { role: 'user', content: 'hello' },
      { role: 'assistant', content: [{ type: 'text', text: 'hi there' }] },
    ],
    replies: { '1': { model: 'm', stopReason: 'end_turn' } },
  };
  await writeFile(join(dir, 'old-one.json'), JSON.stringify(old));
  await writeFile(
    join(dir, 'old-one.meta.json'),
    JSON.stringify({ version: 1, id: 'old-one', title: old.title, createdAt: 1, updatedAt: 2, turns: 1 }),
  );
  const store = new ConversationStore(dir);
  assert.deepEqual(
    (await store.list()).map((m) => m.title),
    ['From the previous version'],
    'the old meta file is listed',
  );
  const r = await store.load('old-one');
  assert.equal(r.conversation?.version, 2);
  assert.deepEqual(r.conversation?.messages, old.messages);
  const c = new Conversation(r.conversation);
  await streamTurn(store, c, 'new turn', 2);
  assert.ok((await size(join(dir, 'old-one.journal.jsonl'))) > 0, 'the new turn went to the journal');
  const reopened = new ConversationStore(dir);
  assert.deepEqual((await reopened.load('old-one')).conversation, snapshotOf(c));
  await reopened.idle('old-one');
  const base = JSON.parse(await readFile(join(dir, 'old-one.json'), 'utf8'));
  assert.equal(base.version, 2, 'compacted on load into a version-2 base');
  assert.equal(base.messages.length, 4);
});

test('the journal is folded into a new base when it outgrows the base, on close, and on load', async () => {
  const dir = await tempDir();
  const store = new ConversationStore(dir);
  const c = filled(2);
  await store.save(snapshotOf(c));
  assert.equal(store.stats.compactions, 1, 'the first save writes the base');
  for (let i = 0; i < 30; i++) await streamTurn(store, c, `${'y'.repeat(3_000)} ${i}`, 3);
  assert.ok(store.stats.compactions >= 2, `outgrown journals were compacted (${store.stats.compactions})`);
  const baseSize = await size(join(dir, `${c.id}.json`));
  const journalSize = await size(join(dir, `${c.id}.journal.jsonl`));
  assert.ok(
    journalSize <= Math.max(baseSize, 64 * 1024) + 20_000,
    `journal ${journalSize}, base ${baseSize}`,
  );
  await streamTurn(store, c, 'one more', 1);
  const before = store.stats.compactions;
  await store.close(c.id);
  assert.equal(store.stats.compactions, before + 1, 'closing compacts');
  assert.equal(await size(join(dir, `${c.id}.journal.jsonl`)), 0);
  await store.close(c.id);
  assert.equal(store.stats.compactions, before + 1, 'nothing to compact: nothing written');
  assert.deepEqual((await new ConversationStore(dir).load(c.id)).conversation, snapshotOf(c));
  const names = await readdir(dir);
  assert.deepEqual(
    names.filter((n) => n.endsWith('.tmp')),
    [],
  );
});

test('two windows on one conversation: the second writer continues in a copy, and no turn is lost', async () => {
  const dir = await tempDir();
  const forks: Fork[] = [];
  const a = new ConversationStore(dir);
  const b = new ConversationStore(dir, { onFork: (f) => forks.push(f) });
  const inA = filled(2);
  await a.save(snapshotOf(inA));
  const inB = new Conversation((await b.load(inA.id)).conversation);
  await b.idle(inA.id);
  // Window A goes on; window B, which has not seen that, asks something too.
  await streamTurn(a, inA, 'from window A');
  await streamTurn(b, inB, 'from window B');
  assert.equal(forks.length, 1, "B found A's turn and forked");
  const fork = forks[0]!;
  assert.equal(fork.from, inA.id);
  assert.match(fork.title, /^Long chat \(continued from another window\)$/);
  inB.continueAs(fork.id, fork.title);
  await streamTurn(b, inB, 'B again');
  await streamTurn(a, inA, 'A again');
  const reader = new ConversationStore(dir);
  const original = (await reader.load(inA.id)).conversation;
  const copy = (await reader.load(fork.id)).conversation;
  assert.deepEqual(original, snapshotOf(inA), "the original holds A's turns");
  assert.deepEqual(copy, snapshotOf(inB), "the copy holds B's turns");
  assert.match(texts(original), /from window A.*A again/);
  assert.doesNotMatch(texts(original), /from window B/);
  assert.match(texts(copy), /from window B.*B again/);
  assert.deepEqual((await reader.list()).map((m) => m.title).sort(), [
    'Long chat',
    'Long chat (continued from another window)',
  ]);
});

test('a second window that only opens the conversation (and compacts it) does not make the first one fork', async () => {
  const dir = await tempDir();
  const forks: Fork[] = [];
  const a = new ConversationStore(dir, { onFork: (f) => forks.push(f) });
  const c = filled(2);
  await a.save(snapshotOf(c));
  await streamTurn(a, c, 'one');
  const b = new ConversationStore(dir);
  await b.load(c.id);
  await b.idle(c.id); // b folded a's journal into a new base
  await streamTurn(a, c, 'two');
  assert.deepEqual(forks, []);
  assert.deepEqual((await new ConversationStore(dir).load(c.id)).conversation, snapshotOf(c));
});

test('two windows saving at the same moment: every turn ends up in a file', async () => {
  for (let round = 0; round < 5; round++) {
    const dir = await tempDir();
    const a = new ConversationStore(dir);
    const b = new ConversationStore(dir);
    const inA = filled(2);
    await a.save(snapshotOf(inA));
    const inB = new Conversation((await b.load(inA.id)).conversation);
    await b.idle(inA.id);
    await Promise.all([streamTurn(a, inA, `alpha ${round}`, 3), streamTurn(b, inB, `beta ${round}`, 3)]);
    const reader = new ConversationStore(dir);
    const all = await Promise.all(
      (await reader.list()).map(async (m) => texts((await reader.load(m.id)).conversation)),
    );
    assert.ok(
      all.some((t) => t.includes(`alpha ${round} part 2`)),
      `round ${round}: A's reply is stored`,
    );
    assert.ok(
      all.some((t) => t.includes(`beta ${round} part 2`)),
      `round ${round}: B's reply is stored`,
    );
  }
});

test('a rename given in one window survives the other window going on', async () => {
  const dir = await tempDir();
  const a = new ConversationStore(dir);
  const c = filled(1);
  await a.save(snapshotOf(c));
  const b = new ConversationStore(dir);
  await b.load(c.id);
  await b.rename(c.id, 'Named in B');
  await streamTurn(a, c, 'more');
  const loaded = (await new ConversationStore(dir).load(c.id)).conversation;
  assert.equal(loaded?.title, 'Named in B');
  assert.equal(loaded?.messages.length, 4);
});

test('a reply meta changed without its message (a reply marked stopped after its tools ran) is journaled', async () => {
  const dir = await tempDir();
  const store = new ConversationStore(dir);
  const c = filled(40);
  await store.save(snapshotOf(c));
  c.messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] });
  await store.save(snapshotOf(c));
  c.markReply(c.messages.length - 2, { model: 'm', stopReason: 'tool_use', interrupted: 'stopped' });
  await store.save(snapshotOf(c));
  const loaded = (await new ConversationStore(dir).load(c.id)).conversation;
  assert.equal(loaded?.replies[String(c.messages.length - 2)]?.interrupted, 'stopped');
  assert.deepEqual(loaded, snapshotOf(c));
});

test('a field the journal does not diff (checkpoints) is journaled whole when it changes', () => {
  const base = snapshotOf(filled(2));
  const withField = { ...base, checkpoints: { '1': 'ck1' } } as StoredConversation;
  const r = diffSnapshots(base, withField, { seq: 1, w: 'a' });
  assert.deepEqual(r?.set, { checkpoints: { '1': 'ck1' } });
  assert.deepEqual(applyRecord(base, r!), withField);
  const same = { ...withField, checkpoints: { '1': 'ck1' } } as StoredConversation;
  assert.equal(diffSnapshots(withField, same, { seq: 2, w: 'a' }), undefined, 'an equal copy is no change');
  const removed = diffSnapshots(withField, base, { seq: 2, w: 'a' });
  assert.deepEqual(removed?.set, { checkpoints: null });
  assert.deepEqual(applyRecord(withField, removed!), base);
});

// Saving while a reply streams (docs/performance.md, P8): a 50 MB conversation with a reply streaming into it is
// saved the way the session's timer does it (`snapshotOf` then `ConversationStore.save`), 20 times, each after
// more text arrived. Measured per save: the host's main-thread time, i.e. the event loop's active time from the
// call until the save resolved (JSON work, diffing, callbacks; not the disk, which runs on libuv's threads), and
// the bytes written. Then, for comparison, the whole-file save this replaced (the snapshot stringified and written
// to a temp file, flushed and renamed, as conversationStore.ts did before the journal), on the same conversation.
// Also the load of the stored conversation (base plus journal) and the compaction when it is closed.
// Writes bench/results/persist.json. Run: node --import tsx bench/persist.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Conversation } from '../src/core/chat/conversation';
import { ConversationStore } from '../src/core/chat/conversationStore';
import { snapshotOf } from '../src/core/chat/snapshot';
import type { StoredConversation } from '../src/core/chat/storedConversation';

const TARGET_MB = Number(process.env.PERSIST_BENCH_MB ?? 50);
const SAVES = 20;
const WHOLE_FILE_SAVES = 7;
const BUDGET_MS = 5;

/** About `mb` MB of conversation: tool rounds reading 8 KB files and answering, the way long sessions grow. */
function bigConversation(mb: number): Conversation {
  const c = new Conversation();
  c.title = 'A long working session';
  const file = (i: number) => `// file ${i}\n${'const value = compute(input) + 42;\n'.repeat(230)}`;
  let bytes = 0;
  for (let i = 0; bytes < mb * 1024 * 1024; i++) {
    c.messages.push({ role: 'user', content: `Question ${i}: look at src/f${i}.ts` });
    c.keepReply(
      [
        { type: 'text', text: `Reading src/f${i}.ts.` },
        { type: 'tool_use', id: `toolu_${i}`, name: 'read_file', input: { path: `src/f${i}.ts` } },
      ],
      { model: 'm', stopReason: 'tool_use' },
    );
    c.messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: `toolu_${i}`, content: file(i) }],
    });
    c.keepReply([{ type: 'text', text: `src/f${i}.ts computes a value. ${'Details follow. '.repeat(20)}` }], {
      model: 'm',
      stopReason: 'end_turn',
    });
    bytes += 8_500;
  }
  return c;
}

/** The event loop's active time (ms) while `run` ran: the host main thread's share of the work. */
async function mainThreadMs(run: () => Promise<void>): Promise<number> {
  const before = performance.eventLoopUtilization();
  await run();
  return performance.eventLoopUtilization(before).active;
}

/** The save this store replaced: the whole snapshot stringified, written to a temp file, flushed, renamed. */
async function wholeFileSave(dir: string, s: StoredConversation): Promise<number> {
  const text = JSON.stringify(s);
  const path = join(dir, `${s.id}.json`);
  await writeFile(`${path}.tmp`, text, { encoding: 'utf8', flush: true });
  await rename(`${path}.tmp`, path);
  const meta = JSON.stringify({ version: s.version, id: s.id, title: s.title, turns: s.turns });
  await writeFile(`${path}.meta.tmp`, meta, { encoding: 'utf8', flush: true });
  await rename(`${path}.meta.tmp`, join(dir, `${s.id}.meta.json`));
  return Buffer.byteLength(text) + meta.length;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cm-bench-persist-'));
  try {
    const c = bigConversation(TARGET_MB);
    const store = new ConversationStore(join(dir, 'journal'));
    const first = snapshotOf(c);
    const sizeMB = Buffer.byteLength(JSON.stringify(first)) / 1024 / 1024;
    const firstMs = await mainThreadMs(() => store.save(first)); // the base: written once
    c.messages.push({ role: 'user', content: 'And now summarise everything.' });
    const reply = c.beginReply('m');
    const journalMs: number[] = [];
    const snapshotMs: number[] = [];
    const journalBytes: number[] = [];
    const wholeMs: number[] = [];
    const wholeBytes: number[] = [];
    mkdirSync(join(dir, 'whole'));
    // Each kind in its own run of saves: interleaved, the whole-file saves' 50 MB strings left garbage that the
    // collector cleared during the journal's saves, which is not what a session's saves meet.
    for (let i = 0; i < SAVES; i++) {
      reply.text.push(`Part ${i} of the summary, as it streams in. `.repeat(10));
      const bytes = store.stats.journalBytes;
      journalMs.push(
        await mainThreadMs(() => {
          const t = performance.now();
          const s = snapshotOf(c);
          snapshotMs.push(performance.now() - t);
          return store.save(s);
        }),
      );
      journalBytes.push(store.stats.journalBytes - bytes);
    }
    for (let i = 0; i < WHOLE_FILE_SAVES; i++) {
      reply.text.push(`More of the summary. `.repeat(10));
      let bytes = 0;
      wholeMs.push(
        await mainThreadMs(async () => {
          bytes = await wholeFileSave(join(dir, 'whole'), snapshotOf(c));
        }),
      );
      wholeBytes.push(bytes);
    }
    c.keepReply([{ type: 'text', text: reply.text.join('') }], { model: 'm', stopReason: 'end_turn' });
    c.endReply();
    await store.save(snapshotOf(c));
    const reader = new ConversationStore(join(dir, 'journal'));
    let loaded: StoredConversation | undefined;
    const loadMs = await mainThreadMs(async () => {
      loaded = (await reader.load(c.id)).conversation;
    });
    // Closing folds the journal into a new base: the one save that costs O(conversation), once per conversation.
    const compactMs = await mainThreadMs(() => store.close(c.id));
    if (loaded?.messages.length !== c.messages.length)
      throw new Error('the stored conversation did not load back');
    const result = {
      conversationMB: round(sizeMB, 1),
      saves: SAVES,
      saveMainThreadMs: round(median(journalMs)),
      saveMainThreadMaxMs: round(Math.max(...journalMs)),
      saveBytes: median(journalBytes),
      snapshotMs: round(median(snapshotMs)),
      wholeFileSaveMainThreadMs: round(median(wholeMs)),
      wholeFileSaveBytes: median(wholeBytes),
      speedup: round(median(wholeMs) / median(journalMs), 1),
      firstSaveMs: round(firstMs),
      loadMainThreadMs: round(loadMs),
      compactionOnCloseMainThreadMs: round(compactMs),
      budgetMs: BUDGET_MS,
    };
    console.log(`conversation: ${result.conversationMB} MB; ${SAVES} saves while a reply streams (medians)`);
    console.log(
      `  journal (now):      ${result.saveMainThreadMs} ms main thread (max ${result.saveMainThreadMaxMs}; of it ${result.snapshotMs} ms taking the snapshot), ${result.saveBytes} bytes`,
    );
    console.log(
      `  whole file (before): ${result.wholeFileSaveMainThreadMs} ms main thread, ${result.wholeFileSaveBytes} bytes`,
    );
    console.log(
      `  budget: under ${BUDGET_MS} ms per save: ${result.saveMainThreadMs < BUDGET_MS ? 'ok' : 'OVER'}; load ${result.loadMainThreadMs} ms, compaction on close ${result.compactionOnCloseMainThreadMs} ms`,
    );
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/persist.json', JSON.stringify(result, null, 2) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

// Conversations on disk, three files each (docs/architecture.md, "Persistence"):
// - `<id>.json`, the base: the whole conversation as of journal sequence number `seq`, replaced atomically (temp
//   file, flush, rename) when the journal is compacted;
// - `<id>.journal.jsonl`, the journal: one line per save after the base, holding only what changed
//   (core/chat/journal.ts), appended and flushed (fdatasync) per save; a line torn by a crash is ignored on load;
// - `<id>.meta.json`, what the history list needs, replaced atomically when the title, turns or time change.
// So a save while a reply streams costs O(new bytes), not O(conversation) (docs/performance.md, P8). The journal
// is folded into a new base on load, when the conversation is closed, and when it outgrows the base.
//
// Two windows on one conversation (two stores on one folder): each store remembers where the files stood after
// its own last write (sequence number, journal size and inode). A save that finds them moved reads the files; if
// they hold nothing this store has not (the other window only opened or compacted it), it goes on; if they hold
// turns it lacks, this store's conversation continues in a copy (`onFork`), so neither window's turns are lost.
// A file that fails to parse is moved aside, not dropped; one written by a newer version of the extension is left
// alone. Saves, renames and compactions of one conversation go through one queue (docs/threat-model.md, R3).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { l10n } from '../l10n';
import { applyRecord, diffSnapshots, readJournal, sameOrPrefix } from './journal';
import {
  CONVERSATION_ID,
  ConversationMetaSchema,
  STORE_VERSION,
  newConversationId,
  parseStoredConversation,
  type ConversationMeta,
  type StoredConversation,
} from './storedConversation';

export interface LoadResult {
  conversation?: StoredConversation;
  /** Set when the file existed but was unreadable; it was moved to this path. */
  movedAside?: string;
  /** Set when a newer version of the extension wrote the file (its format version); the file is left as it is. */
  newerVersion?: number;
  /** Set when the history listed the conversation but its file is gone; the history entry was removed. */
  missing?: boolean;
  /** Journal lines that could not be used (a save torn by a crash); the state before them was loaded. */
  droppedLines?: number;
}

/** What to tell the user about a load that brought no conversation back, or undefined when there is nothing to say. */
export function loadNotice(r: LoadResult): string | undefined {
  if (r.movedAside)
    return l10n.t('Claude: a saved conversation could not be read and was moved aside to {0}.', r.movedAside);
  if (r.newerVersion !== undefined)
    return l10n.t(
      'Claude: this conversation was saved by a newer version of Claude Messages (format {0}); update the extension to open it. The file was left as it is.',
      r.newerVersion,
    );
  if (r.missing)
    return l10n.t(
      "Claude: the conversation's file could not be found (it was deleted or never finished saving), so a new chat was started; it was removed from the history.",
    );
  return undefined;
}

/** A conversation that another window changed too: this store's turns went on in a copy. */
export interface Fork {
  from: string;
  id: string;
  title: string;
}

export interface StoreOptions {
  /** Told when a save found another writer's turns and continued in a copy (the caller says so to the user). */
  onFork?: (fork: Fork) => void;
  /** How long after a load its journal is folded into a new base (after the view has what it needs). */
  compactAfterLoadMs?: number;
}

/** Byte counts since the store was made: what the long-session bench reports per round. */
export interface StoreStats {
  journalBytes: number;
  baseBytes: number;
  metaBytes: number;
  compactions: number;
}

/** A temp file older than this was left by a writer that died (a write takes milliseconds). */
const STALE_TEMP_MS = 60_000;
/** The journal is folded into the base once it is larger than the base and than this. */
const MIN_COMPACT_BYTES = 64 * 1024;
/**
 * On load, a journal is folded at once into a base up to this size (milliseconds of work); a larger base only when
 * the journal has grown past a quarter of it or lost a torn line, since writing 50 MB holds the host's main thread
 * for about a second (docs/performance.md, P8). Closing and outgrowing fold it anyway.
 */
const CHEAP_COMPACT_BYTES = 4 * 1024 * 1024;

/** What waits in a conversation's queue: a snapshot to write, a new title, a compaction after them; or all three. */
interface Pending {
  snapshot?: StoredConversation;
  title?: string;
  compact?: boolean;
}

/** Where the files stood after this store's last write or read of them. */
interface Head {
  seq: number;
  baseBytes: number;
  journalBytes: number;
  journalIno: number;
  /** The conversation as the files hold it (this store's last snapshot). */
  written: StoredConversation;
  meta: string;
  /** A title given in another window: this store's snapshots still carry `from`, and get `to` instead. */
  renamed?: { from: string; to: string };
}

/** The files' state as read from disk. */
interface DiskState {
  state: StoredConversation;
  seq: number;
  baseBytes: number;
  journalBytes: number;
  journalIno: number;
  dropped: number;
}

type Read = { disk: DiskState } | { absent: true } | { corrupt: string } | { newerVersion: number };

export class ConversationStore {
  /** One queue per conversation: writes run one after another; a newer snapshot replaces one still waiting. */
  private readonly queues = new Map<string, { running: Promise<void>; next?: Pending }>();
  private readonly heads = new Map<string, Head>();
  /** Conversations that went on in a copy: their snapshots still queued under the old id go to the copy. */
  private readonly forks = new Map<string, Fork>();
  /** Names this store in the journal lines it writes. */
  private readonly writer = randomBytes(4).toString('hex');
  /** Compactions a load scheduled, per conversation (idle() waits for them too). */
  private readonly deferred = new Map<string, Promise<void>>();
  readonly stats: StoreStats = { journalBytes: 0, baseBytes: 0, metaBytes: 0, compactions: 0 };

  constructor(
    private readonly dir: string,
    private readonly options: StoreOptions = {},
  ) {}

  private file(id: string, kind: 'data' | 'meta' | 'journal'): string {
    if (!CONVERSATION_ID.test(id)) throw new Error(`invalid conversation id "${id}"`);
    const suffix = kind === 'data' ? '.json' : kind === 'meta' ? '.meta.json' : '.journal.jsonl';
    return join(this.dir, id + suffix);
  }

  /** Saves a snapshot. Resolves when it (or a newer snapshot of the same conversation) is on disk. */
  save(conversation: StoredConversation): Promise<void> {
    return this.enqueue(conversation.id, { snapshot: conversation });
  }

  /**
   * Gives the conversation a new title, in the same queue as its saves: applied to the newest snapshot (one still
   * waiting, else the one on disk), and to a snapshot that was waiting when the rename came.
   */
  rename(id: string, title: string): Promise<void> {
    const trimmed = title.trim();
    if (trimmed === '') return Promise.resolve();
    return this.enqueue(id, { title: trimmed });
  }

  /** The conversation is no longer shown here: its journal is folded into a new base. */
  close(id: string): Promise<void> {
    if (!this.heads.has(id)) return Promise.resolve();
    return this.enqueue(id, { compact: true });
  }

  /** Resolves when nothing is queued for the conversation (tests and the bench wait on it). */
  async idle(id: string): Promise<void> {
    await this.deferred.get(id);
    while (this.queues.has(id)) await this.queues.get(id)!.running.catch(() => {});
  }

  private enqueue(id: string, job: Pending): Promise<void> {
    this.file(id, 'data'); // refuses a bad id before anything is queued
    const queue = this.queues.get(id);
    if (queue) {
      queue.next = merge(queue.next, job);
      return queue.running;
    }
    const entry: { running: Promise<void>; next?: Pending } = { running: Promise.resolve() };
    entry.running = (async () => {
      let current: Pending | undefined = job;
      try {
        while (current) {
          const { snapshot, title } = current;
          if (snapshot) await this.write(title === undefined ? snapshot : { ...snapshot, title });
          else if (title !== undefined) await this.retitle(id, title);
          if (current.compact) await this.compactIfBehind(this.forks.get(id)?.id ?? id);
          current = entry.next;
          entry.next = undefined;
        }
      } finally {
        this.queues.delete(id);
      }
    })();
    this.queues.set(id, entry);
    return entry.running;
  }

  private async retitle(id: string, title: string): Promise<void> {
    const target = this.forks.get(id)?.id ?? id;
    const head = this.heads.get(target) ?? (await this.adopt(target));
    if (head) await this.write({ ...head.written, title, updatedAt: Date.now() });
  }

  private async compactIfBehind(id: string): Promise<void> {
    const head = this.heads.get(id);
    if (!head || head.journalBytes === 0 || !(await this.unmoved(id, head))) return;
    await this.compact(head.written, head.seq);
  }

  /** Takes the files as they are as this store's view of the conversation; undefined when there are none. */
  private async adopt(id: string): Promise<Head | undefined> {
    const r = await this.read(id);
    if (!('disk' in r)) return undefined;
    return this.remember(r.disk);
  }

  private remember(d: DiskState, written = d.state): Head {
    const renamed = this.heads.get(written.id)?.renamed;
    const head: Head = {
      ...(renamed ? { renamed } : {}),
      seq: d.seq,
      baseBytes: d.baseBytes,
      journalBytes: d.journalBytes,
      journalIno: d.journalIno,
      written,
      meta: metaText(written),
    };
    this.heads.set(written.id, head);
    return head;
  }

  private async write(snapshot: StoredConversation): Promise<void> {
    const fork = this.forks.get(snapshot.id);
    let s = fork ? { ...snapshot, id: fork.id, title: fork.title } : snapshot;
    let head = this.heads.get(s.id);
    if (!head) {
      const r = await this.read(s.id);
      if ('newerVersion' in r || 'corrupt' in r) return; // never written over: load() reports it
      if ('absent' in r) return this.compact(s, 0);
      if (!sameOrPrefix(r.disk.state, s)) return this.fork(s);
      head = this.remember(r.disk);
    } else if (!(await this.unmoved(s.id, head))) {
      // Another store wrote or compacted the files since this one did.
      const r = await this.read(s.id);
      if ('newerVersion' in r || 'corrupt' in r) return;
      if ('absent' in r) return this.compact(s, 0);
      const disk = r.disk;
      const same =
        disk.state.messages.length === head.written.messages.length && sameOrPrefix(disk.state, head.written);
      if (!same) {
        // The files hold nothing this store lacks (one of its own appends was lost to a compaction there): write
        // all of it; else they hold another window's turns: go on in a copy.
        if (sameOrPrefix(disk.state, head.written) || sameOrPrefix(disk.state, s))
          return this.compact(s, disk.seq + 1);
        return this.fork(s);
      }
      // Only opened, compacted or renamed elsewhere: go on from the files, keeping a title given there.
      const previous = head;
      head = this.remember(disk, head.written);
      head.renamed =
        disk.state.title !== previous.written.title
          ? { from: previous.written.title, to: disk.state.title }
          : previous.renamed;
    }
    if (head.renamed && s.title === head.renamed.from) s = { ...s, title: head.renamed.to };
    const record = diffSnapshots(head.written, s, { seq: head.seq + 1, w: this.writer });
    if (!record) return;
    const line = Buffer.from(JSON.stringify(record) + '\n', 'utf8');
    const path = this.file(s.id, 'journal');
    const fh = await open(path, 'a');
    let size: number;
    let ino: number;
    try {
      await fh.write(line);
      await fh.datasync();
      ({ size, ino } = await fh.stat());
    } finally {
      await fh.close();
    }
    this.stats.journalBytes += line.length;
    const expected = head.journalBytes + line.length;
    this.heads.set(s.id, { ...head, seq: record.seq, journalBytes: size, journalIno: ino, written: s });
    if (size !== expected || ino !== head.journalIno) {
      // Another store appended at the same moment: read the files again and keep what both wrote.
      const r = await this.read(s.id);
      if ('disk' in r && sameOrPrefix(s, r.disk.state) && sameOrPrefix(r.disk.state, s))
        this.remember(r.disk, s);
      else if ('disk' in r) return this.fork(s);
    }
    const now = this.heads.get(s.id)!;
    if (now.journalBytes > Math.max(now.baseBytes, MIN_COMPACT_BYTES)) await this.compact(s, now.seq);
    else await this.writeMeta(s);
  }

  /** Whether the journal is where this store left it (one stat: the common case of a save). */
  private async unmoved(id: string, head: Head): Promise<boolean> {
    const info = await stat(this.file(id, 'journal')).catch(() => undefined);
    return !!info && info.size === head.journalBytes && info.ino === head.journalIno;
  }

  /** Writes the whole conversation as a new base and starts an empty journal after it. */
  private async compact(s: StoredConversation, seq: number): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const text = JSON.stringify({ ...s, version: STORE_VERSION, seq });
    const baseBytes = Buffer.byteLength(text);
    await atomicWrite(this.file(s.id, 'data'), text);
    // A crash here leaves the new base and the old journal, whose lines are at or below `seq`: skipped on load.
    await atomicWrite(this.file(s.id, 'journal'), '');
    const { ino } = await stat(this.file(s.id, 'journal'));
    this.stats.baseBytes += baseBytes;
    this.stats.compactions++;
    const previous = this.heads.get(s.id);
    this.heads.set(s.id, {
      ...(previous?.renamed ? { renamed: previous.renamed } : {}),
      seq,
      baseBytes,
      journalBytes: 0,
      journalIno: ino,
      written: s,
      meta: previous?.meta ?? '',
    });
    await this.writeMeta(s);
  }

  private async writeMeta(s: StoredConversation): Promise<void> {
    const head = this.heads.get(s.id)!;
    const text = metaText(s);
    if (text === head.meta) return;
    await atomicWrite(this.file(s.id, 'meta'), text);
    this.stats.metaBytes += text.length;
    head.meta = text;
  }

  /** This store's conversation goes on under a new id, with everything it has; the files of the old id stay. */
  private async fork(s: StoredConversation): Promise<void> {
    const from = this.forks.get(s.id)?.from ?? s.id;
    const fork: Fork = {
      from,
      id: newConversationId(),
      title: l10n.t('{0} (continued from another window)', s.title),
    };
    this.forks.set(from, fork);
    if (from !== s.id) this.forks.set(s.id, fork);
    this.heads.delete(s.id);
    await this.compact({ ...s, id: fork.id, title: fork.title, updatedAt: Date.now() }, 0);
    this.options.onFork?.(fork);
  }

  async load(id: string): Promise<LoadResult> {
    await this.idle(id);
    const r = await this.read(id);
    if ('newerVersion' in r) return { newerVersion: r.newerVersion };
    if ('corrupt' in r) return this.moveAside(id, r.corrupt);
    if ('absent' in r) {
      // A history entry without its conversation: say so, and take the entry out of the list.
      const meta = this.file(id, 'meta');
      if (!(await stat(meta).catch(() => undefined))) return {};
      await rm(meta, { force: true });
      return { missing: true };
    }
    const head = this.remember(r.disk);
    // Fold the journal into a new base soon (once the caller has shown what it loaded), so the next load reads one
    // file and a torn line is gone.
    const due =
      r.disk.dropped > 0 ||
      (head.journalBytes > 0 &&
        (head.baseBytes <= CHEAP_COMPACT_BYTES || head.journalBytes > head.baseBytes / 4));
    if (due && !this.deferred.has(id)) {
      const later = new Promise<void>((resolve) =>
        setTimeout(resolve, this.options.compactAfterLoadMs ?? 500),
      )
        .then(() => this.enqueue(id, { compact: true }))
        .catch(() => {})
        .finally(() => this.deferred.delete(id));
      this.deferred.set(id, later);
    }
    return { conversation: r.disk.state, ...(r.disk.dropped ? { droppedLines: r.disk.dropped } : {}) };
  }

  /** Reads the base and the journal after it. */
  private async read(id: string): Promise<Read> {
    const path = this.file(id, 'data');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      return { absent: true };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { corrupt: path };
    }
    const version = (raw as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > STORE_VERSION) return { newerVersion: version };
    let base: StoredConversation;
    try {
      base = parseStoredConversation(raw);
    } catch {
      return { corrupt: path };
    }
    const baseSeq = (raw as { seq?: unknown }).seq;
    const seq = typeof baseSeq === 'number' && Number.isInteger(baseSeq) && baseSeq >= 0 ? baseSeq : 0;
    const journalPath = this.file(id, 'journal');
    let journal = '';
    let journalIno = -1;
    try {
      const fh = await open(journalPath, 'r');
      try {
        journalIno = (await fh.stat()).ino;
        journal = await fh.readFile('utf8');
      } finally {
        await fh.close();
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    const j = readJournal(journal, seq);
    let state = base;
    for (const record of j.records) state = applyRecord(state, record);
    if (j.records.length) {
      try {
        state = parseStoredConversation(state);
      } catch {
        // A journal that builds an invalid conversation is not used: the base alone is what can be trusted.
        return {
          disk: {
            state: base,
            seq,
            baseBytes: Buffer.byteLength(text),
            journalBytes: Buffer.byteLength(journal),
            journalIno,
            dropped: j.records.length + j.dropped,
          },
        };
      }
    }
    return {
      disk: {
        state: { ...state, version: STORE_VERSION },
        seq: seq + j.records.length,
        baseBytes: Buffer.byteLength(text),
        journalBytes: Buffer.byteLength(journal),
        journalIno,
        dropped: j.dropped,
      },
    };
  }

  private async moveAside(id: string, path: string): Promise<LoadResult> {
    const aside = `${path}.corrupt-${Date.now()}`;
    await rename(path, aside);
    await rename(this.file(id, 'journal'), `${aside}.journal`).catch(() => {});
    await rm(this.file(id, 'meta'), { force: true });
    this.heads.delete(id);
    return { movedAside: aside };
  }

  /**
   * Removes temp files a crashed writer left behind (a write renames its temp file within milliseconds, so one
   * older than a minute has no writer); this process's own are never touched. Returns how many were removed.
   */
  async removeStaleTemps(now = Date.now()): Promise<number> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      if (!name.endsWith('.tmp') || name.includes(`.${process.pid}.`)) continue;
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile() || now - info.mtimeMs < STALE_TEMP_MS) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }

  /** The history list, newest first. Unreadable meta files are skipped (their data file is checked on open). */
  async list(): Promise<ConversationMeta[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const metas = await Promise.all(
      names
        .filter((n) => n.endsWith('.meta.json'))
        .map(async (n) => {
          try {
            const r = ConversationMetaSchema.safeParse(JSON.parse(await readFile(join(this.dir, n), 'utf8')));
            return r.success ? r.data : undefined;
          } catch {
            return undefined;
          }
        }),
    );
    return metas
      .filter((m): m is ConversationMeta => m !== undefined)
      .sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async delete(id: string): Promise<void> {
    await this.idle(id);
    this.heads.delete(id);
    await rm(this.file(id, 'data'), { force: true });
    await rm(this.file(id, 'journal'), { force: true });
    await rm(this.file(id, 'meta'), { force: true });
  }
}

function metaText(c: StoredConversation): string {
  const meta: ConversationMeta = {
    version: STORE_VERSION,
    id: c.id,
    title: c.title,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    turns: c.turns,
  };
  return JSON.stringify(meta);
}

async function atomicWrite(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { encoding: 'utf8', flush: true });
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * A job joining one still waiting: a snapshot replaces the waiting one (keeping a title it was to get), a title
 * goes on it, and a compaction asked for by either still runs after the write.
 */
function merge(waiting: Pending | undefined, job: Pending): Pending {
  if (!waiting) return job;
  const merged: Pending = {};
  const snapshot = job.snapshot ?? waiting.snapshot;
  const title = job.title ?? waiting.title;
  if (snapshot) merged.snapshot = snapshot;
  if (title !== undefined) merged.title = title;
  if (job.compact || waiting.compact) merged.compact = true;
  return merged;
}

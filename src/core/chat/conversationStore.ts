// Conversations on disk, one pair of files each: `<id>.json` (everything) and `<id>.meta.json` (what the history
// list needs). Every write goes to a temp file that is then renamed over the target, so a crash leaves the old
// file or the new one, never a torn one; and since no file is shared between conversations, two windows writing
// different conversations cannot lose each other's updates. A file that fails to parse is moved aside, not dropped;
// one written by a newer version of the extension is left alone. Saves and renames of one conversation go through
// one queue, so a rename never writes over a newer snapshot (docs/threat-model.md, R3).
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CONVERSATION_ID,
  ConversationMetaSchema,
  STORE_VERSION,
  parseStoredConversation,
  type ConversationMeta,
  type StoredConversation,
} from './storedConversation';
import { l10n } from '../l10n';

export interface LoadResult {
  conversation?: StoredConversation;
  /** Set when the file existed but was unreadable; it was moved to this path. */
  movedAside?: string;
  /** Set when a newer version of the extension wrote the file (its format version); the file is left as it is. */
  newerVersion?: number;
  /** Set when the history listed the conversation but its file is gone; the history entry was removed. */
  missing?: boolean;
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

/** A temp file older than this was left by a writer that died (a write takes milliseconds). */
const STALE_TEMP_MS = 60_000;

/** What waits in a conversation's queue: a snapshot to write, or a new title for the newest snapshot. */
type Pending = { snapshot: StoredConversation } | { title: string };

export class ConversationStore {
  /** One queue per conversation: writes run one after another; a newer snapshot replaces one still waiting. */
  private readonly queues = new Map<string, { running: Promise<void>; next?: Pending }>();

  constructor(private readonly dir: string) {}

  private file(id: string, kind: 'data' | 'meta'): string {
    if (!CONVERSATION_ID.test(id)) throw new Error(`invalid conversation id "${id}"`);
    return join(this.dir, kind === 'data' ? `${id}.json` : `${id}.meta.json`);
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
      let written: StoredConversation | undefined;
      try {
        while (current) {
          const snapshot: StoredConversation | undefined =
            'snapshot' in current ? current.snapshot : await this.retitled(id, current.title, written);
          if (snapshot) {
            await this.write(snapshot);
            written = snapshot;
          }
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

  /** The newest snapshot (the one this queue just wrote, else the file) with a new title. */
  private async retitled(
    id: string,
    title: string,
    written: StoredConversation | undefined,
  ): Promise<StoredConversation | undefined> {
    const base = written ?? (await this.load(id)).conversation;
    return base && { ...base, title, updatedAt: Date.now() };
  }

  private async write(c: StoredConversation): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const meta: ConversationMeta = {
      version: c.version,
      id: c.id,
      title: c.title,
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
      turns: c.turns,
    };
    await atomicWrite(this.file(c.id, 'data'), JSON.stringify(c));
    await atomicWrite(this.file(c.id, 'meta'), JSON.stringify(meta));
  }

  async load(id: string): Promise<LoadResult> {
    const path = this.file(id, 'data');
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      // A history entry without its conversation: say so, and take the entry out of the list.
      const meta = this.file(id, 'meta');
      if (!(await stat(meta).catch(() => undefined))) return {};
      await rm(meta, { force: true });
      return { missing: true };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return this.moveAside(id, path);
    }
    const version = (raw as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > STORE_VERSION) return { newerVersion: version };
    try {
      return { conversation: parseStoredConversation(raw) };
    } catch {
      return this.moveAside(id, path);
    }
  }

  private async moveAside(id: string, path: string): Promise<LoadResult> {
    const aside = `${path}.corrupt-${Date.now()}`;
    await rename(path, aside);
    await rm(this.file(id, 'meta'), { force: true });
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
    await this.queues.get(id)?.running;
    await rm(this.file(id, 'data'), { force: true });
    await rm(this.file(id, 'meta'), { force: true });
  }
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

/** A job joining one still waiting: a snapshot replaces it (keeping a title it was to get), a title goes on it. */
function merge(waiting: Pending | undefined, job: Pending): Pending {
  if (!waiting) return job;
  const title = 'title' in job ? job.title : 'title' in waiting ? waiting.title : undefined;
  const snapshot = 'snapshot' in job ? job.snapshot : 'snapshot' in waiting ? waiting.snapshot : undefined;
  if (!snapshot) return { title: title! };
  return { snapshot: title === undefined ? snapshot : { ...snapshot, title } };
}

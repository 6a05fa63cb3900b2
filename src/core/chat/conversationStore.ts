// Conversations on disk, one pair of files each: `<id>.json` (everything) and `<id>.meta.json` (what the history
// list needs). Every write goes to a temp file that is then renamed over the target, so a crash leaves the old
// file or the new one, never a torn one; and since no file is shared between conversations, two windows writing
// different conversations cannot lose each other's updates. A file that fails to parse is moved aside, not dropped.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CONVERSATION_ID,
  ConversationMetaSchema,
  parseStoredConversation,
  type ConversationMeta,
  type StoredConversation,
} from './storedConversation';

export interface LoadResult {
  conversation?: StoredConversation;
  /** Set when the file existed but was unreadable; it was moved to this path. */
  movedAside?: string;
}

export class ConversationStore {
  /** Writes per conversation run one after another; a newer snapshot replaces one still waiting. */
  private readonly writes = new Map<string, { running: Promise<void>; next?: StoredConversation }>();

  constructor(private readonly dir: string) {}

  private file(id: string, kind: 'data' | 'meta'): string {
    if (!CONVERSATION_ID.test(id)) throw new Error(`invalid conversation id "${id}"`);
    return join(this.dir, kind === 'data' ? `${id}.json` : `${id}.meta.json`);
  }

  /** Saves a snapshot. Resolves when it (or a newer snapshot of the same conversation) is on disk. */
  save(conversation: StoredConversation): Promise<void> {
    const pending = this.writes.get(conversation.id);
    if (pending) {
      pending.next = conversation;
      return pending.running;
    }
    const entry: { running: Promise<void>; next?: StoredConversation } = { running: Promise.resolve() };
    entry.running = (async () => {
      let current: StoredConversation | undefined = conversation;
      try {
        while (current) {
          await this.write(current);
          current = entry.next;
          entry.next = undefined;
        }
      } finally {
        this.writes.delete(conversation.id);
      }
    })();
    this.writes.set(conversation.id, entry);
    return entry.running;
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
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw e;
    }
    try {
      return { conversation: parseStoredConversation(JSON.parse(text)) };
    } catch {
      const aside = `${path}.corrupt-${Date.now()}`;
      await rename(path, aside);
      await rm(this.file(id, 'meta'), { force: true });
      return { movedAside: aside };
    }
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

  async rename(id: string, title: string): Promise<void> {
    const { conversation } = await this.load(id);
    if (!conversation) return;
    await this.save({ ...conversation, title: title.trim() || conversation.title, updatedAt: Date.now() });
  }

  async delete(id: string): Promise<void> {
    await this.writes.get(id)?.running;
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

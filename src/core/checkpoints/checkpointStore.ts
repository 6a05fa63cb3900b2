// Where checkpoints live: one manifest per checkpoint (which files it holds, and what each held) and the files'
// contents by their hash, shared between checkpoints. All under the extension's storage, never in the workspace.
// The whole folder is bounded: past the limit, the oldest checkpoints go first (docs/architecture.md, "Checkpoints").
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod/mini';

/** What a file was at the checkpoint: not there, or these bytes (by hash) with this mode. */
export const FileStateSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('absent') }),
  z.object({ kind: z.literal('file'), blob: z.string().check(z.regex(/^[0-9a-f]{64}$/)), mode: z.int() }),
]);
export type FileState = z.infer<typeof FileStateSchema>;

/** A change a checkpoint knows happened but cannot take back, and why. */
export const UnrestorableSchema = z.object({
  what: z.string(),
  reason: z.enum(['noGit', 'tooLarge', 'symlink', 'unreadable']),
});
export type Unrestorable = z.infer<typeof UnrestorableSchema>;

export const CHECKPOINT_ID = /^[a-z0-9]{1,16}-[0-9a-f]{12}$/;

export const ManifestSchema = z.object({
  version: z.literal(1),
  id: z.string().check(z.regex(CHECKPOINT_ID)),
  created: z.number(),
  /** Absolute paths, as resolved inside a workspace folder when captured. First capture wins. */
  files: z.record(z.string(), FileStateSchema),
  unrestorable: z.array(UnrestorableSchema),
});
export type Manifest = z.infer<typeof ManifestSchema>;

export function newCheckpointId(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

export class CheckpointStore {
  constructor(
    /** A folder of the extension's own storage. */
    readonly root: string,
  ) {}

  private get manifests(): string {
    return join(this.root, 'manifests');
  }
  private get blobs(): string {
    return join(this.root, 'blobs');
  }

  async load(id: string): Promise<Manifest | undefined> {
    if (!CHECKPOINT_ID.test(id)) return undefined;
    try {
      return ManifestSchema.parse(JSON.parse(await readFile(join(this.manifests, `${id}.json`), 'utf8')));
    } catch {
      return undefined;
    }
  }

  /** Writes atomically: a crash leaves the old manifest or the new one, never half of one. */
  async save(m: Manifest): Promise<void> {
    await mkdir(this.manifests, { recursive: true });
    const file = join(this.manifests, `${m.id}.json`);
    const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, JSON.stringify(m));
    await rename(tmp, file);
  }

  /** Keeps bytes under their hash (once, however many checkpoints hold them). */
  async putBlob(bytes: Buffer): Promise<string> {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const file = join(this.blobs, hash.slice(0, 2), hash);
    if (!(await exists(file))) {
      await mkdir(join(this.blobs, hash.slice(0, 2)), { recursive: true });
      const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    }
    return hash;
  }

  async getBlob(hash: string): Promise<Buffer> {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('not a blob id');
    return readFile(join(this.blobs, hash.slice(0, 2), hash));
  }

  /**
   * Removes the oldest checkpoints until the whole folder is under `maxBytes`; blobs no checkpoint holds any more go
   * too. `keep` are never removed (the running turn's). Returns the ids removed.
   */
  async prune(o: { maxBytes: number; keep?: ReadonlySet<string> }): Promise<string[]> {
    let total = await sizeOf(this.root);
    const removed: string[] = [];
    if (total <= o.maxBytes) return removed;
    for (const m of await this.list()) {
      if (total <= o.maxBytes) break;
      if (o.keep?.has(m.id)) continue;
      await rm(join(this.manifests, `${m.id}.json`), { force: true });
      removed.push(m.id);
      total = await this.collectGarbage();
    }
    return removed;
  }

  /** Every manifest, oldest first. */
  async list(): Promise<Manifest[]> {
    const names = await readdir(this.manifests).catch(() => [] as string[]);
    const all = await Promise.all(
      names.filter((n) => n.endsWith('.json')).map((n) => this.load(n.slice(0, -'.json'.length))),
    );
    return all.filter((m): m is Manifest => m !== undefined).sort((a, b) => a.created - b.created);
  }

  /** Deletes blobs no manifest refers to; returns the store's size after. */
  async collectGarbage(): Promise<number> {
    const used = new Set<string>();
    for (const m of await this.list())
      for (const f of Object.values(m.files)) if (f.kind === 'file') used.add(f.blob);
    for (const dir of await readdir(this.blobs).catch(() => [] as string[])) {
      for (const name of await readdir(join(this.blobs, dir)).catch(() => [] as string[])) {
        if (!used.has(name)) await rm(join(this.blobs, dir, name), { force: true });
      }
    }
    return sizeOf(this.root);
  }
}

/** Bytes under a folder (files only; symlinks not followed). */
export async function sizeOf(path: string): Promise<number> {
  let total = 0;
  const walk = async (p: string): Promise<void> => {
    const entries = await readdir(p, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const child = join(p, e.name);
      if (e.isDirectory()) await walk(child);
      else if (e.isFile())
        total += await stat(child).then(
          (s) => s.size,
          () => 0,
        );
    }
  };
  await walk(path);
  return total;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

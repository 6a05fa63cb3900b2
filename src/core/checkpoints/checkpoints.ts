// Checkpoints: before a tool changes files, what they held is captured, so the user can take every change tools made
// since a message back at once (docs/architecture.md, "Checkpoints"; docs/threat-model.md, G13).
// - edit_file / write_file: the file's bytes (or its absence) just before the first change a checkpoint sees;
// - run_command: with git, a shadow repository snapshots the workspace folders before and after the command and
//   keeps what every changed file held before; without git, the command is noted as not restorable.
// A restore writes the captured state back (new files removed, deleted ones recreated), after capturing the state it
// replaces as a checkpoint of its own, so the restore can be undone. Only regular files inside a workspace folder
// are ever written or removed; a path through a symlink, or outside every folder, is refused.
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, realpath, rm, unlink, writeFile, chmod } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import {
  CheckpointStore,
  newCheckpointId,
  sizeOf,
  type FileState,
  type Manifest,
  type Unrestorable,
} from './checkpointStore';
import { ShadowGit } from './shadowGit';

/** Bigger files are noted as not restorable rather than copied. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface CheckpointsOptions {
  /** A folder in the extension's storage (never in the workspace). */
  root: string;
  /** The workspace folders now (absolute). */
  folders: () => readonly string[];
  /** The git executable, or false when there is none (commands' changes are then not restorable). */
  git?: string | false;
  maxFileBytes?: number;
  /**
   * How a restore writes and removes files (default: Node's fs). The host passes VS Code's file service, so an
   * editor showing a restored file shows its restored text at once instead of when a file watcher notices.
   */
  files?: RestoreFiles;
}

export interface RestoreFiles {
  write(path: string, data: Uint8Array): Promise<void>;
  /** Removes a file; one already gone is not an error. */
  remove(path: string): Promise<void>;
}

const nodeFiles: RestoreFiles = {
  write: (path, data) => writeFile(path, data),
  remove: (path) =>
    unlink(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    }),
};

export type RestoreAction = 'revert' | 'delete' | 'recreate';

export interface RestorePlan {
  /** Every file that differs from the checkpoint, and what restoring does to it. */
  changes: { path: string; relative: string; action: RestoreAction; state: FileState }[];
  /** Changes the checkpoints know of but cannot take back. */
  unrestorable: Unrestorable[];
  /** Paths refused: outside every workspace folder, or reached through a symlink. */
  refused: { path: string; why: string }[];
  /** Checkpoints no longer stored (pruned for space). */
  missing: number;
}

export interface RestoreResult {
  /** A checkpoint of the files as they were just before the restore (restoring it undoes the restore). */
  undoId: string;
  restored: string[];
  failed: { path: string; why: string }[];
}

export class Checkpoints {
  readonly store: CheckpointStore;
  private readonly shadows = new Map<string, ShadowGit>();
  private readonly open = new Map<string, Manifest>();
  /** Captures run one at a time: two calls of a round must not race on a manifest or a shadow index. */
  private queue: Promise<unknown> = Promise.resolve();
  private gitChecked: Promise<boolean> | undefined;
  /** The workspace folders' real paths, as last resolved. */
  private real: string[] = [];

  constructor(private readonly o: CheckpointsOptions) {
    this.store = new CheckpointStore(o.root);
  }

  /** Whether commands' changes can be captured (a git to run). */
  gitAvailable(): Promise<boolean> {
    if (this.o.git === false) return Promise.resolve(false);
    this.gitChecked ??= ShadowGit.available(this.o.git ?? 'git');
    return this.gitChecked;
  }

  /** A new, empty checkpoint (stored at once, so its id can be kept with the conversation). */
  async create(): Promise<string> {
    const m: Manifest = {
      version: 1,
      id: newCheckpointId(),
      created: Date.now(),
      files: {},
      unrestorable: [],
    };
    await this.store.save(m);
    this.open.set(m.id, m);
    return m.id;
  }

  /** Before edit_file or write_file changes `absolute` (a path already resolved inside a workspace folder). */
  beforeWrite(id: string, absolute: string): Promise<void> {
    return this.serial(async () => {
      const m = await this.manifest(id);
      if (!m || m.files[absolute]) return;
      const state = await this.capture(absolute);
      if ('reason' in state) m.unrestorable.push({ what: this.label(absolute), reason: state.reason });
      else m.files[absolute] = state;
      await this.store.save(m);
    });
  }

  /**
   * Runs a command with the workspace folders snapshotted before and after it; what each changed file held before
   * goes into the checkpoint. Without git, the command is noted as one whose changes cannot be restored.
   */
  async aroundCommand<T>(id: string, command: string, run: () => Promise<T>): Promise<T> {
    if (!(await this.gitAvailable())) {
      await this.serial(async () => {
        const m = await this.manifest(id);
        if (!m) return;
        m.unrestorable.push({ what: command, reason: 'noGit' });
        await this.store.save(m);
      });
      return run();
    }
    const folders = await this.realFolders();
    const before = await this.serial(() => Promise.all(folders.map((f) => this.snap(f))));
    try {
      return await run();
    } finally {
      // A capture that fails after the command must not turn its result into an error: the checkpoint then
      // lacks these files, and says nothing it cannot keep.
      await this.serial(async () => {
        const m = await this.manifest(id);
        if (!m) return;
        for (const [i, folder] of folders.entries()) {
          const from = before[i];
          const to = await this.snap(folder);
          if (!from || !to) {
            m.unrestorable.push({ what: command, reason: 'unreadable' });
            continue;
          }
          await this.record(m, folder, { from, to }).catch(() =>
            m.unrestorable.push({ what: command, reason: 'unreadable' }),
          );
        }
        await this.store.save(m);
      }).catch(() => undefined);
    }
  }

  /** What restoring to the first of `ids` (with every later one) would change, file by file. */
  async plan(ids: readonly string[]): Promise<RestorePlan> {
    const merged = new Map<string, FileState>();
    const unrestorable: Unrestorable[] = [];
    let missing = 0;
    for (const id of ids) {
      const m = await this.manifest(id);
      if (!m) {
        missing++;
        continue;
      }
      // The earliest checkpoint that holds a file knows what it was before any of these changes.
      for (const [path, state] of Object.entries(m.files)) if (!merged.has(path)) merged.set(path, state);
      for (const u of m.unrestorable)
        if (!unrestorable.some((x) => x.what === u.what && x.reason === u.reason)) unrestorable.push(u);
    }
    const plan: RestorePlan = { changes: [], unrestorable, refused: [], missing };
    const folders = await this.realFolders();
    for (const [path, state] of [...merged].sort(([a], [b]) => a.localeCompare(b))) {
      const target = await safeTarget(folders, path);
      if (!target.ok) {
        plan.refused.push({ path, why: target.why });
        continue;
      }
      const now = await this.capture(path, { store: false });
      if ('reason' in now) {
        plan.refused.push({ path, why: now.reason === 'symlink' ? 'a symlink' : 'not readable' });
        continue;
      }
      if (sameState(now, state)) continue;
      const action: RestoreAction =
        state.kind === 'absent' ? 'delete' : now.kind === 'absent' ? 'recreate' : 'revert';
      plan.changes.push({ path, relative: target.relative, action, state });
    }
    return plan;
  }

  /** Applies a plan: captures the files as they are now (the undo checkpoint), then writes the planned state. */
  restore(plan: RestorePlan): Promise<RestoreResult> {
    return this.serial(async () => {
      const undo: Manifest = {
        version: 1,
        id: newCheckpointId(),
        created: Date.now(),
        files: {},
        unrestorable: [],
      };
      for (const c of plan.changes) {
        const now = await this.capture(c.path);
        if (!('reason' in now)) undo.files[c.path] = now;
      }
      await this.store.save(undo);
      const result: RestoreResult = { undoId: undo.id, restored: [], failed: [] };
      const folders = await this.realFolders();
      for (const c of plan.changes) {
        // Checked again at write time: a folder swapped for a symlink since the plan must not be written through.
        const target = await safeTarget(folders, c.path);
        if (!target.ok || !undo.files[c.path]) {
          result.failed.push({ path: c.path, why: target.ok ? 'could not be captured first' : target.why });
          continue;
        }
        try {
          const files = this.o.files ?? nodeFiles;
          if (c.state.kind === 'absent') {
            await files.remove(c.path);
          } else {
            await mkdirInside(target.folder, dirname(c.path));
            await files.write(c.path, await this.store.getBlob(c.state.blob));
            await chmod(c.path, c.state.mode).catch(() => undefined);
          }
          result.restored.push(c.path);
        } catch (e) {
          result.failed.push({ path: c.path, why: e instanceof Error ? e.message : String(e) });
        }
      }
      return result;
    });
  }

  /**
   * Keeps the storage under `maxBytes`: the shadow repositories (which only serve to compare) go first when they
   * hold more than half of it, then the oldest checkpoints. `keep`: never removed.
   */
  prune(maxBytes: number, keep: ReadonlySet<string> = new Set()): Promise<string[]> {
    return this.serial(async () => {
      const gitRoot = join(this.o.root, 'git');
      if ((await sizeOf(this.o.root)) > maxBytes && (await sizeOf(gitRoot)) > maxBytes / 2) {
        await rm(gitRoot, { recursive: true, force: true });
        this.shadows.clear();
      }
      const removed = await this.store.prune({ maxBytes, keep });
      for (const id of removed) this.open.delete(id);
      return removed;
    });
  }

  /** Forgets the in-memory copy of a checkpoint (its turn ended); it stays stored. */
  close(id: string): void {
    this.open.delete(id);
  }

  private async manifest(id: string): Promise<Manifest | undefined> {
    const cached = this.open.get(id);
    if (cached) return cached;
    return this.store.load(id);
  }

  /** What `absolute` holds now; stored as a blob unless `store` is false. */
  private async capture(
    absolute: string,
    { store = true }: { store?: boolean } = {},
  ): Promise<FileState | { reason: Unrestorable['reason'] }> {
    let st;
    try {
      st = await lstat(absolute);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
      return { reason: 'unreadable' };
    }
    if (st.isSymbolicLink()) return { reason: 'symlink' };
    if (!st.isFile()) return { reason: 'unreadable' };
    if (st.size > (this.o.maxFileBytes ?? MAX_FILE_BYTES)) return { reason: 'tooLarge' };
    const bytes = await readFile(absolute).catch(() => undefined);
    if (!bytes) return { reason: 'unreadable' };
    const blob = store ? await this.store.putBlob(bytes) : createHash('sha256').update(bytes).digest('hex');
    return { kind: 'file', blob, mode: st.mode & 0o777 };
  }

  /** Records what each path a command changed held before, unless the checkpoint has it already. */
  private async record(m: Manifest, folder: string, trees: { from: string; to: string }): Promise<void> {
    const shadow = this.shadow(folder);
    for (const change of await shadow.changes(trees.from, trees.to)) {
      const absolute = join(folder, ...change.path.split('/'));
      if (m.files[absolute]) continue;
      if (!change.before) {
        m.files[absolute] = { kind: 'absent' };
        continue;
      }
      const { mode, blob } = change.before;
      if (mode === '120000') m.unrestorable.push({ what: this.label(absolute), reason: 'symlink' });
      else if (mode === '160000') m.unrestorable.push({ what: this.label(absolute), reason: 'unreadable' });
      else {
        const bytes = await shadow.blob(blob);
        if (bytes.length > (this.o.maxFileBytes ?? MAX_FILE_BYTES))
          m.unrestorable.push({ what: this.label(absolute), reason: 'tooLarge' });
        else
          m.files[absolute] = {
            kind: 'file',
            blob: await this.store.putBlob(bytes),
            mode: mode === '100755' ? 0o755 : 0o644,
          };
      }
    }
  }

  private async snap(folder: string): Promise<string | undefined> {
    try {
      return await this.shadow(folder).snapshot();
    } catch {
      return undefined;
    }
  }

  private shadow(folder: string): ShadowGit {
    let s = this.shadows.get(folder);
    if (!s) {
      const key = createHash('sha256').update(folder).digest('hex').slice(0, 16);
      s = new ShadowGit({
        gitDir: join(this.o.root, 'git', key),
        workTree: folder,
        git: this.o.git || 'git',
      });
      this.shadows.set(folder, s);
    }
    return s;
  }

  private async realFolders(): Promise<string[]> {
    this.real = await Promise.all(this.o.folders().map((f) => realpath(f).catch(() => f)));
    return this.real;
  }

  /** A path as the user reads it: relative to its workspace folder. */
  private label(absolute: string): string {
    for (const f of [...this.real, ...this.o.folders()]) {
      const r = relative(f, absolute);
      if (r && !r.startsWith('..') && !isAbsolute(r)) return r.split(sep).join('/');
    }
    return absolute;
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function sameState(a: FileState, b: FileState): boolean {
  if (a.kind === 'absent' || b.kind === 'absent') return a.kind === b.kind;
  return a.blob === b.blob;
}

/**
 * Where a restore may write: inside a workspace folder, with every existing folder on the way a real folder (no
 * symlink), and the file itself a regular file or absent.
 */
export async function safeTarget(
  folders: readonly string[],
  absolute: string,
): Promise<{ ok: true; folder: string; relative: string } | { ok: false; why: string }> {
  if (!isAbsolute(absolute) || absolute.includes('\0')) return { ok: false, why: 'not an absolute path' };
  const folder = folders
    .filter((f) => {
      const r = relative(f, absolute);
      return r !== '' && !r.startsWith('..') && !isAbsolute(r);
    })
    .sort((a, b) => b.length - a.length)[0];
  if (!folder) return { ok: false, why: 'outside the workspace folders' };
  const parts = relative(folder, absolute).split(sep);
  let p = folder;
  for (const [i, part] of parts.entries()) {
    p = join(p, part);
    const st = await lstat(p).catch(() => undefined);
    if (!st) break; // the rest does not exist yet: created as real folders
    if (st.isSymbolicLink()) return { ok: false, why: 'reached through a symlink' };
    if (i < parts.length - 1 && !st.isDirectory()) return { ok: false, why: 'a parent is not a folder' };
    if (i === parts.length - 1 && !st.isFile()) return { ok: false, why: 'not a regular file' };
  }
  return { ok: true, folder, relative: parts.join('/') };
}

/** Creates the missing folders from `folder` down to `dir`, refusing to go through a symlink. */
async function mkdirInside(folder: string, dir: string): Promise<void> {
  const parts = relative(folder, dir).split(sep).filter(Boolean);
  let p = folder;
  for (const part of parts) {
    p = join(p, part);
    const st = await lstat(p).catch(() => undefined);
    if (st?.isSymbolicLink()) throw new Error('a folder on the way is a symlink');
    if (!st) await mkdir(p);
  }
}

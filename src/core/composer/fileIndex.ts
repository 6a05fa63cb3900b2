// The workspace's files and folders for `@` suggestions: built once in the background by the same walk list_files
// uses (.gitignore, the user's excluded globs, never .git; it yields to the event loop every few hundred entries,
// so building never holds the host for long: docs/performance.md, P9), kept current from file events, and
// searched with fuzzysort over prepared targets (docs/architecture.md, "The composer").
// Paths are workspace-relative with forward slashes; with several workspace folders each path starts with its
// folder's name, as VS Code's own file picker shows them. Folders end with `/`.
import fuzzysort, { type Prepared } from 'fuzzysort';
import { walk } from '../tools/walk';

export interface IndexedFolder {
  /** The folder's name as the workspace shows it. */
  name: string;
  /** Absolute, real path. */
  path: string;
}

export interface FileIndexOptions {
  folders: readonly IndexedFolder[];
  /** Globs relative to each folder (files.exclude and search.exclude): skipped like list_files skips them. */
  exclude: readonly string[];
  /** At most this many files are indexed; the rest is still reachable by typing its path. */
  maxFiles?: number;
}

export interface PathSuggestion {
  path: string;
  kind: 'file' | 'folder';
  /** fuzzysort's score (1 is exact), plus the bonus for a recently opened file. */
  score: number;
}

export interface SearchOptions {
  limit: number;
  /** Recently opened paths, most recent first: they rank higher, and are all an empty query shows. */
  recent?: readonly string[];
}

export const DEFAULT_MAX_FILES = 250_000;
/** What being the most recently opened file adds to a score in fuzzysort's 0..1 range, falling off with age. */
const RECENT_BONUS = 0.25;
/** A match below this is noise (fuzzysort's own default is 0.5 for its long-list demo; paths are long). */
const THRESHOLD = 0.15;

export class FileIndex {
  private readonly targets = new Map<string, Prepared>();
  /** The targets as the array fuzzysort walks; rebuilt on the first search after a change. */
  private list: Prepared[] | undefined;
  private readonly folderFiles = new Map<string, number>();
  private building: Promise<void> | undefined;
  private truncated = false;

  constructor(private readonly options: FileIndexOptions) {}

  get size(): number {
    return this.targets.size;
  }

  /** True when the workspace holds more files than were indexed. */
  get incomplete(): boolean {
    return this.truncated;
  }

  /** Builds the index once; later calls wait for the same build. An aborted build leaves what it found. */
  build(signal?: AbortSignal): Promise<void> {
    return (this.building ??= this.walkAll(signal));
  }

  private async walkAll(signal?: AbortSignal): Promise<void> {
    const max = this.options.maxFiles ?? DEFAULT_MAX_FILES;
    const several = this.options.folders.length > 1;
    for (const folder of this.options.folders) {
      for await (const entry of walk(folder.path, folder.path, { exclude: this.options.exclude, signal })) {
        if (this.fileCount() >= max) {
          this.truncated = true;
          return;
        }
        this.add(several ? `${folder.name}/${entry.rel}` : entry.rel);
      }
    }
  }

  private fileCount(): number {
    return this.targets.size - this.folderFiles.size;
  }

  /** A file was created (or found by the build); its folders come with it. */
  add(path: string): void {
    if (this.targets.has(path)) return;
    this.list = undefined;
    this.targets.set(path, fuzzysort.prepare(path));
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const folder = path.slice(0, i + 1);
      const count = this.folderFiles.get(folder);
      this.folderFiles.set(folder, (count ?? 0) + 1);
      if (count === undefined) this.targets.set(folder, fuzzysort.prepare(folder));
    }
  }

  /** A file was deleted; a folder left with no indexed file goes too. */
  remove(path: string): void {
    if (path.endsWith('/')) {
      for (const p of [...this.targets.keys()]) if (p.startsWith(path) && !p.endsWith('/')) this.remove(p);
      return;
    }
    if (!this.targets.delete(path)) return;
    this.list = undefined;
    for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) {
      const folder = path.slice(0, i + 1);
      const count = (this.folderFiles.get(folder) ?? 1) - 1;
      if (count > 0) this.folderFiles.set(folder, count);
      else {
        this.folderFiles.delete(folder);
        this.targets.delete(folder);
      }
    }
  }

  has(path: string): boolean {
    return this.targets.has(path);
  }

  /** The best matches for `query`, best first. An empty query gives the recent files that are still here. */
  search(query: string, options: SearchOptions): PathSuggestion[] {
    const recent = options.recent ?? [];
    const bonus = new Map(recent.map((p, i) => [p, RECENT_BONUS * (1 - i / Math.max(recent.length, 1))]));
    if (query === '') {
      return recent
        .filter((p) => this.targets.has(p))
        .slice(0, options.limit)
        .map((p) => ({ path: p, kind: kindOf(p), score: 1 }));
    }
    // fuzzysort keeps the top `limit` by its own score; a recent file below that cut is scored on its own.
    const found = new Map<string, number>();
    for (const r of fuzzysort.go(query, (this.list ??= [...this.targets.values()]), {
      limit: options.limit * 2,
      threshold: THRESHOLD,
    })) {
      found.set(r.target, r.score);
    }
    for (const p of recent) {
      const target = this.targets.get(p);
      if (!target || found.has(p)) continue;
      const r = fuzzysort.single(query, target);
      if (r && r.score >= THRESHOLD) found.set(p, r.score);
    }
    return [...found]
      .map(([path, score]) => ({ path, kind: kindOf(path), score: score + (bonus.get(path) ?? 0) }))
      .sort((a, b) => b.score - a.score || a.path.length - b.path.length || (a.path < b.path ? -1 : 1))
      .slice(0, options.limit);
  }
}

function kindOf(path: string): 'file' | 'folder' {
  return path.endsWith('/') ? 'folder' : 'file';
}

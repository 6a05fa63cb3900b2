// Walks a folder of the workspace for list_files and search_text: sorted, depth first, honouring .gitignore files
// (the folder's own and nested ones, with git's precedence: a deeper file can re-include what a higher one
// ignored) and the user's excluded globs, always skipping .git. Symbolic links are reported, never followed: a
// link can lead out of the workspace or in a circle. Names are only ever passed to fs calls, never to a shell.
// The walk gives the event loop a turn every few hundred entries and checks the abort signal then: a folder with a
// hundred thousand entries is read with one readdir, and everything done per entry (this walk's tests, the caller's
// pattern) would otherwise run to the end before Stop could even be seen (docs/threat-model.md, R5).
import ignore, { type Ignore } from 'ignore';
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { globMatcher } from './glob';

export interface WalkEntry {
  /** Absolute path. */
  abs: string;
  /** Relative to the workspace folder, forward slashes. */
  rel: string;
  kind: 'file' | 'symlink';
}

export interface WalkOptions {
  /** Globs relative to the workspace folder (files.exclude): matching files and folders are skipped. */
  exclude: readonly string[];
  signal?: AbortSignal;
}

interface Level {
  /** Folder-relative directory holding the .gitignore ('' for the workspace folder). */
  dir: string;
  rules: Ignore;
}

/** A .gitignore bigger than this is not a list of patterns; it is skipped. */
const GITIGNORE_MAX_BYTES = 1024 * 1024;
/** Entries handled between two turns of the event loop. */
const ENTRIES_PER_SLICE = 256;

async function gitignoreAt(absDir: string, dirRel: string): Promise<Level | undefined> {
  try {
    const file = path.join(absDir, '.gitignore');
    // Only a regular file: reading a FIFO named .gitignore would wait forever; a link could lead anywhere.
    const info = await lstat(file);
    if (!info.isFile() || info.size > GITIGNORE_MAX_BYTES) return undefined;
    const text = await readFile(file, 'utf8');
    return { dir: dirRel, rules: ignore().add(text) };
  } catch {
    return undefined;
  }
}

function isIgnored(levels: readonly Level[], rel: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const sub = level.dir === '' ? rel : rel.slice(level.dir.length + 1);
    let r: { ignored: boolean; unignored: boolean };
    try {
      r = level.rules.test(isDir ? `${sub}/` : sub);
    } catch {
      continue; // a name `ignore` cannot take as a relative path: no rule applies
    }
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

export function abortError(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}

/**
 * Yields the files (and symlinks) under `base`, which must be `folder` or a folder inside it (both realpath'd).
 */
export async function* walk(folder: string, base: string, options: WalkOptions): AsyncGenerator<WalkEntry> {
  const excluded = globMatcher(options.exclude);
  const baseRel = path.relative(folder, base).split(path.sep).join('/');
  // The .gitignore files above `base` apply to it too.
  const levels: Level[] = [];
  const ancestors = baseRel === '' ? [] : baseRel.split('/').slice(0, -1);
  for (let i = -1; i < ancestors.length; i++) {
    const rel = ancestors.slice(0, i + 1).join('/');
    const level = await gitignoreAt(path.join(folder, rel), rel);
    if (level) levels.push(level);
  }
  yield* walkDir(base, baseRel, levels, { excluded, signal: options.signal, handled: 0 });
}

interface WalkState {
  excluded: (p: string, isDir: boolean) => boolean;
  signal: AbortSignal | undefined;
  /** Entries handled since the last turn of the event loop. */
  handled: number;
}

async function* walkDir(
  abs: string,
  rel: string,
  parentLevels: readonly Level[],
  state: WalkState,
): AsyncGenerator<WalkEntry> {
  const { signal } = state;
  if (signal?.aborted) throw abortError();
  let entries: Dirent[];
  try {
    entries = await readdir(abs, { withFileTypes: true });
  } catch {
    return; // unreadable (permissions) or gone meanwhile: nothing to list
  }
  const own = entries.some((e) => e.name === '.gitignore') ? await gitignoreAt(abs, rel) : undefined;
  const levels = own ? [...parentLevels, own] : parentLevels;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (++state.handled >= ENTRIES_PER_SLICE) {
      state.handled = 0;
      await nextTurn();
      if (signal?.aborted) throw abortError();
    }
    const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
    const childAbs = path.join(abs, entry.name);
    const isDir = entry.isDirectory();
    if (entry.name === '.git') continue; // a folder, or a file in worktrees and submodules
    if (state.excluded(childRel, isDir) || isIgnored(levels, childRel, isDir)) continue;
    if (isDir) yield* walkDir(childAbs, childRel, levels, state);
    else if (entry.isFile()) yield { abs: childAbs, rel: childRel, kind: 'file' };
    else if (entry.isSymbolicLink()) yield { abs: childAbs, rel: childRel, kind: 'symlink' };
  }
}

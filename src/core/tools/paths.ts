// Resolves a path the model asked for to a real path inside a workspace folder (docs/threat-model.md, G3), or says why not.
//
// Rules (the tool descriptions tell the model the same):
// - A relative path is relative to the first workspace folder. In a multi-root workspace a path whose first
//   segment is another folder's name (`api/src/x.ts`) is relative to that folder; `workspacePath` writes paths
//   back to the model in that same form.
// - An absolute path is accepted only when it lies inside a folder.
// - `~`, `..` segments, NUL, backslashes and control characters are refused outright: the model has no reason to
//   use them and each one is a classic way out of the folder.
// - The result is realpath'd; symlinks (file or directory, dangling too) that lead out are refused. A path that
//   does not exist yet is its deepest existing ancestor, realpath'd, plus the rest.
import { lstat, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { ResolvedPath } from './types';

export type Resolution = { ok: true; path: ResolvedPath } | { ok: false; reason: string };

interface Folder {
  real: string;
  name: string;
}

async function realFolders(folders: readonly string[]): Promise<Folder[]> {
  const out: Folder[] = [];
  for (const f of folders) {
    try {
      const real = await realpath(f);
      out.push({ real, name: path.basename(real) });
    } catch {
      // A folder that is gone cannot hold anything.
    }
  }
  return out;
}

function inside(folder: string, abs: string): boolean {
  const rel = path.relative(folder, abs);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The folder holding `abs` (the innermost when folders nest). */
function containing(folders: Folder[], abs: string): Folder | undefined {
  let best: Folder | undefined;
  for (const f of folders) if (inside(f.real, abs) && (!best || f.real.length > best.real.length)) best = f;
  return best;
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

/** Realpath of `target`, or of its deepest existing ancestor plus the missing rest. */
async function realOrAncestor(target: string): Promise<{ abs: string; exists: boolean } | { error: string }> {
  try {
    return { abs: await realpath(target), exists: true };
  } catch (e) {
    if (code(e) === 'ENOTDIR') return { error: 'a part of it is a file, not a folder' };
    if (code(e) !== 'ENOENT') return { error: `it cannot be read (${code(e) ?? 'error'})` };
  }
  // Something on the way does not exist. A name that lstat sees but realpath cannot follow is a dangling symlink:
  // writing through it would create its target, wherever that is.
  try {
    await lstat(target);
    return { error: 'it is a symbolic link to something that does not exist' };
  } catch (e) {
    if (code(e) !== 'ENOENT') return { error: `it cannot be read (${code(e) ?? 'error'})` };
  }
  const parent = path.dirname(target);
  if (parent === target) return { error: 'no part of it exists' };
  const up = await realOrAncestor(parent);
  if ('error' in up) return up;
  return { abs: path.join(up.abs, path.basename(target)), exists: false };
}

/** Why the text of a requested path is refused before touching the disk, or undefined. */
function refuseText(requested: string): string | undefined {
  if (requested.includes('\0')) return 'it contains a NUL character';
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0001-\u001F\u007F]/.test(requested)) return 'it contains control characters';
  if (requested.includes('\\')) return 'it contains a backslash: use forward slashes (`src/app.ts`)';
  if (requested.startsWith('~')) return '`~` (the home folder) is outside the workspace';
  if (requested.split('/').includes('..'))
    return '`..` is not allowed: give the path from the workspace folder, without `..`';
  return undefined;
}

export async function resolveInWorkspace(requested: string, folders: readonly string[]): Promise<Resolution> {
  const refuse = (why: string): Resolution => ({
    ok: false,
    reason: `The path "${requested}" is refused: ${why}.`,
  });
  if (typeof requested !== 'string' || requested.trim() === '') return refuse('it is empty');
  const textProblem = refuseText(requested);
  if (textProblem) return refuse(textProblem);
  const real = await realFolders(folders);
  if (real.length === 0) return refuse('no workspace folder is open');

  let target: string;
  if (path.isAbsolute(requested) || /^[a-zA-Z]:/.test(requested)) {
    target = path.normalize(requested);
    // Compared before realpath too, so the message is plain for an obvious `/etc/passwd`.
    const lexical = folders.some((f) => inside(path.resolve(f), target)) || containing(real, target);
    if (!lexical) return refuse('it is outside the workspace folders');
  } else {
    const segments = requested.split('/').filter((s) => s !== '' && s !== '.');
    const named = real.length > 1 ? real.find((f) => f.name === segments[0]) : undefined;
    const folder = named ?? real[0]!;
    target = path.join(folder.real, ...(named ? segments.slice(1) : segments));
  }

  return resolveTarget(requested, target, real);
}

async function resolveTarget(requested: string, target: string, real: Folder[]): Promise<Resolution> {
  const refuse = (why: string): Resolution => ({
    ok: false,
    reason: `The path "${requested}" is refused: ${why}.`,
  });
  const resolved = await realOrAncestor(target);
  if ('error' in resolved) return refuse(resolved.error);
  const folder = containing(real, resolved.abs);
  if (!folder) return refuse('it leads outside the workspace folders (through a symbolic link)');
  const relative = path.relative(folder.real, resolved.abs).split(path.sep).join('/');
  return {
    ok: true,
    path: { requested, absolute: resolved.abs, folder: folder.real, relative, exists: resolved.exists },
  };
}

/**
 * Resolves again at use time: between approval and use a file may have been swapped for a symlink, or a folder on
 * the way for a link elsewhere. The approved real path is resolved once more; it must still be real (no link on the
 * way), inside a folder, and the same. `folders` defaults to the path's own folder.
 */
export async function recheck(p: ResolvedPath, folders: readonly string[] = [p.folder]): Promise<Resolution> {
  const real = await realFolders(folders);
  const again = await resolveTarget(p.requested, p.absolute, real);
  if (!again.ok) return again;
  if (again.path.absolute !== p.absolute)
    return {
      ok: false,
      reason: `The path "${p.requested}" changed since it was approved (it now leads to ${again.path.absolute}); nothing was done.`,
    };
  return again;
}

/** The path as the model should write it: relative, prefixed with the folder's name in a multi-root workspace. */
export function workspacePath(p: ResolvedPath, folders: readonly string[]): string {
  if (folders.length < 2) return p.relative === '' ? '.' : p.relative;
  const name = path.basename(p.folder);
  return p.relative === '' ? name : `${name}/${p.relative}`;
}

// A file can be reachable under a protected name through a symlink in the workspace: with `.vscode` a link to
// `docs/cfg`, editing `docs/cfg/tasks.json` edits `.vscode/tasks.json`. The gate must see that name
// (docs/threat-model.md, G1), so before an edit or write the workspace folder's own entries with protected names are followed. Nested
// links (`sub/.vscode`) are not searched: VS Code and git read these names at the folder's root.
import { readdir, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { isProtectedWrite } from './sensitive';
import type { ResolvedPath } from './types';

/** The protected path (`.vscode/tasks.json`) under which `p` is also reachable, if any. */
export async function protectedAlias(p: ResolvedPath): Promise<string | undefined> {
  let entries;
  try {
    entries = await readdir(p.folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!entry.isSymbolicLink() || (!isProtectedWrite(`${entry.name}/x`) && !isProtectedWrite(entry.name)))
      continue;
    const real = await realpath(path.join(p.folder, entry.name)).catch(() => undefined);
    if (real === undefined) continue;
    const rel = path.relative(real, p.absolute);
    if (rel === '') return entry.name;
    if (!rel.startsWith('..') && !path.isAbsolute(rel))
      return `${entry.name}/${rel.split(path.sep).join('/')}`;
  }
  return undefined;
}

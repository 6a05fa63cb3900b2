// list_files: the files under a workspace folder, as paths the model can pass back to the other tools.
import { stat } from 'node:fs/promises';
import { globMatcher } from './glob';
import { recheck, workspacePath } from './paths';
import type { PreparedOf } from './prepare';
import type { ToolOutcome } from './types';
import { walk } from './walk';

export interface ListOptions {
  /** files.exclude globs from the host, relative to the workspace folder. */
  exclude: string[];
  /** Paths shown at most. */
  limit: number;
  signal: AbortSignal;
  /** The workspace folders: with several, paths start with the folder's name (as the tools expect them). */
  folders?: readonly string[];
}

/** Counting what is not shown stops here, so a huge tree cannot keep the walk going for minutes. */
const COUNT_CAP = 100_000;

export async function listFilesTool(
  call: PreparedOf<'list_files'>,
  options: ListOptions,
): Promise<ToolOutcome> {
  const folders = options.folders ?? [call.base.folder];
  const checked = await recheck(call.base);
  if (!checked.ok) return { content: checked.reason, isError: true };
  const base = checked.path;
  const info = await stat(base.absolute).catch(() => undefined);
  if (!info?.isDirectory())
    return {
      content: `"${base.requested}" is ${info ? 'a file, not a folder: read it with read_file' : 'not there'}.`,
      isError: true,
    };

  const matches = globMatcher([call.pattern], { matchBase: true });
  const prefix = base.relative === '' ? '' : `${base.relative}/`;
  const shown: string[] = [];
  let more = 0;
  try {
    for await (const entry of walk(base.folder, base.absolute, {
      exclude: options.exclude,
      signal: options.signal,
    })) {
      if (!matches(entry.rel.slice(prefix.length))) continue;
      if (shown.length < options.limit) {
        const p = workspacePath({ ...base, relative: entry.rel }, folders);
        shown.push(entry.kind === 'symlink' ? `${p} (symbolic link)` : p);
      } else if (++more >= COUNT_CAP) break;
    }
  } catch (e) {
    if (options.signal.aborted) return { content: 'Stopped: the listing was cancelled.', isError: true };
    throw e;
  }

  const where = workspacePath(base, folders);
  if (shown.length === 0)
    return {
      content:
        `No files in ${where} match "${call.pattern}" (ignored and excluded files are left out).` +
        (call.pattern.endsWith('/')
          ? ' A pattern ending in "/" names folders, not files: to list a folder\'s files, give it as "path" or use "folder/**".'
          : ''),
      isError: false,
    };
  const lines = [...shown];
  if (more > 0)
    lines.push(
      `[${more >= COUNT_CAP ? `at least ${COUNT_CAP}` : more} more not shown: list a subfolder or use a narrower pattern.]`,
    );
  return { content: lines.join('\n'), isError: false };
}

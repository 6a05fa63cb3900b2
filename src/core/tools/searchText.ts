// search_text: a line-by-line search of the workspace's text files, in plain JS (no ripgrep binary to ship).
// A regular expression comes from the model, so it runs in a vm context with a time limit: a catastrophic
// pattern like `(a+)+$` stops the search with an error instead of freezing the extension host.
import { readFile, realpath, stat } from 'node:fs/promises';
import * as vm from 'node:vm';
import { globMatcher } from './glob';
import { workspacePath } from './paths';
import { searchRegExp, type PreparedOf } from './prepare';
import { binaryReason } from './readFile';
import { isSensitivePath } from './sensitive';
import type { ToolOutcome } from './types';
import { walk } from './walk';

export interface SearchOptions {
  exclude: string[];
  /** Matching lines shown at most. */
  limit: number;
  signal: AbortSignal;
  /** The user's secretPatterns: matching files are skipped like the built-in secret names. */
  secretPatterns?: readonly string[];
}

const MAX_FILE_BYTES = 1024 * 1024;
const LINE_CHARS = 200;
const REGEX_MS_PER_FILE = 1000;

type FileMatcher = (text: string) => number[]; // 0-based indexes of matching lines

function plainMatcher(re: RegExp): FileMatcher {
  return (text) => {
    const out: number[] = [];
    text.split('\n').forEach((l, i) => {
      if (re.test(l)) out.push(i);
    });
    return out;
  };
}

function sandboxedMatcher(source: string, flags: string): FileMatcher {
  const context = vm.createContext({ source, flags, text: '' });
  const script = new vm.Script(
    'var re = new RegExp(source, flags), out = [], lines = text.split("\\n");' +
      'for (var i = 0; i < lines.length; i++) if (re.test(lines[i])) out.push(i);' +
      'out.join(",")',
  );
  return (text) => {
    context.text = text;
    const joined = script.runInContext(context, { timeout: REGEX_MS_PER_FILE }) as string;
    return joined === '' ? [] : joined.split(',').map(Number);
  };
}

/** The line, cut to about LINE_CHARS around the first match. */
function excerpt(text: string, re: RegExp): string {
  if (text.length <= LINE_CHARS) return text;
  const at = Math.max(0, Math.min(text.search(re), text.length - LINE_CHARS));
  const from = Math.max(0, at - 40);
  return `${from > 0 ? '…' : ''}${text.slice(from, from + LINE_CHARS)}…`;
}

export async function searchTextTool(
  call: PreparedOf<'search_text'>,
  folders: readonly string[],
  options: SearchOptions,
): Promise<ToolOutcome> {
  const re = searchRegExp(call.query, call.isRegex, call.caseSensitive);
  const match = call.isRegex ? sandboxedMatcher(re.source, re.flags) : plainMatcher(re);
  const include = call.include === undefined ? undefined : globMatcher([call.include], { matchBase: true });
  const results: string[] = [];
  let more = false;
  let skippedSecret = 0;
  let skippedLarge = 0;

  try {
    search: for (const folder of folders) {
      const real = await realpath(folder).catch(() => undefined);
      if (!real) continue;
      for await (const entry of walk(real, real, { exclude: options.exclude, signal: options.signal })) {
        if (entry.kind !== 'file') continue; // a link may lead out of the workspace
        const shownPath = workspacePath(
          { requested: entry.rel, absolute: entry.abs, folder: real, relative: entry.rel, exists: true },
          folders,
        );
        if (include && !include(entry.rel) && !include(shownPath)) continue;
        if (isSensitivePath(entry.rel, options.secretPatterns)) {
          skippedSecret++;
          continue;
        }
        const size = (await stat(entry.abs).catch(() => undefined))?.size ?? 0;
        if (size > MAX_FILE_BYTES) {
          skippedLarge++;
          continue;
        }
        const bytes = await readFile(entry.abs, { signal: options.signal }).catch(() => undefined);
        if (!bytes || binaryReason(bytes.subarray(0, 8192))) continue;
        const text = bytes.toString('utf8').replace(/\r\n/g, '\n');
        let hits: number[];
        try {
          hits = match(text);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw e;
          return {
            content: `The regular expression took over ${REGEX_MS_PER_FILE / 1000} s on ${shownPath} and the search was stopped; simplify it (avoid nested repetition like (a+)+).`,
            isError: true,
          };
        }
        if (hits.length === 0) continue;
        const lines = text.split('\n');
        for (const i of hits) {
          if (results.length >= options.limit) {
            more = true;
            break search;
          }
          results.push(`${shownPath}:${i + 1}: ${excerpt(lines[i]!, re)}`);
        }
      }
    }
  } catch (e) {
    if (options.signal.aborted) return { content: 'Stopped: the search was cancelled.', isError: true };
    throw e;
  }

  const notes: string[] = [];
  if (more)
    notes.push(
      `[Stopped after ${options.limit} matches; there are more: narrow the query or use "include".]`,
    );
  if (skippedSecret > 0)
    notes.push(
      `[${skippedSecret} file(s) that may hold secrets (.env, keys) were not searched; read_file can read one with the user's approval.]`,
    );
  if (skippedLarge > 0) notes.push(`[${skippedLarge} file(s) over 1 MB were not searched.]`);
  const head = results.length === 0 ? [`No matches for ${JSON.stringify(call.query)}.`] : results;
  return { content: [...head, ...notes].join('\n'), isError: false };
}

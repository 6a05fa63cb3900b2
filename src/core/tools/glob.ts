// Globs for workspace-relative paths (forward slashes): `*`, `?`, `**`, `[abc]`/`[a-z]`/`[!abc]`/`[^abc]`, `{a,b}`,
// and `\` to escape. The pattern comes from the model (list_files, search_text) or from `files.exclude`, so it must
// answer in time linear in the pattern and the path, whatever it holds (docs/threat-model.md, R5): a regular
// expression built from a glob backtracks (`**/` thirty times then `zzz` froze the host for 15 s; picomatch itself
// takes half a minute on `*a` nine times then `*b`). So a glob is compiled into a small automaton that is run over
// the path keeping the set of states it can be in, never trying one branch after another.
//
// Semantics (as picomatch with `dot: true`, checked by test/unit/tools/glob.test.ts against picomatch):
// - `*` matches any run of characters but `/`, names starting with a dot included (as VS Code's own globs do);
//   `?` one character but `/`; a class one character in (or with `!`/`^`, not in) the set, never `/`.
// - `**` as a whole segment matches any number of segments, none included: `src/**` matches `src` and everything
//   under it, `**/b` matches `b` at any depth, `a/**/b` matches `a/b`. Elsewhere `**` is `*`.
// - `{a,b}` (nested too) are alternatives; braces without a comma are literal; no ranges like `{1..3}`.
// - A trailing `/` names folders only: `dist/` matches the folder `dist`, never a file named `dist`.
// - With `matchBase`, a pattern without `/` matches the last segment at any depth (`*.ts` as `**/*.ts`).

export interface GlobOptions {
  /** A pattern without `/` matches the last path segment at any depth (`*.ts` as `**\/*.ts`). */
  matchBase?: boolean;
  /** Ignore case (for secret-file patterns: macOS and Windows file systems do). */
  nocase?: boolean;
  /** Counts the states the matcher visits, so a test can prove the linear bound without a clock. */
  meter?: { steps: number };
}

/** The longest pattern compiled; longer ones are refused with a message (the model can write a shorter one). */
export const GLOB_MAX_CHARS = 1024;
/** `{a,b}` alternatives after expansion, at most. */
const MAX_ALTERNATIVES = 256;
/** Items (characters, wildcards) over all alternatives, at most: this bounds the work per path. */
const MAX_ITEMS = 8192;

export class GlobError extends Error {}

type Item =
  | { t: 'lit'; c: string }
  | { t: 'one' }
  | { t: 'class'; negate: boolean; ranges: [string, string][] }
  | { t: 'star' } // any run without `/`
  | { t: 'segments' } // `**/`: whole segments, each with its `/`, any number
  | { t: 'rest' } // trailing `/**`: nothing, or `/` and anything
  | { t: 'all' }; // `**` alone: anything

interface Alternative {
  items: Item[];
  dirOnly: boolean;
}

/** Why a pattern cannot be used, or undefined when it can. */
export function globProblem(pattern: string): string | undefined {
  try {
    compile(pattern, {});
    return undefined;
  } catch (e) {
    if (e instanceof GlobError) return e.message;
    throw e;
  }
}

/** Expands `{a,b}` alternatives (nested too) into plain patterns. */
function expandBraces(pattern: string): string[] {
  const open = findBrace(pattern);
  if (!open) return [pattern];
  const { start, end, options } = open;
  const out: string[] = [];
  for (const option of options) {
    for (const p of expandBraces(pattern.slice(0, start) + option + pattern.slice(end + 1))) {
      out.push(p);
      if (out.length > MAX_ALTERNATIVES)
        throw new GlobError(
          `the pattern has over ${MAX_ALTERNATIVES} alternatives once its {…} are expanded; use fewer braces.`,
        );
    }
  }
  return out;
}

/** The first top-level `{...}` holding a comma, with its comma-separated options. */
function findBrace(p: string): { start: number; end: number; options: string[] } | undefined {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === '{') {
      let depth = 0;
      const options: string[] = [];
      let from = i + 1;
      for (let j = i; j < p.length; j++) {
        const c = p[j];
        if (c === '\\') j++;
        else if (c === '{') depth++;
        else if (c === '}' && --depth === 0) {
          options.push(p.slice(from, j));
          if (options.length > 1) return { start: i, end: j, options };
          break;
        } else if (c === ',' && depth === 1) {
          options.push(p.slice(from, j));
          from = j + 1;
        }
      }
    }
  }
  return undefined;
}

/** The items of one segment (no `/` in it). */
function segmentItems(seg: string, out: Item[]): void {
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') {
      while (seg[i + 1] === '*') i++;
      out.push({ t: 'star' });
    } else if (c === '?') out.push({ t: 'one' });
    else if (c === '\\' && i + 1 < seg.length) out.push({ t: 'lit', c: seg[++i]! });
    else if (c === '[') {
      const parsed = classAt(seg, i);
      if (parsed) {
        out.push(parsed.item);
        i = parsed.end;
      } else out.push({ t: 'lit', c });
    } else out.push({ t: 'lit', c });
  }
}

/** A `[...]` class starting at `i`; a `]` right after `[` (or `[!`) is a member. Undefined when never closed. */
function classAt(seg: string, i: number): { item: Item; end: number } | undefined {
  let j = i + 1;
  const negate = seg[j] === '!' || seg[j] === '^';
  if (negate) j++;
  const members: string[] = [];
  const first = j;
  for (; j < seg.length; j++) {
    const c = seg[j]!;
    if (c === ']' && j > first) break;
    if (c === '\\' && j + 1 < seg.length) members.push(seg[++j]!);
    else members.push(c);
  }
  if (j >= seg.length) return undefined;
  const ranges: [string, string][] = [];
  for (let k = 0; k < members.length; k++) {
    const from = members[k]!;
    // `a-z` is a range; a `-` first or last is itself (escapes were resolved above, so `\-` counts as a range
    // sign here too: a rare spelling, accepted as a range).
    if (members[k + 1] === '-' && k + 2 < members.length) {
      ranges.push([from, members[k + 2]!]);
      k += 2;
    } else ranges.push([from, from]);
  }
  return { item: { t: 'class', negate, ranges }, end: j };
}

function compileAlternative(raw: string, options: GlobOptions): Alternative {
  let p = raw;
  const dirOnly = p.endsWith('/');
  p = p.replace(/\/+$/, '');
  if (options.nocase) p = p.toLowerCase();
  if (options.matchBase && !p.includes('/')) p = `**/${p}`;
  // `**/**` is `**`.
  const segs = p.split('/').filter((s, i, all) => !(s === '**' && all[i - 1] === '**'));
  const items: Item[] = [];
  segs.forEach((seg, k) => {
    const last = k === segs.length - 1;
    if (seg === '**') {
      items.push(segs.length === 1 ? { t: 'all' } : last ? { t: 'rest' } : { t: 'segments' });
      return;
    }
    segmentItems(seg, items);
    // The `/` after a segment; a trailing `**` brings its own, optional one.
    if (!last && !(k + 1 === segs.length - 1 && segs[k + 1] === '**')) items.push({ t: 'lit', c: '/' });
  });
  return { items, dirOnly };
}

function compile(pattern: string, options: GlobOptions): Alternative[] {
  if (pattern.length > GLOB_MAX_CHARS)
    throw new GlobError(`the pattern is ${pattern.length} characters long; the limit is ${GLOB_MAX_CHARS}.`);
  // Paths are relative: a leading `./` or `/` means the folder itself (before braces, so `{,a}/b` is `/b` or `a/b`).
  const relative = pattern.replace(/^(?:\.\/)+/, '').replace(/^\/+/, '');
  const alternatives = expandBraces(relative).map((p) => compileAlternative(p, options));
  const items = alternatives.reduce((n, a) => n + a.items.length, 0);
  if (items > MAX_ITEMS)
    throw new GlobError(
      `the pattern is too large once its {…} are expanded (${items} parts; the limit is ${MAX_ITEMS}).`,
    );
  return alternatives;
}

function inClass(item: Extract<Item, { t: 'class' }>, c: string): boolean {
  if (c === '/') return false;
  const hit = item.ranges.some(([from, to]) => c >= from && c <= to);
  return hit !== item.negate;
}

/**
 * Runs one alternative over `path`, keeping the set of states it can be in. State `2i` is "before item i",
 * `2i + 1` is "inside item i" (inside a `**` segment, or past the `/` of a trailing `/**`); `2n` accepts. Each
 * character visits each state at most once, so the work is at most (2n + 1) states times (length + 1).
 */
function run(alt: Alternative, path: string, meter: { steps: number } | undefined): boolean {
  const { items } = alt;
  const n = items.length;
  const size = 2 * n + 1;
  let current = new Uint8Array(size);
  let next = new Uint8Array(size);
  let list: number[] = [];
  let nextList: number[] = [];

  // Adds a state and everything reachable from it without consuming a character.
  const add = (set: Uint8Array, into: number[], s: number): void => {
    while (s < size && set[s] === 0) {
      set[s] = 1;
      into.push(s);
      if (meter) meter.steps++;
      if (s === 2 * n) return;
      const item = items[s >> 1]!;
      if ((s & 1) === 1) {
        // Inside: only a trailing `/**` may end here (it already took its `/`).
        if (item.t === 'rest') s = 2 * ((s >> 1) + 1);
        else return;
      } else if (item.t === 'star' || item.t === 'segments' || item.t === 'rest' || item.t === 'all') {
        s = 2 * ((s >> 1) + 1); // these may match nothing
      } else return;
    }
  };

  add(current, list, 0);
  for (let k = 0; k < path.length && list.length > 0; k++) {
    const c = path[k]!;
    for (const s of list) {
      if (s === 2 * n) continue;
      const i = s >> 1;
      const item = items[i]!;
      const inside = (s & 1) === 1;
      const after = 2 * (i + 1);
      switch (item.t) {
        case 'lit':
          if (c === item.c) add(next, nextList, after);
          break;
        case 'one':
          if (c !== '/') add(next, nextList, after);
          break;
        case 'class':
          if (inClass(item, c)) add(next, nextList, after);
          break;
        case 'star':
          if (c !== '/') add(next, nextList, s);
          break;
        case 'all':
          add(next, nextList, s);
          break;
        case 'segments':
          // Before: a name starts; inside: the name goes on, or its `/` ends the segment.
          if (c !== '/') add(next, nextList, 2 * i + 1);
          else if (inside) add(next, nextList, 2 * i);
          break;
        case 'rest':
          if (inside || c === '/') add(next, nextList, 2 * i + 1);
          break;
      }
    }
    for (const s of list) current[s] = 0;
    [current, next] = [next, current];
    [list, nextList] = [nextList, list];
    nextList.length = 0;
  }
  return current[2 * n] === 1;
}

export interface Glob {
  /** Whether `path` (workspace-relative, `/`-separated, no trailing `/`) matches; `isDir` for folders. */
  match(path: string, isDir?: boolean): boolean;
}

/** Compiles one pattern; throws GlobError (with a message for the model) when it is too large. */
export function compileGlob(pattern: string, options: GlobOptions = {}): Glob {
  const alternatives = compile(pattern, options);
  return {
    match: (path, isDir = false) => {
      const p = options.nocase ? path.toLowerCase() : path;
      return alternatives.some((a) => (isDir || !a.dirOnly) && run(a, p, options.meter));
    },
  };
}

/** One test for several globs; an empty list matches nothing. Throws GlobError for a pattern that is too large. */
export function globMatcher(
  patterns: readonly string[],
  options: GlobOptions = {},
): (path: string, isDir?: boolean) => boolean {
  const globs = patterns.filter((p) => p.trim() !== '').map((p) => compileGlob(p, options));
  return (path, isDir) => globs.some((g) => g.match(path, isDir));
}

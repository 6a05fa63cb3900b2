// A small glob matcher for workspace-relative paths (forward slashes): `*`, `?`, `**`, `[abc]`/`[!abc]`, `{a,b}`.
// Hand-written instead of picomatch, which would add about 24 KB to the host bundle (docs/performance.md, P7);
// these globs only filter listings and searches (the gate's own rules are in policy.ts and do not use them).
// Unlike picomatch's default, `*` matches names starting with a dot, as VS Code's own globs do.

export interface GlobOptions {
  /** A pattern without `/` matches the last path segment at any depth (`*.ts` as `**\/*.ts`). */
  matchBase?: boolean;
}

const MAX_EXPANSIONS = 256;

/** Expands `{a,b}` alternatives (nested too) into plain patterns. */
function expandBraces(pattern: string): string[] {
  const open = findBrace(pattern);
  if (!open) return [pattern];
  const { start, end, options } = open;
  const out: string[] = [];
  for (const option of options) {
    for (const p of expandBraces(pattern.slice(0, start) + option + pattern.slice(end + 1))) {
      out.push(p);
      if (out.length >= MAX_EXPANSIONS) return out;
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

const SPECIAL = /[.+^$()|{}\\/]/;

function segmentSource(seg: string): string {
  let out = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === '*') {
      while (seg[i + 1] === '*') i++;
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < seg.length) out += escapeChar(seg[++i]!);
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close === -1) out += '\\[';
      else {
        let body = seg.slice(i + 1, close);
        const negate = body.startsWith('!') || body.startsWith('^');
        if (negate) body = body.slice(1);
        body = body.replace(/[\\\]^]/g, '\\$&');
        out += negate ? `[^/${body}]` : `[${body}]`;
        i = close;
      }
    } else out += escapeChar(c);
  }
  return out;
}

function escapeChar(c: string): string {
  return SPECIAL.test(c) || c === '[' || c === ']' || c === '*' || c === '?' ? `\\${c}` : c;
}

function plainSource(pattern: string, options: GlobOptions): string {
  let p = pattern.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (options.matchBase && !p.includes('/')) p = `**/${p}`;
  const segs = p.split('/');
  let src = '';
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    if (seg === '**') src += last ? '.*' : '(?:[^/]*/)*';
    else src += segmentSource(seg) + (last ? '' : '/');
  });
  return src;
}

export function globToRegExp(pattern: string, options: GlobOptions = {}): RegExp {
  const sources = expandBraces(pattern).map((p) => plainSource(p, options));
  return new RegExp(`^(?:${sources.join('|')})$`);
}

/** One test for several globs; an empty list matches nothing. */
export function globMatcher(
  patterns: readonly string[],
  options: GlobOptions = {},
): (path: string) => boolean {
  const res = patterns.filter((p) => p.trim() !== '').map((p) => globToRegExp(p, options));
  return (path) => res.some((re) => re.test(path));
}

// The checks the translation bundles must pass, as plain functions so the test can also show each one failing on a
// small example. A "bundle" is English (or a key) to text: package.nls*.json and l10n/bundle.l10n*.json alike.
export type Bundle = Record<string, string | { message: string }>;

export function text(value: string | { message: string }): string {
  return typeof value === 'string' ? value : value.message;
}

/** `{0}`, `{name}`, sorted: what a translation must keep (VS Code fills them in). Code spans aside. */
export function placeholders(s: string): string[] {
  return [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[0]).sort();
}

/** Markdown links' targets (`](command:...)`): a translation must keep every walkthrough button working. */
export function linkTargets(s: string): string[] {
  return [...s.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).sort();
}

export interface Comparison {
  missing: string[];
  extra: string[];
  placeholderMismatch: string[];
  linkMismatch: string[];
  empty: string[];
}

/** What `translated` lacks, holds in excess, or gets wrong compared with `source` (the English one). */
export function compareBundles(source: Bundle, translated: Bundle): Comparison {
  const out: Comparison = { missing: [], extra: [], placeholderMismatch: [], linkMismatch: [], empty: [] };
  for (const [key, value] of Object.entries(source)) {
    const t = translated[key];
    if (t === undefined) {
      out.missing.push(key);
      continue;
    }
    const english = text(value);
    const local = text(t);
    if (local.trim() === '') out.empty.push(key);
    if (placeholders(english).join() !== placeholders(local).join()) out.placeholderMismatch.push(key);
    if (linkTargets(english).join() !== linkTargets(local).join()) out.linkMismatch.push(key);
  }
  for (const key of Object.keys(translated)) if (!(key in source)) out.extra.push(key);
  return out;
}

/** Every `%key%` in package.json (any depth), for checking against package.nls.json. */
export function nlsReferences(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    const m = /^%([^%\s]+)%$/.exec(value);
    if (m) out.push(m[1]!);
  } else if (Array.isArray(value)) value.forEach((v) => nlsReferences(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => nlsReferences(v, out));
  return out;
}

/** A readable failure: which file, which problem, the first keys (all of them would flood the output). */
export function describe(file: string, c: Comparison): string[] {
  const lines: string[] = [];
  const list = (what: string, keys: string[]) => {
    if (keys.length === 0) return;
    const shown = keys.slice(0, 20).map((k) => `    ${JSON.stringify(k)}`);
    lines.push(`${file}: ${keys.length} ${what}:`, ...shown, ...(keys.length > 20 ? ['    …'] : []));
  };
  list('keys missing (translate them)', c.missing);
  list('keys no longer in the English source (remove them)', c.extra);
  list('translations whose placeholders differ from the English', c.placeholderMismatch);
  list('translations whose link targets differ from the English', c.linkMismatch);
  list('empty translations', c.empty);
  return lines;
}

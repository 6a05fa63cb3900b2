// Takes the key out of text that will be shown or logged (docs/threat-model.md, K1). An endpoint may echo more than
// the exact key: the first 24 characters of it, its last few, or the key in the encodings auth headers use (base64
// in a Basic auth echo or of `Bearer <key>`, base64url, URL-encoding). So every run of 12 or more characters of the
// key, or of one of those encodings, is replaced; 12 characters of a 100-character random key never turn up by
// chance, and a few characters of it reveal nothing.

/** Shortest run of a key's characters that counts as a leak (a whole key shorter than this counts whole). */
const MIN_RUN = 12;
/** Secrets shorter than this are not redacted at all: they would match ordinary words. */
const MIN_SECRET = 4;
const MARK = '[redacted]';

/** The strings whose runs leak the secret: itself and how endpoints encode it. */
function formsOf(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  const bytes = Buffer.from(secret, 'utf8');
  // In base64 a byte's bits land differently depending on where the key starts (what came before it, as "user:"
  // or "Bearer "), so there are three encodings; only the characters made from the key's bits alone are kept.
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const core = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    const url = core.replace(/\+/g, '-').replace(/\//g, '_');
    forms.add(core).add(url).add(encodeURIComponent(core));
  }
  return [...forms].filter((f) => f.length >= MIN_SECRET);
}

/** Every distinct run of MIN_RUN characters of the forms (a form shorter than that, whole). */
function runsOf(secret: string): string[] {
  const runs = new Set<string>();
  for (const form of formsOf(secret)) {
    if (form.length <= MIN_RUN) runs.add(form);
    else for (let i = 0; i + MIN_RUN <= form.length; i++) runs.add(form.slice(i, i + MIN_RUN));
  }
  return [...runs];
}

// The same one or two secrets are redacted over and over: their runs are worked out once.
const cache = new Map<string, string[]>();
function cachedRuns(secret: string): string[] {
  let runs = cache.get(secret);
  if (runs === undefined) {
    if (cache.size >= 8) cache.clear();
    runs = runsOf(secret);
    cache.set(secret, runs);
  }
  return runs;
}

/**
 * Replaces every stretch of `text` made of runs of a secret (the key) or its encodings with `[redacted]`. Runs of
 * MIN_RUN characters that overlap or touch cover any longer run, so a prefix, a suffix or the whole key each become
 * one marker.
 */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  const spans: [number, number][] = [];
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET) continue;
    for (const run of cachedRuns(secret)) {
      for (let at = text.indexOf(run); at !== -1; at = text.indexOf(run, at + 1))
        spans.push([at, at + run.length]);
    }
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let kept = 0;
  let [start, end] = spans[0]!;
  for (const [s, e] of spans) {
    if (s <= end) {
      end = Math.max(end, e);
      continue;
    }
    out += text.slice(kept, start) + MARK;
    kept = end;
    [start, end] = [s, e];
  }
  return out + text.slice(kept, start) + MARK + text.slice(end);
}

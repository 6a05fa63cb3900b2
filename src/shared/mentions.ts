// The words that can follow `@` in the composer and what each stands for. A file or folder is named by its
// workspace-relative path (a line range as `path:10-20`), a symbol as `#name`, and the rest by a keyword. The
// webview parses what is being typed (to ask the host for suggestions) and posts the mention the user picked; the
// host validates it (it is untrusted, docs/threat-model.md W5) and resolves it into a located block.
import * as z from 'zod/mini';
import './zodLocale';

/** Larger line numbers are not a file's; a range past them is refused. */
const MAX_LINE = 10_000_000;
const Line = z.int().check(z.minimum(1), z.maximum(MAX_LINE));
/** A workspace-relative path as the suggestion list gave it (forward slashes). */
const MentionPath = z.string().check(z.minLength(1), z.maxLength(4096));

export const LineRange = z.object({ start: Line, end: Line });
export type LineRange = z.infer<typeof LineRange>;

export const KEYWORD_MENTIONS = ['problems', 'selection', 'terminal', 'changes'] as const;
export type KeywordMention = (typeof KEYWORD_MENTIONS)[number];

/** A picked mention: what the host resolves into a located block for the next message. */
export const Mention = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('file'), path: MentionPath, range: z.optional(LineRange) }),
  z.strictObject({ kind: z.literal('folder'), path: MentionPath }),
  z.strictObject({
    kind: z.literal('symbol'),
    name: z.string().check(z.minLength(1), z.maxLength(512)),
    path: MentionPath,
    range: LineRange,
  }),
  // The workspace's problems, or (with a path) one file's.
  z.strictObject({ kind: z.literal('problems'), path: z.optional(MentionPath) }),
  z.strictObject({ kind: z.enum(['selection', 'terminal', 'changes']) }),
]);
export type Mention = z.infer<typeof Mention>;

/** What the text after `@` asks for while it is being typed. */
export type MentionQuery =
  { kind: 'symbol'; name: string } | { kind: 'path'; path: string; range?: LineRange };

export function parseMentionQuery(query: string): MentionQuery {
  if (query.startsWith('#')) return { kind: 'symbol', name: query.slice(1) };
  const m = /^(.*?):(\d{1,8})(?:-(\d{1,8}))?$/.exec(query);
  if (m && m[1]) {
    const a = Number(m[2]);
    const b = m[3] === undefined ? a : Number(m[3]);
    if (a >= 1 && b >= 1 && a <= MAX_LINE && b <= MAX_LINE) {
      return { kind: 'path', path: m[1], range: { start: Math.min(a, b), end: Math.max(a, b) } };
    }
  }
  return { kind: 'path', path: query };
}

/** The text a mention leaves in the message, e.g. `@src/app.ts:10-20`, `@src/`, `@#render`, `@problems`. */
export function mentionText(m: Mention): string {
  switch (m.kind) {
    case 'file':
      return `@${m.path}${m.range ? rangeSuffix(m.range) : ''}`;
    case 'folder':
      return `@${m.path.endsWith('/') ? m.path : `${m.path}/`}`;
    case 'symbol':
      return `@#${m.name}`;
    case 'problems':
      return m.path ? `@problems:${m.path}` : '@problems';
    default:
      return `@${m.kind}`;
  }
}

export function rangeSuffix(r: LineRange): string {
  return r.start === r.end ? `:${r.start}` : `:${r.start}-${r.end}`;
}

// The words that can follow `@` in the composer and what each stands for. A file or folder is named by its
// workspace-relative path (a line range as `path:10-20`), a symbol as `#name`, and the rest by a keyword. The
// suggestion list is built from these (suggestions.ts); what a picked mention sends is resolved by the host.

export interface LineRange {
  /** 1-based, inclusive. */
  start: number;
  end: number;
}

/** What the text after `@` asks for while it is being typed. */
export type MentionQuery =
  { kind: 'symbol'; name: string } | { kind: 'path'; path: string; range?: LineRange };

/** A picked mention: what the chip shows and the host resolves into a located block. */
export type Mention =
  | { kind: 'file'; path: string; range?: LineRange }
  | { kind: 'folder'; path: string }
  | { kind: 'symbol'; name: string; path: string; range: LineRange }
  | { kind: KeywordMention };

export type KeywordMention = 'problems' | 'selection' | 'terminal' | 'changes';

export const KEYWORD_MENTIONS: readonly { name: KeywordMention; description: string }[] = [
  { name: 'problems', description: 'Errors and warnings in the workspace (VS Code’s Problems)' },
  { name: 'selection', description: 'The selected lines in the active editor' },
  { name: 'terminal', description: 'The active terminal’s last command and its output' },
  { name: 'changes', description: 'Uncommitted changes in the working tree (git diff)' },
];

/** Larger ranges are not a typo to fix but a mistake to refuse: line numbers stay within what a file can hold. */
const MAX_LINE = 10_000_000;

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
    default:
      return `@${m.kind}`;
  }
}

export function rangeSuffix(r: LineRange): string {
  return r.start === r.end ? `:${r.start}` : `:${r.start}-${r.end}`;
}

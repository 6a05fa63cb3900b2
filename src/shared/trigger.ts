// What the composer is completing at the caret: an `@` mention (anywhere, at the start of a word) or a `/` command
// (only as the message's first word, as in Claude Code and Copilot). The webview asks this on every input and
// caret move, so it only looks at the word around the caret, never the whole text.

export interface Trigger {
  kind: 'mention' | 'command';
  /** What follows the `@` or `/` up to the caret. */
  query: string;
  /** Where the `@` or `/` is. */
  start: number;
  /** Where the word ends (the caret, or further when the caret is inside the word): a pick replaces start..end. */
  end: number;
}

const SPACE = /\s/;
/** Characters after which an `@` starts a mention: e-mail addresses and `a@b` are left alone. */
const BEFORE_MENTION = /[\s([{"'`]/;
/** The longest word that is still looked at; past this, it is not a mention being typed. */
const MAX_WORD = 512;

export function triggerAt(text: string, caret: number): Trigger | undefined {
  if (caret < 0 || caret > text.length) return undefined;
  let start = caret;
  while (start > 0 && !SPACE.test(text[start - 1]!) && caret - start < MAX_WORD) start--;
  let end = caret;
  while (end < text.length && !SPACE.test(text[end]!) && end - start < MAX_WORD) end++;
  const word = text.slice(start, caret);
  if (word.startsWith('/') && text.slice(0, start).trim() === '') {
    return { kind: 'command', query: word.slice(1), start, end };
  }
  // The last `@` of the word that starts a mention: `(@src/a.ts` counts, `me@host` does not.
  for (let at = caret - 1; at >= start; at--) {
    if (text[at] !== '@') continue;
    if (at > start && !BEFORE_MENTION.test(text[at - 1]!)) return undefined;
    return { kind: 'mention', query: text.slice(at + 1, caret), start: at, end };
  }
  return undefined;
}

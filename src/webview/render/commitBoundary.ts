// Where the open tail of a streamed reply may be cut: the end of the longest run of top-level blocks that no
// further text can change. Blocks before the cut are rendered once and never lexed again.
import type { Token } from 'marked';

export interface CommitBoundary {
  /** How many of the tokens lie before the cut. */
  tokenCount: number;
  /** How many characters of the source lie before the cut (always at the start of a line). */
  length: number;
}

const NONE: CommitBoundary = { tokenCount: 0, length: 0 };
const FENCE_START = /^ {0,3}(?:`{3,}|~{3,})/;
const ATX_START = /^ {0,3}#{1,6}(?:[ \t]|\n|$)/;
/**
 * A list's first line that may interrupt a paragraph (CommonMark 5.2): the item is not empty, and an ordered one
 * starts at 1. marked sometimes lexes an empty `1)` after a paragraph as a list while the next line is still
 * arriving, then folds it back into the paragraph once it has.
 */
const LIST_INTERRUPTS = /^ {0,3}(?:[-+*]|1[.)])[ \t]+\S/;

/** A block that ends itself: nothing after it can extend it. */
function closesItself(token: Token): boolean {
  if (token.type === 'hr') return true;
  if (token.type === 'heading') return true;
  // A fenced block that is followed by another token was closed by its fence; an unclosed one runs to the end.
  return token.type === 'code' && FENCE_START.test(token.raw);
}

/** A block whose first line alone ends the block before it (no lazy continuation can swallow it). */
function interrupts(token: Token): boolean {
  switch (token.type) {
    case 'code':
      return FENCE_START.test(token.raw);
    case 'heading':
      return ATX_START.test(token.raw);
    case 'list':
      return LIST_INTERRUPTS.test(token.raw);
    case 'hr':
    case 'blockquote':
      return true;
    default:
      return false;
  }
}

/**
 * After a blank line, whether the next line, starting with `next`, might still turn out to continue `token`: a list
 * continues with an indented line or another item (`1` may become `1.`), indented code with an indented line.
 */
function mayContinueAfterBlank(token: Token, next: string): boolean {
  if (token.type === 'list') return /^[\s\-+*0-9]/.test(next);
  if (token.type === 'code') return !FENCE_START.test(token.raw) && /^\s/.test(next);
  return false;
}

/**
 * The cut for `tokens` (marked's top-level lex of `src`): after block `a`, before the next block `b`, when `a`
 * closes itself (heading, closed fence, rule); or a blank line separates them and `b` has begun with something that
 * cannot continue `a`; or `b`'s first line is complete (so its kind is settled: `#` may yet become `#x`, a paragraph
 * line) and `b` is a block that interrupts whatever precedes it.
 */
export function findCommitBoundary(tokens: readonly Token[], src: string): CommitBoundary {
  const starts: number[] = [];
  let offset = 0;
  for (const token of tokens) {
    // marked's raws tile the source; if that ever stops holding, commit nothing rather than cut wrongly.
    if (!src.startsWith(token.raw, offset)) return NONE;
    starts.push(offset);
    offset += token.raw.length;
  }
  if (offset !== src.length) return NONE;

  let next = -1; // index of the nearest non-space token after the one being examined
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!;
    if (token.type === 'space') continue;
    if (next >= 0) {
      const nextToken = tokens[next]!;
      const cut = starts[next]!;
      const firstLineComplete = src.indexOf('\n', cut) !== -1;
      const blankBefore = /\n[ \t]*\n$/.test(src.slice(Math.max(0, cut - 256), cut));
      if (
        closesItself(token) ||
        (blankBefore && (firstLineComplete || !mayContinueAfterBlank(token, src.slice(cut, cut + 1)))) ||
        (firstLineComplete && interrupts(nextToken))
      ) {
        return { tokenCount: next, length: cut };
      }
    }
    next = i;
  }
  return NONE;
}

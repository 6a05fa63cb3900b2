// The change an edit makes, as lines for an approval card: the lines both versions share at the start and end are
// trimmed to a little context, the rest shown as removed then added. Edits from the model usually touch one region,
// so this is the diff a reviewer needs; VS Code's diff editor ("Show Diff") has the full picture.
import type { DiffLine } from '../../shared/toolProtocol';

const CONTEXT = 3;
/** Lines shown per side before the rest is summarised. */
const MAX_SIDE = 200;

/**
 * Where two sequences (lines, or a string's characters) stop agreeing: everything before `start` is shared, and
 * everything from `endA` in `a` equals everything from `endB` in `b`. The shared tail never overlaps the head.
 */
export function commonEnds<T>(
  a: ArrayLike<T>,
  b: ArrayLike<T>,
): { start: number; endA: number; endB: number } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { start, endA, endB };
}

/** The smallest span of `before` to replace to get `after`, so an edit (and its Undo) touches only what changed. */
export function changedRegion(before: string, after: string): { start: number; end: number; text: string } {
  const { start, endA, endB } = commonEnds(before, after);
  return { start, end: endA, text: after.slice(start, endB) };
}

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const { start, endA, endB } = commonEnds(a, b);
  const lines: DiffLine[] = [];
  const from = Math.max(0, start - CONTEXT);
  if (from > 0) lines.push({ kind: 'gap', text: `${from} unchanged lines` });
  for (let i = from; i < start; i++) lines.push({ kind: 'ctx', text: a[i]! });
  side(lines, 'del', a.slice(start, endA));
  side(lines, 'add', b.slice(start, endB));
  const to = Math.min(a.length, endA + CONTEXT);
  for (let i = endA; i < to; i++) lines.push({ kind: 'ctx', text: a[i]! });
  if (to < a.length) lines.push({ kind: 'gap', text: `${a.length - to} unchanged lines` });
  return lines;
}

function side(out: DiffLine[], kind: 'add' | 'del', lines: string[]): void {
  for (const text of lines.slice(0, MAX_SIDE)) out.push({ kind, text });
  if (lines.length > MAX_SIDE)
    out.push({
      kind: 'gap',
      text: `${lines.length - MAX_SIDE} more ${kind === 'add' ? 'added' : 'removed'} lines`,
    });
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

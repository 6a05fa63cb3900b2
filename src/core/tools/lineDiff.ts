// The change an edit makes, as lines for an approval card: the lines both versions share at the start and end are
// trimmed to a little context, the rest shown as removed then added. Edits from the model usually touch one region,
// so this is the diff a reviewer needs; VS Code's diff editor ("Show Diff") has the full picture.
import type { DiffLine } from '../../shared/toolProtocol';

const CONTEXT = 3;
/** Lines shown per side before the rest is summarised. */
const MAX_SIDE = 200;

export function lineDiff(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
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

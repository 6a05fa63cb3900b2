// The journal of one conversation: what changed since the last save, one JSON line per save, appended to
// `<id>.journal.jsonl` beside the base snapshot `<id>.json` (docs/architecture.md, "Persistence"). A save while a
// reply streams writes only its delta (the messages after the longest unchanged prefix, the reply metas, titles and
// compactions that changed), so its cost follows the new bytes, not the conversation (docs/performance.md, P8).
//
// Which messages changed is decided by identity: Conversation never edits a message in place, it replaces the
// object (a continued reply, a question joined to tool results, the partial reply a snapshot adds), so an unchanged
// object is an unchanged message and the prefix scan is a pointer comparison per message. Reply metas and
// attachments are compared only from META_SLACK messages before the first changed message to the end: every
// writer changes them only there (a reply kept or marked at the end, the reply before the tool results, the last
// question's chips), and scanning all of them cost milliseconds per save on a long conversation. A compaction
// writes the whole snapshot, so anything outside that range would still reach the disk at the next one.
import * as z from 'zod/mini';
import type { StoredConversation } from './storedConversation';

/** One save: `seq` follows the base's (or the previous line's) by one; `w` names the store that wrote it. */
export interface JournalRecord {
  seq: number;
  w: string;
  /** Messages kept from the state before (the rest are dropped), then `add` appended. */
  keep?: number;
  add?: StoredConversation['messages'];
  /** Reply metas set (an object) or removed (null), by message index. */
  replies?: Record<string, StoredConversation['replies'][string] | null>;
  attachments?: Record<string, NonNullable<StoredConversation['attachments']>[string] | null>;
  compactions?: { keep: number; add: NonNullable<StoredConversation['compactions']> };
  title?: string;
  updatedAt?: number;
  turns?: number;
  /** Any other field of the stored conversation that changed, whole (absent from the new state: null). */
  set?: Record<string, unknown>;
}

/** The fields diffed above; any other field a later version adds is compared as a whole (`set`). */
const KNOWN = new Set([
  'version',
  'id',
  'createdAt',
  'messages',
  'replies',
  'attachments',
  'compactions',
  'title',
  'updatedAt',
  'turns',
]);

// Only the frame is checked per line; the state a journal builds is checked as a whole by the stored schema.
const RecordFrame = z.looseObject({ seq: z.int().check(z.positive()), w: z.string() });

/** The delta from `before` (what the journal holds now) to `after`; undefined when nothing changed. */
export function diffSnapshots(
  before: StoredConversation,
  after: StoredConversation,
  frame: { seq: number; w: string },
): JournalRecord | undefined {
  const r: JournalRecord = { ...frame };
  const a = before.messages;
  const b = after.messages;
  let keep = 0;
  const shortest = Math.min(a.length, b.length);
  while (keep < shortest && a[keep] === b[keep]) keep++;
  if (keep < a.length || keep < b.length) {
    r.keep = keep;
    if (keep < b.length) r.add = b.slice(keep);
  }
  const from = Math.max(0, keep - META_SLACK);
  const to = Math.max(a.length, b.length);
  const replies = diffRange(before.replies, after.replies, from, to);
  if (replies) r.replies = replies;
  const attachments = diffRange(before.attachments ?? {}, after.attachments ?? {}, from, to);
  if (attachments) r.attachments = attachments;
  const ca = before.compactions ?? [];
  const cb = after.compactions ?? [];
  let ck = 0;
  while (ck < ca.length && ck < cb.length && ca[ck] === cb[ck]) ck++;
  if (ck < ca.length || ck < cb.length) r.compactions = { keep: ck, add: cb.slice(ck) };
  if (before.title !== after.title) r.title = after.title;
  if (before.updatedAt !== after.updatedAt) r.updatedAt = after.updatedAt;
  if (before.turns !== after.turns) r.turns = after.turns;
  const set = diffOther(
    before as unknown as Record<string, unknown>,
    after as unknown as Record<string, unknown>,
  );
  if (set) r.set = set;
  // Anything past the frame (seq and w) is a change.
  return Object.keys(r).length > 2 ? r : undefined;
}

/** Fields this file does not know, compared by value (a snapshot copies them, so identity says little). */
function diffOther(
  a: Record<string, unknown>,
  b: Record<string, unknown>,
): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const k in b) {
    if (KNOWN.has(k) || a[k] === b[k] || JSON.stringify(a[k]) === JSON.stringify(b[k])) continue;
    (out ??= {})[k] = b[k] === undefined ? null : b[k];
  }
  for (const k in a) if (!KNOWN.has(k) && !(k in b) && a[k] !== undefined) (out ??= {})[k] = null;
  return out;
}

/** How far before the first changed message reply metas and attachments are compared (see the header). */
export const META_SLACK = 8;

/** The entries keyed by message index `from` to `to` that differ: set (the new value) or removed (null). */
function diffRange<T>(
  a: Record<string, T>,
  b: Record<string, T>,
  from: number,
  to: number,
): Record<string, T | null> | undefined {
  let out: Record<string, T | null> | undefined;
  for (let i = from; i < to; i++) {
    const k = String(i);
    const x = a[k];
    const y = b[k];
    if (x === y) continue;
    (out ??= {})[k] = y === undefined ? null : y;
  }
  return out;
}

/** The state after a record: a new object (the state before is left as it was). */
export function applyRecord(state: StoredConversation, r: JournalRecord): StoredConversation {
  const next: StoredConversation = { ...state };
  if (r.keep !== undefined || r.add) {
    const messages = state.messages.slice(0, r.keep ?? state.messages.length);
    if (r.add) messages.push(...r.add);
    next.messages = messages;
  }
  if (r.replies) next.replies = patch(state.replies, r.replies);
  if (r.attachments) {
    const attachments = patch(state.attachments ?? {}, r.attachments);
    if (Object.keys(attachments).length) next.attachments = attachments;
    else delete next.attachments;
  }
  if (r.compactions) {
    const compactions = [...(state.compactions ?? []).slice(0, r.compactions.keep), ...r.compactions.add];
    if (compactions.length) next.compactions = compactions;
    else delete next.compactions;
  }
  if (r.title !== undefined) next.title = r.title;
  if (r.updatedAt !== undefined) next.updatedAt = r.updatedAt;
  if (r.turns !== undefined) next.turns = r.turns;
  if (r.set) {
    const other = next as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(r.set)) {
      if (KNOWN.has(k)) continue;
      if (v === null) delete other[k];
      else other[k] = v;
    }
  }
  return next;
}

function patch<T>(a: Record<string, T>, changes: Record<string, T | null>): Record<string, T> {
  const out = { ...a };
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

export interface ReadJournal {
  /** The records that follow `afterSeq` one by one, in order. */
  records: JournalRecord[];
  /**
   * Lines that could not be used: a torn last line (a writer died mid-append), or anything after a gap in the
   * sequence or a line that does not parse. They are dropped when the journal is next compacted.
   */
  dropped: number;
  /** Lines already folded into the base (their seq is not past it): skipped, not an error. */
  folded: number;
}

/**
 * Parses a journal's text. A record applies only when its seq is exactly one past the state's: a line with a seq
 * at or below it was already folded into the base by a compaction that raced with its append; the first line that
 * does not parse or breaks the sequence ends the journal (everything after it is counted as dropped).
 */
export function readJournal(text: string, afterSeq: number): ReadJournal {
  const records: JournalRecord[] = [];
  let seq = afterSeq;
  let dropped = 0;
  let folded = 0;
  let broken = false;
  const lines = text.split('\n');
  // A complete journal ends with a newline, so the last piece is empty; a non-empty one is a torn append.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    if (broken || i === lines.length - 1) {
      dropped++;
      continue;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      broken = true;
      dropped++;
      continue;
    }
    const frame = RecordFrame.safeParse(raw);
    if (!frame.success) {
      broken = true;
      dropped++;
      continue;
    }
    if (frame.data.seq <= seq) {
      folded++;
      continue;
    }
    if (frame.data.seq !== seq + 1) {
      broken = true;
      dropped++;
      continue;
    }
    seq++;
    records.push(raw as JournalRecord);
  }
  return { records, dropped, folded };
}

/** Whether `prefix`'s messages are the first messages of `whole` (compared by content: they come from two files). */
export function sameOrPrefix(prefix: StoredConversation, whole: StoredConversation): boolean {
  if (prefix.messages.length > whole.messages.length) return false;
  for (let i = 0; i < prefix.messages.length; i++) {
    const a = prefix.messages[i];
    const b = whole.messages[i];
    if (a !== b && JSON.stringify(a) !== JSON.stringify(b)) return false;
  }
  return true;
}

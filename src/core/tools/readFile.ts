// read_file: a text file's lines with line numbers, so the model can cite and edit them. Streams the file, so a
// huge file costs only what is shown (plus a bounded count of the lines after it).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { recheck } from './paths';
import type { PreparedOf } from './prepare';
import type { ToolOutcome } from './types';

export interface ReadOptions {
  /** Bytes of file text shown at most (settings.outputCapBytes). */
  limitBytes: number;
  signal: AbortSignal;
}

const SNIFF_BYTES = 8192;
/** Past what is shown, lines are counted only this far, so the note can say how long the file is. */
const COUNT_BYTES = 32 * 1024 * 1024;

/** Why the start of a file says it is not text, or undefined. */
export function binaryReason(head: Uint8Array): string | undefined {
  if (head.includes(0)) return 'it is a binary file (it contains NUL bytes)';
  try {
    // `stream: true` lets a character cut at the end of the sample pass; anything else invalid throws.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return undefined;
  } catch {
    return 'it is not UTF-8 text';
  }
}

async function sniff(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buf = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export async function readFileTool(
  call: PreparedOf<'read_file'>,
  options: ReadOptions,
): Promise<ToolOutcome> {
  const fail = (content: string): ToolOutcome => ({ content, isError: true });
  const checked = await recheck(call.path);
  if (!checked.ok) return fail(checked.reason);
  const file = checked.path.absolute;
  const name = checked.path.relative;
  const info = await stat(file).catch(() => undefined);
  if (!info) return fail(`"${name}" does not exist.`);
  if (info.isDirectory()) return fail(`"${name}" is a folder: list it with list_files.`);
  if (!info.isFile()) return fail(`"${name}" is not a regular file.`);
  const why = binaryReason(await sniff(file));
  if (why) return fail(`"${name}" was not read: ${why}.`);

  const start = call.startLine ?? 1;
  const end = call.endLine ?? Infinity;
  const shown: { n: number; text: string }[] = [];
  let usedBytes = 0;
  let cutAt: number | undefined; // first line not shown because of the size cap
  let total = 0;
  let countedAll = true;
  let scanned = 0;
  let pending = '';

  const take = (text: string) => {
    total++;
    if (total === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (total < start || total > end || cutAt !== undefined) return;
    const bytes = Buffer.byteLength(text) + 1;
    if (usedBytes + bytes > options.limitBytes && shown.length > 0) cutAt = total;
    else {
      // A single line longer than the cap is cut rather than dropped.
      const kept = bytes > options.limitBytes ? cutLine(text, options.limitBytes) : text;
      shown.push({ n: total, text: kept });
      usedBytes += Math.min(bytes, options.limitBytes);
    }
  };

  const stream = createReadStream(file, { encoding: 'utf8', signal: options.signal });
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      scanned += chunk.length;
      const parts = (pending + chunk).split('\n');
      pending = parts.pop()!;
      for (const p of parts) take(p);
      const done = total >= end || cutAt !== undefined;
      if (done && (end !== Infinity || scanned > COUNT_BYTES)) {
        countedAll = false;
        break;
      }
    }
  } catch (e) {
    if (options.signal.aborted) return fail('Stopped: reading the file was cancelled.');
    throw e;
  } finally {
    stream.destroy();
  }
  if (countedAll && pending !== '') take(pending);

  if (total === 0 && countedAll) return { content: `"${name}" is empty.`, isError: false };
  if (start > total && countedAll)
    return fail(`"start_line" ${start} is past the end of "${name}", which has ${total} lines.`);
  const width = String(shown[shown.length - 1]?.n ?? start).length;
  const lines = shown.map((l) => `${String(l.n).padStart(width)} | ${l.text}`);
  const last = shown[shown.length - 1]?.n ?? start;
  const length = countedAll ? `${total} lines` : 'more lines';
  if (cutAt !== undefined)
    lines.push(
      `[Showed lines ${start}-${last} of ${length}: output is capped at ${Math.round(options.limitBytes / 1024)} KB. Read on with "start_line": ${cutAt}.]`,
    );
  else if (!countedAll && end !== Infinity && last === end)
    lines.push(`[The file goes on after line ${end}.]`);
  return { content: lines.join('\n'), isError: false };
}

function cutLine(text: string, limit: number): string {
  const buf = Buffer.from(text);
  // Dropping a partial character at the cut: toString replaces it with U+FFFD, which is trimmed.
  return `${buf
    .subarray(0, Math.max(0, limit - 40))
    .toString('utf8')
    .replace(/\uFFFD$/, '')} [line cut: ${buf.length} bytes]`;
}

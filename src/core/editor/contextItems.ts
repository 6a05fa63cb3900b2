// Context the user attaches to the next message without sending it: a selection, a text file, a PDF. Each becomes
// one content block plus what the composer's chip shows. Images are not built here: they go through the webview,
// which scales them the same way as pasted ones.
import type { ImageMediaType } from '../../shared/fields';
import type { ContextKind } from '../../shared/protocol';
import type { DocumentBlock, TextBlock } from '../messages/schema';
import { codeBlockText, type CodeContext } from './codeContext';

/** One attached item: its chip (kind, label, detail) and the block it becomes. */
export interface ContextItem {
  kind: ContextKind;
  /** Short and unique enough to tell chips apart, e.g. "src/app.ts:10-24". */
  label: string;
  /** The chip's tooltip: what exactly is attached. */
  detail: string;
  block: TextBlock | DocumentBlock;
}

/**
 * The API takes requests of at most 32 MB, and a PDF travels base64-encoded (4 bytes for every 3), so a PDF
 * whose encoding is larger than that can never be sent.
 */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
/** Images are read by the host and scaled in the webview; past this, reading and scaling is not worth it. */
export const MAX_IMAGE_FILE_BYTES = 30 * 1024 * 1024;
/** Of a text file, at most this much is read; codeBlockText caps what is sent well below it. */
export const TEXT_READ_BYTES = 512 * 1024;

export const IMAGE_TYPES: Record<string, ImageMediaType> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** "src/app.ts:10-24", "src/app.ts:7", or just the path for a whole file. */
export function codeLabel(ctx: Pick<CodeContext, 'path' | 'startLine' | 'endLine' | 'scope'>): string {
  if (ctx.scope === 'file') return ctx.path;
  return ctx.startLine === ctx.endLine
    ? `${ctx.path}:${ctx.startLine}`
    : `${ctx.path}:${ctx.startLine}-${ctx.endLine}`;
}

/** The selection (or enclosing symbol, or file) as an attachable item: the same block the editor actions send. */
export function codeItem(ctx: CodeContext): ContextItem {
  const what =
    ctx.scope === 'selection'
      ? 'Selected lines'
      : ctx.scope === 'lines'
        ? `Lines ${ctx.startLine}-${ctx.endLine}`
        : ctx.scope === 'symbol'
          ? ctx.symbolName
            ? `\`${ctx.symbolName}\``
            : 'The code around the cursor'
          : 'The whole file';
  return {
    kind: ctx.scope === 'file' ? 'file' : 'code',
    label: codeLabel(ctx),
    detail: `${what} of ${ctx.path} (${ctx.languageId})`,
    block: { type: 'text', text: codeBlockText(ctx) },
  };
}

export type FileKind = 'text' | 'pdf' | 'image' | 'binary';

/**
 * What a file is, from its name and first bytes: PDFs and the four image types by their signature or extension,
 * text when the start holds no NUL byte and decodes as UTF-8 (a cut multi-byte character at the end is fine).
 */
export function classifyFile(path: string, head: Uint8Array): FileKind {
  const ext = extensionOf(path);
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d]) || ext === '.pdf') return 'pdf'; // %PDF-
  if (imageTypeOf(path, head)) return 'image';
  const sample = head.subarray(0, 8192);
  if (sample.includes(0)) return 'binary';
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(trimPartialUtf8(sample));
    return 'text';
  } catch {
    return 'binary';
  }
}

/** The image media type, by signature first (a misnamed file is sent as what it is), then by extension. */
export function imageTypeOf(path: string, head: Uint8Array): (typeof IMAGE_TYPES)[string] | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head.subarray(8), [0x57, 0x45, 0x42, 0x50]))
    return 'image/webp';
  return head.length === 0 ? IMAGE_TYPES[extensionOf(path)] : undefined;
}

/** A text file as the same located, fenced block the editor actions send (capped, with a note when cut). */
export function textFileItem(file: {
  path: string;
  languageId: string;
  /** What was read of it. */
  text: string;
  /** The file's size, and how much of it `text` holds. */
  totalBytes: number;
  readBytes: number;
}): ContextItem {
  const { path, languageId, text, totalBytes, readBytes } = file;
  const partial = readBytes < totalBytes;
  const lineCount = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const item = codeItem({
    path,
    languageId,
    startLine: 1,
    endLine: Math.max(1, lineCount),
    code: text,
    scope: 'file',
  });
  if (partial && item.block.type === 'text') {
    item.block.text += `\n(Cut: the file is ${formatBytes(totalBytes)}; only its first ${formatBytes(readBytes)} were read.)`;
  }
  return item;
}

export type PdfResult = { ok: true; item: ContextItem } | { ok: false; message: string };

/** Why a PDF of this size can never be sent, or undefined when it can (checked before reading it). */
export function pdfTooLarge(path: string, size: number): string | undefined {
  if (Math.ceil(size / 3) * 4 <= MAX_REQUEST_BYTES) return undefined;
  return `${path} is ${formatBytes(size)}: a PDF is sent base64-encoded and the API accepts at most ${formatBytes(MAX_REQUEST_BYTES)} per request, so PDFs up to about ${formatBytes((MAX_REQUEST_BYTES / 4) * 3)} can be attached.`;
}

/** A PDF as a document block (base64, titled with its path), or why it cannot be sent. */
export function pdfItem(path: string, bytes: Uint8Array): PdfResult {
  const tooLarge = pdfTooLarge(path, bytes.length);
  if (tooLarge) return { ok: false, message: tooLarge };
  if (!startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    return { ok: false, message: `${path} is named .pdf but is not a PDF file.` };
  }
  return {
    ok: true,
    item: {
      kind: 'pdf',
      label: path,
      detail: `PDF document ${path} (${formatBytes(bytes.length)})`,
      block: {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: toBase64(bytes) },
        title: path,
      },
    },
  };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

function startsWith(bytes: Uint8Array, sig: number[]): boolean {
  return bytes.length >= sig.length && sig.every((b, i) => bytes[i] === b);
}

/** Drops an incomplete UTF-8 sequence at the very end (a read that stopped mid-character). */
function trimPartialUtf8(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back]!;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead byte
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}

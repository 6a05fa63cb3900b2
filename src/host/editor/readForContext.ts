// A file read for the chat's context, as Add File to Chat, a dropped file or an `@` mention attaches it: text (from
// the open editor when there is one, unsaved changes included) as a located block, a PDF as a document, an image
// for the webview to scale, or why it cannot be attached.
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  classifyFile,
  formatBytes,
  imageTypeOf,
  MAX_IMAGE_FILE_BYTES,
  pdfItem,
  pdfTooLarge,
  TEXT_READ_BYTES,
  textFileItem,
  toBase64,
  type ContextItem,
} from '../../core/editor/contextItems';
import type { HostMessage } from '../../shared/protocol';

export type Image = Extract<HostMessage, { type: 'attachImages' }>['images'][number];
export type Read = { item: ContextItem } | { image: Image } | { refused: string };

export async function readForContext(uri: vscode.Uri): Promise<Read> {
  const path = vscode.workspace.asRelativePath(uri, false);
  try {
    // An open document is read from the editor: unsaved changes included, and untitled files work too.
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (doc && !doc.isClosed) {
      const text = doc.getText();
      return {
        item: textFileItem({
          path,
          languageId: doc.languageId,
          text,
          totalBytes: text.length,
          readBytes: text.length,
        }),
      };
    }
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type & vscode.FileType.Directory) return { refused: vscode.l10n.t('{0} is a folder.', path) };
    const head = await readHead(uri, TEXT_READ_BYTES);
    const kind = classifyFile(path, head);
    if (kind === 'pdf') {
      const tooLarge = pdfTooLarge(path, stat.size);
      if (tooLarge) return { refused: tooLarge };
      const r = pdfItem(path, await vscode.workspace.fs.readFile(uri));
      return r.ok ? { item: r.item } : { refused: r.message };
    }
    if (kind === 'image') {
      if (stat.size > MAX_IMAGE_FILE_BYTES)
        return {
          refused: vscode.l10n.t(
            '{0} is {1}; images up to {2} can be attached.',
            path,
            formatBytes(stat.size),
            formatBytes(MAX_IMAGE_FILE_BYTES),
          ),
        };
      const bytes = await vscode.workspace.fs.readFile(uri);
      const mediaType = imageTypeOf(path, bytes);
      if (!mediaType) return { refused: vscode.l10n.t('{0} is not a PNG, JPEG, GIF or WebP image.', path) };
      return { image: { name: path, mediaType, data: toBase64(bytes) } };
    }
    if (kind === 'binary') {
      return {
        refused: vscode.l10n.t(
          '{0} is a binary file; text files, PDFs and PNG, JPEG, GIF or WebP images can be added.',
          path,
        ),
      };
    }
    const text = new TextDecoder('utf-8').decode(head);
    const languageId = await languageOf(uri, stat.size);
    return { item: textFileItem({ path, languageId, text, totalBytes: stat.size, readBytes: head.length }) };
  } catch (e) {
    return {
      refused: vscode.l10n.t(
        '{0} could not be read ({1}).',
        path,
        e instanceof Error ? e.message : String(e),
      ),
    };
  }
}

/** The first `max` bytes: large files are not read whole just to be cut (local files; others are read whole). */
async function readHead(uri: vscode.Uri, max: number): Promise<Uint8Array> {
  if (uri.scheme !== 'file') return (await vscode.workspace.fs.readFile(uri)).subarray(0, max);
  const handle = await open(uri.fsPath, 'r');
  try {
    const buffer = new Uint8Array(max);
    const { bytesRead } = await handle.read(buffer, 0, max, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** VS Code's own language id for the file (opening it as a document is cheap for the sizes we read whole). */
async function languageOf(uri: vscode.Uri, size: number): Promise<string> {
  if (size <= TEXT_READ_BYTES) {
    try {
      return (await vscode.workspace.openTextDocument(uri)).languageId;
    } catch {
      // fall through to the extension
    }
  }
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : 'plaintext';
}

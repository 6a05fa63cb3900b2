// "Add Selection to Chat", "Add File to Chat" and "Attach Image": context for the next message, attached as chips
// in the composer without sending. Code and text files become located, fenced text blocks, PDFs document blocks
// (both held by the host); images go to the webview, which scales them exactly like pasted ones.
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  classifyFile,
  codeItem,
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
import type { ChatViewProvider } from '../view/chatViewProvider';
import type { CommandId } from '../commandIds';
import { activeCodeContext } from './editorActions';

type ContextCommand = Extract<
  CommandId,
  'claudeMessages.addSelectionToChat' | 'claudeMessages.addFileToChat' | 'claudeMessages.attachImage'
>;

type Image = Parameters<ChatViewProvider['attachImages']>[0][number];
type Read = { item: ContextItem } | { image: Image } | { refused: string };

export function contextCommandHandlers(
  view: ChatViewProvider,
): Record<ContextCommand, (...args: never[]) => Promise<void>> {
  /** Attaches what was read, reports every refusal at once, and shows the chat with its chips. */
  const attach = async (reads: Read[]) => {
    const images: Image[] = [];
    const problems: string[] = [];
    for (const r of reads) {
      if ('refused' in r) problems.push(r.refused);
      else if ('image' in r) images.push(r.image);
      else {
        const added = view.pending.add(r.item);
        if (!added.ok) problems.push(added.message);
      }
    }
    if (problems.length) void vscode.window.showWarningMessage(`Claude: ${problems.join(' ')}`);
    if (reads.length > problems.length) {
      if (images.length) await view.attachImages(images);
      else await view.revealReady();
    }
  };

  return {
    'claudeMessages.addSelectionToChat': async () => {
      const ctx = await activeCodeContext();
      if (ctx) await attach([{ item: codeItem(ctx) }]);
    },
    'claudeMessages.addFileToChat': async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
      const targets = targetsOf(uri, uris);
      if (targets.length === 0) {
        void vscode.window.showInformationMessage('Claude: open or select a file to add to the chat.');
        return;
      }
      await attach(await Promise.all(targets.map((t) => readForContext(t))));
    },
    'claudeMessages.attachImage': async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
      let targets = uri instanceof vscode.Uri ? targetsOf(uri, uris) : [];
      if (targets.length === 0) {
        targets =
          (await vscode.window.showOpenDialog({
            title: 'Claude: Attach Image',
            openLabel: 'Attach',
            canSelectMany: true,
            filters: { Images: ['png', 'jpg', 'jpeg', 'gif', 'webp'] },
          })) ?? [];
      }
      if (targets.length === 0) return;
      const reads = await Promise.all(targets.map((t) => readForContext(t)));
      await attach(
        reads.map((r) =>
          'item' in r ? { refused: `${r.item.label} is not a PNG, JPEG, GIF or WebP image.` } : r,
        ),
      );
    },
  };
}

/** The explorer passes the clicked file and the whole selection; the palette passes nothing: the active editor. */
function targetsOf(uri: unknown, uris: unknown): vscode.Uri[] {
  if (Array.isArray(uris) && uris.length > 0 && uris.every((u) => u instanceof vscode.Uri)) return uris;
  if (uri instanceof vscode.Uri) return [uri];
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active) return [active];
  // A non-text editor (an image preview, a PDF viewer) still names its file.
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input && typeof input === 'object' && 'uri' in input && input.uri instanceof vscode.Uri)
    return [input.uri];
  return [];
}

async function readForContext(uri: vscode.Uri): Promise<Read> {
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
    if (stat.type & vscode.FileType.Directory) return { refused: `${path} is a folder.` };
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
          refused: `${path} is ${formatBytes(stat.size)}; images up to ${formatBytes(MAX_IMAGE_FILE_BYTES)} can be attached.`,
        };
      const bytes = await vscode.workspace.fs.readFile(uri);
      const mediaType = imageTypeOf(path, bytes);
      if (!mediaType) return { refused: `${path} is not a PNG, JPEG, GIF or WebP image.` };
      return { image: { name: path, mediaType, data: toBase64(bytes) } };
    }
    if (kind === 'binary') {
      return {
        refused: `${path} is a binary file; text files, PDFs and PNG, JPEG, GIF or WebP images can be added.`,
      };
    }
    const text = new TextDecoder('utf-8').decode(head);
    const languageId = await languageOf(uri, stat.size);
    return { item: textFileItem({ path, languageId, text, totalBytes: stat.size, readBytes: head.length }) };
  } catch (e) {
    return { refused: `${path} could not be read (${e instanceof Error ? e.message : String(e)}).` };
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

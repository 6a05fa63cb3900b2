// "Add Selection to Chat", "Add File to Chat" and "Attach Image": context for the next message, attached as chips
// in the composer without sending. Code and text files become located, fenced text blocks, PDFs document blocks
// (both held by the host); images go to the webview, which scales them exactly like pasted ones.
import * as vscode from 'vscode';
import { codeItem } from '../../core/editor/contextItems';
import type { ChatViewProvider } from '../view/chatViewProvider';
import type { CommandId } from '../commandIds';
import { activeCodeContext } from './activeCode';
import { readForContext, type Image, type Read } from './readForContext';

type ContextCommand = Extract<
  CommandId,
  'claudeMessages.addSelectionToChat' | 'claudeMessages.addFileToChat' | 'claudeMessages.attachImage'
>;

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
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Claude: open or select a file to add to the chat.'),
        );
        return;
      }
      await attach(await Promise.all(targets.map((t) => readForContext(t))));
    },
    'claudeMessages.attachImage': async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
      let targets = uri instanceof vscode.Uri ? targetsOf(uri, uris) : [];
      if (targets.length === 0) {
        targets =
          (await vscode.window.showOpenDialog({
            title: vscode.l10n.t('Claude: Attach Image'),
            openLabel: 'Attach',
            canSelectMany: true,
            filters: { Images: ['png', 'jpg', 'jpeg', 'gif', 'webp'] },
          })) ?? [];
      }
      if (targets.length === 0) return;
      const reads = await Promise.all(targets.map((t) => readForContext(t)));
      await attach(
        reads.map((r) =>
          'item' in r
            ? { refused: vscode.l10n.t('{0} is not a PNG, JPEG, GIF or WebP image.', r.item.label) }
            : r,
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

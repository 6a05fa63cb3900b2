// "Claude: Export Chat as Markdown": the current conversation, written where the user chooses.
import * as vscode from 'vscode';
import { conversationToMarkdown } from '../../core/chat/exportMarkdown';
import type { ChatViewProvider } from '../view/chatViewProvider';

export async function exportChat(view: ChatViewProvider): Promise<void> {
  const c = view.chat.snapshot();
  if (c.messages.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Claude: this conversation is empty; nothing to export.'),
    );
    return;
  }
  const safe =
    c.title
      .replace(/[^\w\- ]+/g, '')
      .trim()
      .slice(0, 60) || 'chat';
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export Chat as Markdown'),
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${safe}.md`) : undefined,
    filters: { Markdown: ['md'] },
  });
  if (!target) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(conversationToMarkdown(c)));
  const openLabel = vscode.l10n.t('Open');
  const open = await vscode.window.showInformationMessage(
    vscode.l10n.t('Claude: chat exported to {0}.', target.fsPath),
    openLabel,
  );
  if (open) await vscode.window.showTextDocument(target);
}

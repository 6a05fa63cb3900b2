// The chat history in VS Code's own quick pick: pick to open, item buttons to rename or delete.
import * as vscode from 'vscode';
import type { ChatViewProvider } from '../view/chatViewProvider';

export async function showHistory(view: ChatViewProvider): Promise<void> {
  const store = view.chat.store;
  const rename: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('edit'),
    tooltip: vscode.l10n.t('Rename'),
  };
  const remove: vscode.QuickInputButton = {
    iconPath: new vscode.ThemeIcon('trash'),
    tooltip: vscode.l10n.t('Delete'),
  };
  type Item = vscode.QuickPickItem & { id: string };

  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Claude: Chat History';
  pick.placeholder = vscode.l10n.t('Open a past conversation');
  pick.matchOnDescription = true;
  const load = async () => {
    const metas = await store.list();
    pick.items = metas.map((m) => ({
      id: m.id,
      label: m.title,
      description: `${m.turns === 1 ? vscode.l10n.t('1 question') : vscode.l10n.t('{0} questions', m.turns)} · ${new Date(m.updatedAt).toLocaleString(vscode.env.language)}`,
      detail: m.id === view.chat.conversationId ? vscode.l10n.t('current conversation') : undefined,
      buttons: [rename, remove],
    }));
    if (metas.length === 0) pick.placeholder = vscode.l10n.t('No saved conversations yet');
  };
  await load();
  let renaming = false;
  const done = new Promise<void>((resolve) => {
    pick.onDidAccept(async () => {
      const item = pick.selectedItems[0];
      pick.hide();
      if (!item) return;
      await view.reveal();
      await view.chat.open(item.id);
    });
    pick.onDidTriggerItemButton(async ({ item, button }) => {
      if (button === rename) {
        // The input box takes the quick pick's place (VS Code shows one at a time), which hides the list: that
        // hide must not end the history, so the list comes back, renamed, once the box is closed.
        renaming = true;
        const title = await vscode.window.showInputBox({
          title: vscode.l10n.t('Rename conversation'),
          value: item.label,
        });
        renaming = false;
        // Through the session: the conversation on screen is renamed in place, a reply still streaming goes on.
        if (title?.trim()) await view.chat.rename(item.id, title);
        await load();
        pick.show();
      } else if (button === remove) {
        await store.delete(item.id);
        await view.chat.forget(item.id);
        await load();
      }
    });
    pick.onDidHide(() => {
      if (renaming) return;
      pick.dispose();
      resolve();
    });
  });
  pick.show();
  await done;
}

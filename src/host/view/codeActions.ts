// What the buttons in a reply do: a code block's Copy, Insert at Cursor and New File, and opening a link.
import * as vscode from 'vscode';
import { languageIdForFence } from '../../core/editor/fenceLanguage';
import { isOpenableLink } from '../../shared/links';

/** "New File": an untitled editor holding the code, in the fence's language. */
export async function newFileWith(code: string, fence: string): Promise<void> {
  const wanted = languageIdForFence(fence);
  // An id VS Code does not know would be refused; plain text is always there.
  const language = (await vscode.languages.getLanguages()).includes(wanted) ? wanted : 'plaintext';
  let doc = await vscode.workspace.openTextDocument({ content: code, language });
  // Setting it again marks the language as chosen, so VS Code's guessing for untitled files leaves it alone.
  if (language !== 'plaintext') doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { preview: false });
}

export async function codeAction(action: 'copy' | 'insert', code: string): Promise<void> {
  if (action === 'copy') {
    await vscode.env.clipboard.writeText(code);
    return;
  }
  const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Claude: open a file to insert the code into.'));
    return;
  }
  // One edit for all cursors, so a single Undo takes it back.
  await editor.edit((b) => {
    for (const sel of editor.selections) b.replace(sel, code);
  });
}

/** Links open only through VS Code, only http(s), and VS Code asks before opening an untrusted domain. */
export async function openLink(href: string): Promise<void> {
  if (!isOpenableLink(href)) return;
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(href, true);
  } catch {
    return;
  }
  if (uri.scheme !== 'http' && uri.scheme !== 'https') return;
  await vscode.env.openExternal(uri);
}

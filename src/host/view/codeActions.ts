// "New File" on a reply's code block: an untitled editor holding the code, in the fence's language.
import * as vscode from 'vscode';
import { languageIdForFence } from '../../core/editor/fenceLanguage';

export async function newFileWith(code: string, fence: string): Promise<void> {
  const wanted = languageIdForFence(fence);
  // An id VS Code does not know would be refused; plain text is always there.
  const language = (await vscode.languages.getLanguages()).includes(wanted) ? wanted : 'plaintext';
  let doc = await vscode.workspace.openTextDocument({ content: code, language });
  // Setting it again marks the language as chosen, so VS Code's guessing for untitled files leaves it alone.
  if (language !== 'plaintext') doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { preview: false });
}

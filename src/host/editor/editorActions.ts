// Editor actions: the selection (or, with none, the enclosing function, or the file) goes to Claude with a
// prompt, and the answer streams into the chat view.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { EditorAction } from '../../core/editor/actionPrompts';
import type { CodeContext } from '../../core/editor/codeContext';
import { codeItem } from '../../core/editor/contextItems';
import type { ChatViewProvider } from '../view/chatViewProvider';
import type { CommandId } from '../commandIds';
import type { EditorOrigin, SelectionReplacer } from './replaceSelection';
import { activeCodeContext, promptFor, wholeFile } from './activeCode';

type EditorCommand = Extract<
  CommandId,
  | 'claudeMessages.explainSelection'
  | 'claudeMessages.findBugs'
  | 'claudeMessages.refactor'
  | 'claudeMessages.addDocs'
  | 'claudeMessages.writeTests'
  | 'claudeMessages.askAboutSelection'
  | 'claudeMessages.explainFile'
>;

/** The handlers of the editor-action commands, by command id. */
export function editorActionHandlers(
  view: ChatViewProvider,
  replacer: SelectionReplacer,
): Record<EditorCommand, (...args: never[]) => Promise<void>> {
  // The code goes as its own located block (shown as a chip in the question, not a wall of code), before the
  // prompt, as Anthropic recommends for long material. If nothing came back, it waits as a chip for Retry or Send.
  const send = async (text: string, ctx: CodeContext, origin?: EditorOrigin) => {
    const id = randomUUID();
    if (origin) replacer.remember(id, origin);
    await view.revealReady();
    const item = codeItem(ctx);
    const kept = await view.chat.send({
      requestId: id,
      question: { text, context: [{ kind: item.kind, label: item.label, block: item.block }] },
      replaceTarget: origin?.label,
    });
    if (!kept) view.pending.add(item);
  };
  const action = (a: EditorAction) => async () => {
    const doc = vscode.window.activeTextEditor?.document;
    const ctx = await activeCodeContext();
    if (!ctx || !doc) return;
    // Refactor and Add Docs answer with the complete code, which can go back where it came from.
    const origin = a === 'refactor' || a === 'addDocs' ? originOf(doc, ctx) : undefined;
    await send(promptFor(a), ctx, origin);
  };
  return {
    'claudeMessages.explainSelection': action('explain'),
    'claudeMessages.findBugs': action('findBugs'),
    'claudeMessages.refactor': action('refactor'),
    'claudeMessages.addDocs': action('addDocs'),
    'claudeMessages.writeTests': action('writeTests'),
    'claudeMessages.askAboutSelection': async () => {
      const ctx = await activeCodeContext();
      if (!ctx) return;
      const question = await vscode.window.showInputBox({
        title: vscode.l10n.t('Claude: Ask About Selection'),
        prompt: vscode.l10n.t(
          'About {0}, {1}',
          ctx.path,
          ctx.scope === 'selection'
            ? vscode.l10n.t('the selected lines')
            : ctx.scope === 'symbol'
              ? (ctx.symbolName ?? vscode.l10n.t('the enclosing code'))
              : vscode.l10n.t('the whole file'),
        ),
        placeHolder: vscode.l10n.t('What would you like to know?'),
        ignoreFocusOut: true,
      });
      if (question?.trim()) await send(question.trim(), ctx);
    },
    'claudeMessages.explainFile': async (uri?: vscode.Uri) => {
      const doc = uri
        ? await vscode.workspace.openTextDocument(uri)
        : vscode.window.activeTextEditor?.document;
      if (!doc) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Claude: open or select a file to explain.'));
        return;
      }
      await send(promptFor('explain'), wholeFile(doc));
    },
  };
}

function originOf(doc: vscode.TextDocument, ctx: CodeContext): EditorOrigin {
  const last = ctx.endLine - 1;
  const range = new vscode.Range(ctx.startLine - 1, 0, last, doc.lineAt(last).text.length);
  const lines = ctx.startLine === ctx.endLine ? `${ctx.startLine}` : `${ctx.startLine}-${ctx.endLine}`;
  return { uri: doc.uri, range, original: doc.getText(range), label: `${ctx.path}:${lines}` };
}

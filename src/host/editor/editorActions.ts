// Editor actions: the selection (or, with none, the enclosing function, or the file) goes to Claude with a
// prompt, and the answer streams into the chat view.
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { DEFAULT_PROMPTS, type EditorAction } from '../../core/editor/actionPrompts';
import type { CodeContext } from '../../core/editor/codeContext';
import { codeItem } from '../../core/editor/contextItems';
import type { ChatViewProvider } from '../view/chatViewProvider';
import type { CommandId } from '../commandIds';
import type { EditorOrigin, SelectionReplacer } from './replaceSelection';
import { userValue } from '../userSettings';

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
        title: 'Claude: Ask About Selection',
        prompt: `About ${ctx.path}, ${ctx.scope === 'selection' ? 'the selected lines' : ctx.scope === 'symbol' ? (ctx.symbolName ?? 'the enclosing code') : 'the whole file'}`,
        placeHolder: 'What would you like to know?',
        ignoreFocusOut: true,
      });
      if (question?.trim()) await send(question.trim(), ctx);
    },
    'claudeMessages.explainFile': async (uri?: vscode.Uri) => {
      const doc = uri
        ? await vscode.workspace.openTextDocument(uri)
        : vscode.window.activeTextEditor?.document;
      if (!doc) {
        void vscode.window.showInformationMessage('Claude: open or select a file to explain.');
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

function promptFor(action: EditorAction): string {
  // The user's own prompt only: a repository's settings cannot plant instructions (docs/threat-model.md, K5).
  const custom = userValue<string>(`prompts.${action}`)?.trim();
  return custom || DEFAULT_PROMPTS[action];
}

export async function activeCodeContext(): Promise<CodeContext | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Claude: open a file and select some code first.');
    return undefined;
  }
  const doc = editor.document;
  const sel = editor.selection;
  if (!sel.isEmpty) {
    // A selection ending at column 0 of the next line means "up to the end of the line before".
    const endLine =
      sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
    const range = new vscode.Range(sel.start.line, 0, endLine, doc.lineAt(endLine).text.length);
    return {
      ...where(doc),
      startLine: sel.start.line + 1,
      endLine: endLine + 1,
      code: doc.getText(range),
      scope: 'selection',
    };
  }
  const symbol = await enclosingSymbol(doc, sel.active);
  if (symbol) {
    return {
      ...where(doc),
      startLine: symbol.range.start.line + 1,
      endLine: symbol.range.end.line + 1,
      code: doc.getText(
        new vscode.Range(
          symbol.range.start.line,
          0,
          symbol.range.end.line,
          doc.lineAt(symbol.range.end.line).text.length,
        ),
      ),
      scope: 'symbol',
      symbolName: symbol.name,
    };
  }
  return wholeFile(doc);
}

function where(doc: vscode.TextDocument): Pick<CodeContext, 'path' | 'languageId'> {
  return { path: vscode.workspace.asRelativePath(doc.uri, false), languageId: doc.languageId };
}

function wholeFile(doc: vscode.TextDocument): CodeContext {
  return { ...where(doc), startLine: 1, endLine: doc.lineCount, code: doc.getText(), scope: 'file' };
}

const CODE_SYMBOLS = new Set([
  vscode.SymbolKind.Function,
  vscode.SymbolKind.Method,
  vscode.SymbolKind.Constructor,
  vscode.SymbolKind.Class,
]);

/** The innermost function, method or class around the cursor, from the language's own symbol provider. */
async function enclosingSymbol(
  doc: vscode.TextDocument,
  at: vscode.Position,
): Promise<vscode.DocumentSymbol | undefined> {
  let symbols: vscode.DocumentSymbol[] | undefined;
  try {
    symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
  } catch {
    return undefined;
  }
  let found: vscode.DocumentSymbol | undefined;
  let level = symbols ?? [];
  for (;;) {
    const hit = level.find((s) => 'range' in s && s.range.contains(at));
    if (!hit) return found;
    if (CODE_SYMBOLS.has(hit.kind)) found = hit;
    level = hit.children ?? [];
  }
}

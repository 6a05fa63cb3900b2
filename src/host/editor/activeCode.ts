// The code an action or a `/` command acts on: the selection, else the enclosing function, method or class (from the
// language's own symbol provider), else the whole file; and the prompt the user set for an action, or ours.
import * as vscode from 'vscode';
import { DEFAULT_PROMPTS, type EditorAction } from '../../core/editor/actionPrompts';
import type { CodeContext } from '../../core/editor/codeContext';
import { userValue } from '../userSettings';

export function promptFor(action: EditorAction): string {
  // The user's own prompt only: a repository's settings cannot plant instructions (docs/threat-model.md, K5).
  const custom = userValue<string>(`prompts.${action}`)?.trim();
  return custom || DEFAULT_PROMPTS[action];
}

/** The selection, else the enclosing symbol, else the whole file; `quiet`: no message when no editor is open. */
export async function activeCodeContext(options: { quiet?: boolean } = {}): Promise<CodeContext | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    if (!options.quiet)
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Claude: open a file and select some code first.'),
      );
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

export function wholeFile(doc: vscode.TextDocument): CodeContext {
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

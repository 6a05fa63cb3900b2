// A picked `@` mention turned into what it attaches: a file (whole, or the lines named), a folder's listing, a
// symbol's code, the problems, the selection, the terminal's last command, the uncommitted changes. The mention
// comes from the webview and is checked like a tool's path: inside the workspace, no `..`, links followed only
// where they stay inside; a file on the secret list asks first, as a read would (docs/threat-model.md, G15).
import * as vscode from 'vscode';
import {
  folderItem,
  MAX_FOLDER_ENTRIES,
  problemsItem,
  terminalItem,
  type Problem,
} from '../../core/composer/mentionItems';
import { codeItem } from '../../core/editor/contextItems';
import { resolveInWorkspace } from '../../core/tools/paths';
import { isSensitivePath } from '../../core/tools/sensitive';
import { walk } from '../../core/tools/walk';
import type { Mention, LineRange } from '../../shared/mentions';
import { readForContext, type Read } from '../editor/readForContext';
import { filesExclude, readToolSettings, workspaceFolderPaths } from '../tools/toolConfiguration';
import { gitChangesItem } from './gitChanges';
import type { TerminalOutput } from './terminalCapture';

/** A file named with a line range is read whole up to this size; a larger one is refused with a note. */
const RANGE_READ_BYTES = 8 * 1024 * 1024;

export async function resolveMention(mention: Mention, terminal: TerminalOutput): Promise<Read> {
  switch (mention.kind) {
    case 'file':
    case 'symbol':
      return fileMention(mention);
    case 'folder':
      return folderMention(mention.path);
    case 'problems': {
      const all = workspaceProblems();
      const { path } = mention;
      return { item: problemsItem(path ? all.filter((p) => p.path === path) : all, path) };
    }
    case 'selection':
      return selectionMention();
    case 'terminal': {
      const captured = await terminal.capture();
      return captured
        ? { item: terminalItem(captured) }
        : {
            refused: vscode.l10n.t(
              'No terminal output to attach: run a command in a terminal (with shell integration on), or select text in the terminal.',
            ),
          };
    }
    case 'changes':
      return gitChangesItem();
  }
}

async function resolved(requested: string): Promise<{ uri: vscode.Uri; rel: string } | { refused: string }> {
  const r = await resolveInWorkspace(requested.replace(/\/$/, '') || '.', workspaceFolderPaths());
  if (!r.ok) return { refused: r.reason };
  if (!r.path.exists) return { refused: vscode.l10n.t('{0} does not exist.', requested) };
  return { uri: vscode.Uri.file(r.path.absolute), rel: r.path.relative };
}

/** A secret file asks before it is attached, whatever the tool settings say about reads. */
async function secretAllowed(rel: string): Promise<boolean> {
  if (!isSensitivePath(rel, readToolSettings().secretPatterns)) return true;
  const attach = vscode.l10n.t('Attach');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t(
      'Claude: {0} may hold secrets (keys, passwords, tokens). Attach it to your next message anyway?',
      rel,
    ),
    { modal: true, detail: vscode.l10n.t('What you attach is sent to the endpoint with your message.') },
    attach,
  );
  return answer === attach;
}

async function fileMention(m: Extract<Mention, { kind: 'file' } | { kind: 'symbol' }>): Promise<Read> {
  const target = await resolved(m.path);
  if ('refused' in target) return target;
  if (!(await secretAllowed(target.rel))) return { refused: vscode.l10n.t('{0} was not attached.', m.path) };
  if (!m.range) return readForContext(target.uri);
  const stat = await vscode.workspace.fs.stat(target.uri);
  if (stat.size > RANGE_READ_BYTES)
    return { refused: vscode.l10n.t('{0} is too large to pick lines from.', m.path) };
  const doc = await vscode.workspace.openTextDocument(target.uri);
  const range = clamp(m.range, doc.lineCount);
  if (!range)
    return {
      refused: vscode.l10n.t(
        '{0} has {1} lines; line {2} is past its end.',
        m.path,
        doc.lineCount,
        m.range.start,
      ),
    };
  const code = doc.getText(
    new vscode.Range(range.start - 1, 0, range.end - 1, doc.lineAt(range.end - 1).text.length),
  );
  const path = vscode.workspace.asRelativePath(doc.uri, false);
  return {
    item: codeItem({
      path,
      languageId: doc.languageId,
      startLine: range.start,
      endLine: range.end,
      code,
      ...(m.kind === 'symbol' ? { scope: 'symbol', symbolName: m.name } : { scope: 'lines' }),
    }),
  };
}

function clamp(r: LineRange, lineCount: number): LineRange | undefined {
  if (r.start > lineCount) return undefined;
  return { start: r.start, end: Math.min(r.end, lineCount) };
}

async function folderMention(requested: string): Promise<Read> {
  const target = await resolved(requested);
  if ('refused' in target) return target;
  const stat = await vscode.workspace.fs.stat(target.uri);
  if (!(stat.type & vscode.FileType.Directory)) return readForContext(target.uri);
  const folder = vscode.workspace.getWorkspaceFolder(target.uri);
  if (!folder) return { refused: vscode.l10n.t('{0} is outside the workspace folders.', requested) };
  const entries: string[] = [];
  let truncated = false;
  for await (const e of walk(folder.uri.fsPath, target.uri.fsPath, { exclude: filesExclude() })) {
    if (entries.length >= MAX_FOLDER_ENTRIES) {
      truncated = true;
      break;
    }
    entries.push(vscode.workspace.asRelativePath(vscode.Uri.file(e.abs), false));
  }
  return {
    item: folderItem({ path: vscode.workspace.asRelativePath(target.uri, false), entries, truncated }),
  };
}

const SEVERITY: Record<vscode.DiagnosticSeverity, Problem['severity']> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

function workspaceProblems(): Problem[] {
  const out: Problem[] = [];
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    const path = vscode.workspace.asRelativePath(uri, false);
    for (const d of diagnostics) {
      const code = typeof d.code === 'object' ? d.code.value : d.code;
      out.push({
        path,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        severity: SEVERITY[d.severity],
        message: d.message,
        ...(d.source ? { source: d.source } : {}),
        ...(code === undefined ? {} : { code: String(code) }),
      });
    }
  }
  return out;
}

function selectionMention(): Read {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty)
    return { refused: vscode.l10n.t('Select some code in an editor first, then mention @selection.') };
  const doc = editor.document;
  const sel = editor.selection;
  const endLine = sel.end.character === 0 && sel.end.line > sel.start.line ? sel.end.line - 1 : sel.end.line;
  return {
    item: codeItem({
      path: vscode.workspace.asRelativePath(doc.uri, false),
      languageId: doc.languageId,
      startLine: sel.start.line + 1,
      endLine: endLine + 1,
      code: doc.getText(new vscode.Range(sel.start.line, 0, endLine, doc.lineAt(endLine).text.length)),
      scope: 'selection',
    }),
  };
}

// Runs an approved tool call. Reads, listing, search and commands are core code (plain Node, no shell for the
// structured tools); edits go through VS Code's WorkspaceEdit, so they show in the editor and Undo takes them back;
// diagnostics come from VS Code's Problems.
import * as vscode from 'vscode';
import { applyEdit } from '../../core/tools/editFile';
import { changedRegion } from '../../core/tools/lineDiff';
import { listFilesTool } from '../../core/tools/listFiles';
import { recheck } from '../../core/tools/paths';
import type { PreparedCall } from '../../core/tools/prepare';
import { readFileTool } from '../../core/tools/readFile';
import { runCommandTool } from '../../core/tools/runCommand';
import { searchTextTool } from '../../core/tools/searchText';
import { writeResultText } from '../../core/tools/toolResults';
import type { ToolOutcome, ToolSettings } from '../../core/tools/types';
import { filesExclude, workspaceFolderPaths } from './toolConfiguration';

const LIST_LIMIT = 500;
const SEARCH_LIMIT = 200;
const DIAGNOSTICS_LIMIT = 200;

export interface RunContext {
  settings: ToolSettings;
  signal: AbortSignal;
  onOutput: (text: string) => void;
  /** For edits: the file's text the approved diff was computed from; if it changed since, nothing is written. */
  approvedBefore?: string;
}

export async function runTool(call: PreparedCall, ctx: RunContext): Promise<ToolOutcome> {
  const limitBytes = ctx.settings.outputCapBytes;
  const folders = workspaceFolderPaths();
  switch (call.tool) {
    case 'read_file':
      return readFileTool(call, { limitBytes, signal: ctx.signal });
    case 'list_files':
      return listFilesTool(call, { exclude: filesExclude(), limit: LIST_LIMIT, signal: ctx.signal, folders });
    case 'search_text':
      return searchTextTool(call, folders, {
        exclude: filesExclude(),
        limit: SEARCH_LIMIT,
        signal: ctx.signal,
        secretPatterns: ctx.settings.secretPatterns,
      });
    case 'get_diagnostics':
      if (call.path)
        await checkedByLanguageServices(vscode.Uri.file(call.path.absolute), {
          signal: ctx.signal,
          // The card says what the wait is for: a cold language service can take a while.
          onWait: () => ctx.onOutput(`Waiting for the language service to check ${call.path?.relative}…\n`),
        });
      return diagnostics(call.path?.absolute);
    case 'run_command': {
      const r = await runCommandTool(call, {
        timeoutMs: ctx.settings.commandTimeoutMs,
        limitBytes,
        shell: vscode.env.shell || undefined,
        signal: ctx.signal,
        onOutput: ctx.onOutput,
      });
      return { content: r.content, isError: r.isError };
    }
    case 'edit_file':
    case 'write_file':
      return writeTool(call, folders, ctx.approvedBefore);
  }
}

/** The file's text now: the editor's buffer when it is open (unsaved changes included), else the disk. */
export async function currentText(absolute: string, exists: boolean): Promise<string> {
  if (!exists) return '';
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(absolute));
  return doc.getText();
}

/** What the file will hold after the call, or why the call cannot apply. */
export function proposedText(
  call: Extract<PreparedCall, { tool: 'edit_file' | 'write_file' }>,
  before: string,
): { ok: true; text: string } | { ok: false; error: string } {
  if (call.tool === 'write_file') return { ok: true, text: call.content };
  const r = applyEdit(before, call);
  return r.ok ? { ok: true, text: r.content } : r;
}

async function writeTool(
  call: Extract<PreparedCall, { tool: 'edit_file' | 'write_file' }>,
  folders: string[],
  approvedBefore: string | undefined,
): Promise<ToolOutcome> {
  const checked = await recheck(call.path, folders);
  if (!checked.ok) return { content: checked.reason, isError: true };
  const target = checked.path;
  const uri = vscode.Uri.file(target.absolute);
  const before = await currentText(target.absolute, target.exists);
  if (approvedBefore !== undefined && before !== approvedBefore)
    return {
      content: `${target.relative} changed after the change was shown to the user; nothing was written. Read it again.`,
      isError: true,
    };
  const proposed = proposedText(call, before);
  if (!proposed.ok) return { content: proposed.error, isError: true };
  const edit = new vscode.WorkspaceEdit();
  if (!target.exists) {
    edit.createFile(uri, { contents: new TextEncoder().encode(proposed.text) });
  } else {
    const doc = await vscode.workspace.openTextDocument(uri);
    const { start, end, text } = changedRegion(before, proposed.text);
    edit.replace(uri, new vscode.Range(doc.positionAt(start), doc.positionAt(end)), text);
  }
  if (!(await vscode.workspace.applyEdit(edit)))
    return { content: `VS Code could not apply the change to ${target.relative}.`, isError: true };
  // Saved, so reads, searches and commands that follow see the change; the editor shows it and Undo reverts it.
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.isDirty) await doc.save();
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
  return { content: writeResultText(target.relative, target.exists, proposed.text), isError: false };
}

/** At most this long for a file's language service to start and load it (a cold TypeScript server takes seconds). */
const LANGUAGE_SERVICE_WAIT_MS = 30_000;
/** Once the service has the file loaded, how long its (semantic) report may take to arrive. */
const DIAGNOSTICS_SETTLE_MS = 3000;

/**
 * Language services report problems only for files open in an editor (TypeScript checks only those in tabs), so a
 * file that is not gets opened in a preview tab, without taking focus (the user sees what Claude looks at). An empty
 * report cannot be told from no report yet, and a cold server takes seconds before its first: so first ask the
 * service something about the file (its outline), which it answers once the file is loaded, then give the report
 * a moment. Problems arriving end the wait at once; Stop ends it too.
 */
async function checkedByLanguageServices(
  uri: vscode.Uri,
  { signal, onWait }: { signal: AbortSignal; onWait: () => void },
): Promise<void> {
  const inTab = vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()),
  );
  const doc = await vscode.workspace.openTextDocument(uri);
  if (inTab || doc.languageId === 'plaintext') return;
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
  const reported = () => vscode.languages.getDiagnostics(uri).length > 0;
  if (reported()) return;
  onWait();
  const problems = untilProblems(uri, signal);
  try {
    const loaded = Promise.resolve(
      vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', uri),
    );
    if (!(await firstOf([problems.promise, loaded.then(() => false)], LANGUAGE_SERVICE_WAIT_MS, signal))) {
      await firstOf([problems.promise], DIAGNOSTICS_SETTLE_MS, signal);
    }
  } finally {
    problems.dispose();
  }
}

/** Resolves true as soon as the file has problems reported. */
function untilProblems(uri: vscode.Uri, signal: AbortSignal): { promise: Promise<boolean>; dispose(): void } {
  let listener: vscode.Disposable | undefined;
  const promise = new Promise<boolean>((resolve) => {
    listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (
        e.uris.some((u) => u.toString() === uri.toString()) &&
        vscode.languages.getDiagnostics(uri).length > 0
      )
        resolve(true);
    });
    if (signal.aborted) resolve(false);
  });
  return { promise, dispose: () => listener?.dispose() };
}

/** The first of `promises` to settle, or false after `ms` or when `signal` aborts. */
function firstOf(promises: Promise<boolean>[], ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const done = (v: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    signal.addEventListener('abort', onAbort, { once: true });
    for (const p of promises) p.then(done, () => done(false));
  });
}

function diagnostics(absolute: string | undefined): ToolOutcome {
  const entries: [vscode.Uri, readonly vscode.Diagnostic[]][] = absolute
    ? [[vscode.Uri.file(absolute), vscode.languages.getDiagnostics(vscode.Uri.file(absolute))]]
    : vscode.languages.getDiagnostics();
  const lines: string[] = [];
  let total = 0;
  for (const [uri, list] of entries) {
    for (const d of list) {
      total++;
      if (lines.length >= DIAGNOSTICS_LIMIT) continue;
      const where = `${vscode.workspace.asRelativePath(uri)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const source = d.source ? ` [${d.source}${d.code !== undefined ? ` ${codeOf(d.code)}` : ''}]` : '';
      lines.push(`${where} ${vscode.DiagnosticSeverity[d.severity].toLowerCase()}: ${d.message}${source}`);
    }
  }
  if (total === 0)
    return {
      content: absolute
        ? 'No problems reported for this file.'
        : 'No problems reported in the open files (language services check the files VS Code has open).',
      isError: false,
    };
  if (total > lines.length) lines.push(`(${total - lines.length} more not shown)`);
  return { content: lines.join('\n'), isError: false };
}

function codeOf(code: NonNullable<vscode.Diagnostic['code']>): string {
  return typeof code === 'object' ? String(code.value) : String(code);
}

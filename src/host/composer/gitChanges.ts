// What `@changes` attaches: the working tree's uncommitted changes, through VS Code's own Git extension (its API
// version 1: the same repositories, the same git binary and settings the Source Control view uses). Only the
// few members used here are typed; the extension's git.d.ts is the full contract.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { changesItem } from '../../core/composer/mentionItems';
import type { Read } from '../editor/readForContext';

interface Change {
  readonly uri: vscode.Uri;
  readonly status: number;
}
interface Repository {
  readonly rootUri: vscode.Uri;
  readonly state: {
    readonly workingTreeChanges: readonly Change[];
    readonly untrackedChanges?: readonly Change[];
  };
  diff(cached?: boolean): Promise<string>;
  status(): Promise<void>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly repositories: readonly Repository[];
  getRepository(uri: vscode.Uri): Repository | null;
  openRepository(root: vscode.Uri): Promise<Repository | null>;
}

/** git.d.ts's Status.UNTRACKED. */
const UNTRACKED = 7;
/** How long to wait for the Git extension to find the repositories when it has just started. */
const INIT_WAIT_MS = 10_000;

/** The changes as a context item, or why there are none to attach. */
export async function gitChangesItem(): Promise<Read> {
  const r = await workingTreeChanges();
  return r.ok ? { item: changesItem(r) } : { refused: r.message };
}

type ChangesResult =
  | { ok: true; repository: string; staged: string; unstaged: string; untracked: string[] }
  | { ok: false; message: string };

async function workingTreeChanges(): Promise<ChangesResult> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return { ok: false, message: 'VS Code’s Git extension is not available here.' };
  let api: GitApi;
  try {
    api = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
  } catch (e) {
    return {
      ok: false,
      message: vscode.l10n.t(
        'VS Code’s Git extension is not enabled ({0}).',
        e instanceof Error ? e.message : String(e),
      ),
    };
  }
  if (api.state !== 'initialized') await initialized(api);
  const active = vscode.window.activeTextEditor?.document.uri;
  // A repository created after VS Code started is not known yet: the workspace folder is opened as one.
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const repo =
    (active && api.getRepository(active)) ??
    api.repositories[0] ??
    (folder ? await api.openRepository(folder).catch(() => null) : null);
  if (!repo) return { ok: false, message: vscode.l10n.t('No git repository is open in this workspace.') };
  // The extension refreshes its view of the tree on file events, a moment later: ask git now.
  await repo.status().catch(() => {});
  const [staged, unstaged] = await Promise.all([repo.diff(true), repo.diff(false)]);
  const untracked = [...(repo.state.untrackedChanges ?? []), ...repo.state.workingTreeChanges]
    .filter((c) => c.status === UNTRACKED)
    .map((c) => vscode.workspace.asRelativePath(c.uri, false));
  return {
    ok: true,
    repository: path.basename(repo.rootUri.fsPath),
    staged,
    unstaged,
    untracked: [...new Set(untracked)],
  };
}

function initialized(api: GitApi): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const sub = api.onDidChangeState((s) => s === 'initialized' && done());
    const timer = setTimeout(done, INIT_WAIT_MS);
  });
}

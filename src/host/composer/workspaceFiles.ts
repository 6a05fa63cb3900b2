// The `@` file index as the view uses it: built in the background on the first `@` (nothing at activation), from
// the workspace's local folders with the explorer's and search's excluded globs, rebuilt a moment after files are
// created or renamed (so .gitignore keeps deciding what is in it), and searched with the recently opened files
// first (docs/performance.md, P9; docs/architecture.md, "The composer").
import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { FileIndex, type PathSuggestion } from '../../core/composer/fileIndex';
import { filesExclude, searchExclude, workspaceFolderPaths } from '../tools/toolConfiguration';

/** Recently opened files kept for ranking. */
const RECENT_MAX = 50;
/** How long after the last create or rename event the index is rebuilt. */
const REBUILD_DELAY_MS = 2000;

export class WorkspaceFiles implements vscode.Disposable {
  private index: FileIndex | undefined;
  private built = false;
  private generation = 0;
  private markBuilt: () => void = () => {};
  /** Settles when the first build is done (or failed): an answer given while indexing is then given again. */
  readonly firstBuild = new Promise<void>((resolve) => (this.markBuilt = resolve));
  private rebuildTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly abort = new AbortController();
  private readonly recent: string[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText) this.touch(tab.input.uri);
    }
    const active = vscode.window.activeTextEditor?.document.uri;
    if (active) this.touch(active);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.scheduleRebuild()),
      watcher.onDidDelete((uri) => this.index?.remove(this.pathOf(uri))),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.scheduleRebuild()),
      vscode.window.onDidChangeActiveTextEditor((e) => e && this.touch(e.document.uri)),
    );
  }

  /** The best matches for `query`, and a note while the index is still being built. */
  search(query: string, limit: number): { items: PathSuggestion[]; note?: string; indexing?: true } {
    const index = this.ensureIndex();
    const items = index.search(query, { limit, recent: this.recent });
    if (!this.built) {
      return {
        items,
        note: vscode.l10n.t('Indexing the workspace… ({0} paths so far)', index.size),
        indexing: true,
      };
    }
    if (index.incomplete)
      return {
        items,
        note: vscode.l10n.t('The workspace has more files than are indexed; type more of the path.'),
      };
    return { items };
  }

  /** A path as the index names it (workspace-relative; with several folders, starting with the folder's name). */
  pathOf(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  }

  private touch(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(uri)) return;
    const p = this.pathOf(uri);
    const at = this.recent.indexOf(p);
    if (at >= 0) this.recent.splice(at, 1);
    this.recent.unshift(p);
    this.recent.length = Math.min(this.recent.length, RECENT_MAX);
  }

  private ensureIndex(): FileIndex {
    if (!this.index) {
      this.index = new FileIndex({ folders: [], exclude: [] });
      this.startBuild();
    }
    return this.index;
  }

  /** Builds a new index; the newest build to finish replaces the one in use. */
  private startBuild(): void {
    const generation = ++this.generation;
    void this.build().then((next) => {
      if (generation === this.generation) {
        // A failed build (logged) leaves what it found: the index is as built as it will get.
        if (next) this.index = next;
        this.built = true;
      }
      this.markBuilt();
    });
  }

  private async build(): Promise<FileIndex | undefined> {
    const folders = await Promise.all(
      workspaceFolderPaths().map(async (p) => {
        const real = await realpath(p).catch(() => p);
        return { name: path.basename(real), path: real };
      }),
    );
    const next = new FileIndex({ folders, exclude: [...filesExclude(), ...searchExclude()] });
    // Searches during the build see the files found so far.
    if (!this.built) this.index = next;
    const started = Date.now();
    try {
      await next.build(this.abort.signal);
      this.log.info(`Indexed ${next.size} workspace paths for @ mentions in ${Date.now() - started} ms.`);
      return next;
    } catch (e) {
      if (!this.abort.signal.aborted)
        this.log.warn(`Indexing the workspace for @ mentions failed: ${String(e)}`);
      return undefined;
    }
  }

  private scheduleRebuild(): void {
    if (!this.index) return; // not built yet: the first `@` builds it fresh
    clearTimeout(this.rebuildTimer);
    this.rebuildTimer = setTimeout(() => this.startBuild(), REBUILD_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.rebuildTimer);
    this.abort.abort();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

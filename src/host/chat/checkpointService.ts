// The host's side of checkpoints: where they live (the extension's global storage), how much room they may take
// (`claudeMessages.checkpoints.maxStorageMB`, the user's value only), and the confirmations before a restore. The
// capturing and restoring themselves are core code (src/core/checkpoints; docs/threat-model.md, G13).
import * as vscode from 'vscode';
import { Checkpoints, type RestorePlan, type RestoreResult } from '../../core/checkpoints/checkpoints';
import type { Unrestorable } from '../../core/checkpoints/checkpointStore';
import { turnCheckpoint, type TurnCheckpoint } from '../../core/checkpoints/turnCheckpoint';
import type { Conversation } from '../../core/chat/conversation';
import type { HostMessage } from '../../shared/protocol';
import { workspaceFolderPaths } from '../tools/toolConfiguration';
import { userValue } from '../userSettings';

const DEFAULT_MAX_MB = 500;
/** At most this many files are named in a confirmation; the rest are counted. */
const LISTED = 25;

export class CheckpointService {
  private readonly checkpoints: Checkpoints;
  private readonly log: vscode.LogOutputChannel;
  private readonly post: (message: HostMessage) => void;
  /** The undo checkpoints of the restores made in this session: only these can be undone from the view. */
  private readonly undoIds = new Set<string>();

  constructor(o: {
    storage: vscode.Uri;
    log: vscode.LogOutputChannel;
    post: (message: HostMessage) => void;
  }) {
    this.log = o.log;
    this.post = o.post;
    this.checkpoints = new Checkpoints({
      root: vscode.Uri.joinPath(o.storage, 'checkpoints').fsPath,
      folders: workspaceFolderPaths,
      // Through VS Code's file service: an open editor shows the restored text at once (core checks each path first).
      files: {
        write: async (path, data) => {
          await vscode.workspace.fs.writeFile(vscode.Uri.file(path), data);
        },
        remove: async (path) => {
          try {
            await vscode.workspace.fs.delete(vscode.Uri.file(path), { useTrash: false });
          } catch (e) {
            if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) throw e;
          }
        },
      },
    });
  }

  /** "Restore Checkpoint" on the question at `turn`, whose checkpoint and every later one are `ids`. */
  async restoreQuestion(ids: readonly string[], turn: number): Promise<void> {
    if (ids.length === 0) {
      this.post({
        type: 'notice',
        level: 'info',
        text: vscode.l10n.t('No files were changed by tools since this message.'),
      });
      return;
    }
    const result = await this.confirmAndRestore(ids, {
      message: vscode.l10n.t('Restore the files that tools changed since this message?'),
      button: vscode.l10n.t('Restore'),
    });
    if (!result) return;
    this.undoIds.add(result.undoId);
    this.post({ type: 'checkpointRestored', turn, undoId: result.undoId });
    this.post({
      type: 'notice',
      level: 'info',
      text: vscode.l10n.t('Restored {0} file(s). "Undo Restore" takes them back.', result.restored.length),
    });
  }

  /** "Undo Restore": the files a restore of this session replaced come back as they were just before it. */
  async undoRestore(undoId: string): Promise<void> {
    if (!this.undoIds.has(undoId)) return;
    const result = await this.confirmAndRestore([undoId], {
      message: vscode.l10n.t('Undo the restore? These files go back to how they were just before it.'),
      button: vscode.l10n.t('Undo Restore'),
    });
    if (!result) return;
    this.undoIds.delete(undoId);
    this.post({ type: 'restoreUndone', undoId });
    this.post({
      type: 'notice',
      level: 'info',
      text: vscode.l10n.t(
        'The restore was undone: {0} file(s) are as they were before it.',
        result.restored.length,
      ),
    });
  }

  /**
   * Before an edited question replaces its turn: when tools changed files since (`ids`), asks whether to restore
   * them too, and does. False: the user cancelled, nothing is to be sent.
   */
  async offerBeforeEdit(ids: readonly string[]): Promise<boolean> {
    const plan = ids.length ? await this.checkpoints.plan(ids) : undefined;
    if (!plan || plan.changes.length === 0) return true;
    const restore = vscode.l10n.t('Restore Files Too');
    const keep = vscode.l10n.t('Keep Files');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Tools changed files since this message. Restore them as they were before sending it again?',
      ),
      { modal: true, detail: describePlan(plan) },
      restore,
      keep,
    );
    if (choice === undefined) return false;
    if (choice === restore) await this.apply(plan);
    return true;
  }

  /** Captures for the question the conversation's running turn answers (its last question). */
  forTurn(conversation: Conversation, onCreated: () => void): TurnCheckpoint {
    return turnCheckpoint(this.checkpoints, {
      existing: () => conversation.checkpoints[String(conversation.lastQuestion())],
      onCreated: (id) => {
        const at = conversation.lastQuestion();
        if (at >= 0) conversation.checkpoints[String(at)] = id;
        this.log.info(`Checkpoint ${id} for the question at ${at}.`);
        onCreated();
      },
      onError: (e) =>
        this.log.warn(`A checkpoint capture failed: ${e instanceof Error ? e.message : String(e)}`),
    });
  }

  /** What restoring these checkpoints would change. */
  plan(ids: readonly string[]): Promise<RestorePlan> {
    return this.checkpoints.plan(ids);
  }

  /** Keeps the storage within the setting, never removing `keep`. */
  async prune(keep: readonly string[] = []): Promise<void> {
    const mb = userValue<number>('checkpoints.maxStorageMB') ?? DEFAULT_MAX_MB;
    try {
      const removed = await this.checkpoints.prune(Math.max(1, mb) * 1024 * 1024, new Set(keep));
      if (removed.length)
        this.log.info(`Removed ${removed.length} old checkpoint(s) to stay within ${mb} MB.`);
    } catch (e) {
      this.log.warn(`Could not prune checkpoints: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Asks in a modal dialog, listing every file and what happens to it (and what cannot be restored), then
   * restores. Returns undefined when there was nothing to do or the user cancelled.
   */
  async confirmAndRestore(
    ids: readonly string[],
    o: { message: string; button: string },
  ): Promise<RestoreResult | undefined> {
    const plan = await this.checkpoints.plan(ids);
    if (plan.changes.length === 0) {
      void vscode.window.showInformationMessage(
        [vscode.l10n.t('The files are already as they were at this checkpoint.'), ...notes(plan)].join('\n'),
      );
      return undefined;
    }
    const choice = await vscode.window.showWarningMessage(
      o.message,
      { modal: true, detail: describePlan(plan) },
      o.button,
    );
    if (choice !== o.button) return undefined;
    return this.apply(plan);
  }

  /** Restores a plan the user already agreed to. */
  async apply(plan: RestorePlan): Promise<RestoreResult> {
    const result = await this.checkpoints.restore(plan);
    this.log.info(
      `Restored ${result.restored.length} file(s) (undo: ${result.undoId}); ${result.failed.length} failed.`,
    );
    for (const f of result.failed) this.log.warn(`Not restored: ${f.path} (${f.why})`);
    if (result.failed.length)
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          '{0} file(s) could not be restored: {1}',
          result.failed.length,
          result.failed.map((f) => f.path).join(', '),
        ),
      );
    return result;
  }
}

/** The confirmation's detail: every file and what happens to it, then what cannot be restored. */
export function describePlan(plan: RestorePlan): string {
  const lines = plan.changes.slice(0, LISTED).map((c) => {
    if (c.action === 'delete') return vscode.l10n.t('{0} (created since: removed)', c.relative);
    if (c.action === 'recreate') return vscode.l10n.t('{0} (deleted since: restored)', c.relative);
    return vscode.l10n.t('{0} (changed since: restored)', c.relative);
  });
  if (plan.changes.length > LISTED) lines.push(vscode.l10n.t('… and {0} more', plan.changes.length - LISTED));
  return [...lines, ...notes(plan)].join('\n');
}

function notes(plan: RestorePlan): string[] {
  const out: string[] = [];
  const noGit = plan.unrestorable.filter((u) => u.reason === 'noGit');
  if (noGit.length)
    out.push(
      '',
      vscode.l10n.t(
        'Cannot be restored: changes made by these commands (git was not found, so they were not captured): {0}',
        noGit.map((u) => u.what).join('; '),
      ),
    );
  const other = plan.unrestorable.filter((u) => u.reason !== 'noGit');
  if (other.length)
    out.push(
      '',
      vscode.l10n.t(
        'Cannot be restored: {0}',
        other.map((u) => `${u.what} (${reasonText(u.reason)})`).join('; '),
      ),
    );
  if (plan.refused.length)
    out.push(
      '',
      vscode.l10n.t('Left alone: {0}', plan.refused.map((r) => `${r.path} (${r.why})`).join('; ')),
    );
  if (plan.missing)
    out.push(
      '',
      vscode.l10n.t(
        '{0} older checkpoint(s) were removed to stay within the "{1}" setting.',
        plan.missing,
        'claudeMessages.checkpoints.maxStorageMB',
      ),
    );
  return out;
}

function reasonText(reason: Unrestorable['reason']): string {
  switch (reason) {
    case 'tooLarge':
      return vscode.l10n.t('larger than 16 MB');
    case 'symlink':
      return vscode.l10n.t('a symlink');
    case 'unreadable':
      return vscode.l10n.t('could not be read');
    case 'noGit':
      return vscode.l10n.t('git was not found');
  }
}

// The gate's decisions: for each prepared call, run it, ask the user, or refuse (docs/threat-model.md, G1-G8).
// Pure: the settings and this chat's approvals come in, a verdict goes out; nothing a tool does can change either.
// Protected writes and secret reads always ask; invisible characters and compound commands always ask; otherwise
// a call runs without asking only on `autoApproveReads` (reads), an exact allow-list entry run at a workspace
// folder's root (commands), or an approval of this exact call for this chat.
import * as path from 'node:path';
import { commandRisks, invisibleCommandReason } from './commandRisks';
import { l10n } from '../l10n';
import { describeCall } from './describe';
import type { PreparedCall } from './prepare';
import { isProtectedWrite, isSensitivePath } from './sensitive';
import type { GateDecision, ResolvedPath, ToolName, ToolSettings } from './types';
import { visible } from './visible';

export { commandRisks } from './commandRisks';
export { isProtectedWrite, isSensitivePath } from './sensitive';

const READS: readonly ToolName[] = ['read_file', 'list_files', 'search_text', 'get_diagnostics'];
type ReadCall = Extract<
  PreparedCall,
  { tool: 'read_file' | 'list_files' | 'search_text' | 'get_diagnostics' }
>;
function isRead(call: PreparedCall): call is ReadCall {
  return READS.includes(call.tool);
}

/** Spaces and tabs around a command are not part of it; nothing else is trimmed (String.trim eats U+FEFF). */
function trimCommand(command: string): string {
  return command.replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * What one "Allow for this chat" covers: the exact same call only (docs/threat-model.md, G8). Every argument is
 * part of the key: a read's resolved path and line range, an edit's resolved path and exact strings, a write's
 * path and content, a listing's folder and pattern, a search's query and options, a command's exact text (spaces
 * around it aside) and resolved working folder. So `npm test` never covers `npm test; curl x`, an approved edit
 * does not approve a different edit of the same file, and one line range does not approve another.
 */
export function approvalKey(call: PreparedCall): string {
  // Paths are the resolved (real) ones, so two spellings of one file are one call.
  switch (call.tool) {
    case 'read_file':
      return JSON.stringify([call.tool, call.path.absolute, call.startLine ?? null, call.endLine ?? null]);
    case 'edit_file':
      return JSON.stringify([call.tool, call.path.absolute, call.oldString, call.newString, call.replaceAll]);
    case 'write_file':
      return JSON.stringify([call.tool, call.path.absolute, call.content]);
    case 'list_files':
      return JSON.stringify([call.tool, call.base.absolute, call.pattern]);
    case 'get_diagnostics':
      return JSON.stringify([call.tool, call.path?.absolute ?? null]);
    case 'search_text':
      return JSON.stringify([call.tool, call.query, call.isRegex, call.caseSensitive, call.include ?? null]);
    case 'run_command':
      return JSON.stringify([call.tool, trimCommand(call.command), call.cwd.absolute]);
  }
}

/**
 * "Allow for this chat": in memory only, so it ends with the chat and does not survive a reload
 * (docs/threat-model.md, G2 and G8).
 */
export class ChatApprovals {
  readonly #keys = new Set<string>();
  allow(call: PreparedCall): void {
    this.#keys.add(approvalKey(call));
  }
  has(call: PreparedCall): boolean {
    return this.#keys.has(approvalKey(call));
  }
  clear(): void {
    this.#keys.clear();
  }
}

/**
 * The names of the path a read touches: real and as written (a link named `.env` is as secret as its target).
 * A search names none: it skips sensitive files itself.
 */
function readTargets(call: ReadCall): string[] {
  const p =
    call.tool === 'read_file'
      ? call.path
      : call.tool === 'list_files'
        ? call.base
        : call.tool === 'get_diagnostics'
          ? call.path
          : undefined;
  return p ? [p.relative, asWritten(p)] : [];
}

/** The requested path relative to its folder, before symlinks were followed. */
function asWritten(p: ResolvedPath): string {
  if (!path.isAbsolute(p.requested)) return p.requested;
  const rel = path.relative(p.folder, p.requested);
  return rel.startsWith('..') || path.isAbsolute(rel) ? p.relative : rel;
}

function shown(rel: string): string {
  return `\`${visible(rel).text}\``;
}

export function decide(call: PreparedCall, settings: ToolSettings, approvals: ChatApprovals): GateDecision {
  if (!settings.enabled)
    return {
      action: 'refuse',
      reason: 'Workspace tools are turned off (setting claudeMessages.tools.enabled).',
    };
  if (!settings.tools.includes(call.tool))
    return {
      action: 'refuse',
      reason: `The ${call.tool} tool is turned off (setting claudeMessages.tools.enabledTools).`,
    };

  // Something invisible in a path, a query or content: the user must see the escapes before anything runs. A value
  // too long for the card cannot be seen whole either.
  const display = describeCall(call);
  const reasons: string[] = [];
  const INVISIBLE = l10n.t(
    'It contains invisible or control characters (shown as escapes); check them before allowing.',
  );
  if (display.truncated) reasons.push(l10n.t('It is too long to show whole on the card.'));
  const invisible = display.hasInvisible || display.truncated === true;

  if (isRead(call)) {
    if (display.hasInvisible) reasons.push(INVISIBLE);
    const target = readTargets(call).find((p) => isSensitivePath(p, settings.secretPatterns));
    if (target !== undefined) {
      reasons.push(
        l10n.t('{0} may hold secrets (keys, passwords, tokens), so reading it always asks.', shown(target)),
      );
      return { action: 'ask', reasons };
    }
    if (!invisible && (settings.autoApproveReads || approvals.has(call))) return { action: 'run' };
    return { action: 'ask', reasons };
  }

  if (call.tool === 'edit_file' || call.tool === 'write_file') {
    if (display.hasInvisible) reasons.push(INVISIBLE);
    // The real path, the path as written (a link's own name), and a protected name a link gives it.
    const names = [call.path.relative, asWritten(call.path), call.protectedAs];
    const guarded = names.find((n) => n !== undefined && isProtectedWrite(n, settings.secretPatterns));
    if (guarded !== undefined) {
      reasons.push(
        l10n.t(
          '{0} is protected: changes to `.vscode/`, `.git/`, workspace files, shell startup files and files with secrets always ask.',
          shown(guarded),
        ),
      );
      return { action: 'ask', reasons };
    }
    if (!invisible && approvals.has(call)) return { action: 'run' };
    if (call.tool === 'write_file' && call.path.exists)
      reasons.push(l10n.t('It replaces the whole of the existing file {0}.', shown(call.path.relative)));
    return { action: 'ask', reasons };
  }

  // run_command: an exact allow-list entry or approval, and nothing that could make it more than it looks.
  const risks = commandRisks(call.command);
  reasons.push(...risks);
  if (display.hasInvisible && !risks.includes(invisibleCommandReason())) reasons.push(INVISIBLE);
  const listed = settings.commandAllowList.some((entry) => trimCommand(entry) === trimCommand(call.command));
  // An entry holds at a workspace folder's root only: `npm test` in node_modules/evil runs that package's own
  // test script (docs/threat-model.md, G10).
  const atRoot = call.cwd.relative === '';
  if (reasons.length === 0 && ((listed && atRoot) || approvals.has(call))) return { action: 'run' };
  if (listed && !atRoot)
    reasons.push(
      l10n.t(
        "`{0}` is allow-listed only at the workspace folder's root; this one runs in {1}.",
        visible(trimCommand(call.command)).text,
        shown(call.cwd.relative),
      ),
    );
  return { action: 'ask', reasons };
}

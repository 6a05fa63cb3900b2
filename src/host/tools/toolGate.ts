// The confirmation gate in the host: every tool call the model makes is checked (core policy), shown as a card in
// the chat, and run only when the policy or the user allows it. Approvals for this chat live in this object's
// memory only: no file, setting or tool can grant them, and a reload forgets them (docs/threat-model.md, G2 and G8).
import * as vscode from 'vscode';
import type { TurnTools } from '../../core/chat/toolLoop';
import type { TurnCheckpoint } from '../../core/checkpoints/turnCheckpoint';
import type { ToolResultBlock, ToolUseBlock } from '../../core/messages/schema';
import { toolDefinitions } from '../../core/tools/definitions';
import { resultSummary, storedCard } from '../../core/tools/cards';
import { cardFor } from '../../core/tools/describe';
import { lineDiff } from '../../core/tools/lineDiff';
import { ChatApprovals, decide } from '../../core/tools/policy';
import { prepareCall, type PreparedCall } from '../../core/tools/prepare';
import { deniedResult, stoppedBeforeDecision, toolResult } from '../../core/tools/toolResults';
import type { ToolOutcome, ToolSettings } from '../../core/tools/types';
import type { HostMessage } from '../../shared/protocol';
import type { ToolCard, ToolCardState, ToolDecisionMessage } from '../../shared/toolProtocol';
import { currentText, proposedText, runTool } from './toolRunner';
import type { ExternalTools } from './externalTools';
import {
  decideExternal,
  externalApprovalKey,
  externalCard,
  externalDefinition,
  prepareExternal,
} from '../../core/tools/external/gate';
import { externalToolResult } from '../../core/tools/external/results';
import type { ExternalCallResult, ExternalTool } from '../../core/tools/external/types';
import { readToolSettings, workspaceFolderPaths } from './toolConfiguration';

const PROPOSAL_SCHEME = 'claude-messages-tool-change';
/** Command output is posted to the card at most this often. */
const OUTPUT_POST_MS = 50;

type Decision = { decision: 'allow' | 'allowChat' | 'deny'; reason?: string } | { decision: 'stopped' };

export class ToolGate implements vscode.Disposable {
  private approvals = new ChatApprovals();
  private readonly waiting = new Map<string, { requestId: string; resolve: (d: Decision) => void }>();
  /** Proposed file contents per edit call, for "Show Diff". */
  private readonly proposals = new Map<
    string,
    { uri: vscode.Uri; exists: boolean; text: string; label: string }
  >();
  private readonly registration: vscode.Disposable;
  /** The cards of the turn running now, as shown: a view re-created mid-turn gets them back as they are. */
  private readonly live = new Map<string, ToolCard>();
  /** The external tools offered in the turn running now, by the name the model calls them. */
  private external = new Map<string, ExternalTool>();
  /** "Allow for this chat" of external calls: exact tool and input (see externalApprovalKey). */
  private externalApprovals = new Set<string>();
  /** Captures the files the running turn's tools change (docs/architecture.md, "Checkpoints"). */
  private checkpoint: TurnCheckpoint | undefined;

  constructor(
    private readonly postToView: (message: HostMessage) => void,
    private readonly log: vscode.LogOutputChannel,
    private readonly externalTools?: ExternalTools,
  ) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, {
      provideTextDocumentContent: (uri) => this.proposals.get(uri.query)?.text ?? '',
    });
  }

  /**
   * The tools for one turn. In Restricted Mode, or with tools turned off, none are offered; a call the model makes
   * anyway is refused on its card, never run.
   */
  async forTurn(
    requestId: string,
    turn: { signal: AbortSignal; checkpoint?: TurnCheckpoint },
  ): Promise<TurnTools> {
    const { signal, checkpoint } = turn;
    this.live.clear();
    this.checkpoint = checkpoint;
    const settings = readToolSettings(this.log);
    const on = vscode.workspace.isTrusted && settings.enabled;
    const definitions = on ? toolDefinitions(settings) : [];
    // VS Code's tools and the MCP servers' tools, after ours (a stable order keeps the prompt cache warm).
    const external = on && this.externalTools ? await this.externalTools.listForTurn(signal) : [];
    this.external = new Map(external.map((t) => [t.name, t]));
    definitions.push(...external.map(externalDefinition));
    return {
      definitions,
      roundLimit: settings.maxRounds,
      context: toolContext(),
      run: (calls, signal) => this.runRound(requestId, calls, signal),
      goOn: (rounds) => this.askGoOn(rounds),
    };
  }

  /** A card of the running turn as it stands (state, output so far), or undefined. */
  liveCard(callId: string): ToolCard | undefined {
    return this.live.get(callId);
  }

  /** Posts a card message, keeping the live copy in step. */
  private post(message: Extract<HostMessage, { type: 'toolCall' | 'toolUpdate' }>): void {
    if (message.type === 'toolCall') {
      this.live.set(message.card.callId, { ...message.card });
    } else {
      const card = this.live.get(message.callId);
      if (card) {
        if (message.state) card.state = message.state;
        if (message.state && message.state !== 'asking') card.reasons = undefined;
        if (message.result) card.result = message.result;
        if (message.output) card.output = ((card.output ?? '') + message.output).slice(0, 64 * 1024);
      }
    }
    this.postToView(message);
  }

  /** A new chat (or another one opened): approvals given for this chat end. */
  resetChat(): void {
    this.approvals = new ChatApprovals();
    this.externalApprovals = new Set();
    this.proposals.clear();
  }

  /** The user's click on a card; only a card that is waiting, in the turn that is running, can be decided. */
  decide(message: ToolDecisionMessage): void {
    const w = this.waiting.get(message.callId);
    if (!w || w.requestId !== message.requestId) {
      this.log.warn(`Ignored a decision for tool call ${message.callId}: it is not waiting.`);
      return;
    }
    this.waiting.delete(message.callId);
    w.resolve({ decision: message.decision, reason: message.reason });
  }

  async showDiff(callId: string): Promise<void> {
    const p = this.proposals.get(callId);
    if (!p) return;
    const left = p.exists ? p.uri : vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: p.uri.path, query: '' });
    const right = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: p.uri.path, query: callId });
    await vscode.commands.executeCommand(
      'vscode.diff',
      left,
      right,
      vscode.l10n.t("{0} ↔ Claude's change", p.label),
      {
        preview: true,
      },
    );
  }

  private async runRound(
    requestId: string,
    calls: ToolUseBlock[],
    signal: AbortSignal,
  ): Promise<ToolResultBlock[]> {
    // Read per round: a setting changed mid-turn (say, the allow-list) counts from the next call on.
    const settings = readToolSettings(this.log);
    return Promise.all(calls.map((call) => this.runOne(requestId, call, settings, signal)));
  }

  /**
   * One call through the gate, in steps: prepare it (input checked, paths resolved), show it as a card (with the
   * proposed change for edits), take the policy's verdict, ask the user where it says so, then run it.
   */
  private async runOne(
    requestId: string,
    call: ToolUseBlock,
    settings: ToolSettings,
    signal: AbortSignal,
  ): Promise<ToolResultBlock> {
    // Checked again here, not only when tools were offered: a call must never run in Restricted Mode.
    if (!vscode.workspace.isTrusted)
      return this.refuseUnprepared(requestId, call, 'Tools are off: this workspace is in Restricted Mode.');
    const external = this.external.get(call.name);
    if (external) return this.runExternal({ requestId, call, tool: external, settings, signal });
    const prepared = await prepareCall(
      { id: call.id, name: call.name, input: call.input },
      workspaceFolderPaths(),
    );
    if (!prepared.ok) return this.refuseUnprepared(requestId, call, prepared.error);
    const p = prepared.call;
    const card = cardFor(p, 'running');
    const change = await this.proposeChange(p, card);
    if (change && !change.ok) {
      this.post({ type: 'toolCall', requestId, card: { ...card, state: 'failed', result: change.error } });
      return toolResult(call.id, change.error, true);
    }
    const verdict = decide(p, settings, this.approvals);
    if (verdict.action === 'refuse') {
      this.post({
        type: 'toolCall',
        requestId,
        card: { ...card, state: 'refused', reasons: [verdict.reason] },
      });
      return toolResult(call.id, verdict.reason, true);
    }
    if (verdict.action === 'ask') {
      const notRun = await this.ask(
        requestId,
        p,
        { ...card, state: 'asking', reasons: verdict.reasons },
        signal,
      );
      if (notRun) return notRun;
    } else {
      this.post({ type: 'toolCall', requestId, card });
    }
    return this.runApproved(requestId, p, { settings, signal, approvedBefore: change?.before });
  }

  /**
   * An external tool's call through the same gate: the card shows the exact input, the verdict asks unless this
   * exact call was allowed for the chat (or the user trusts read-only hints), Stop cancels a running call.
   */
  private async runExternal(r: {
    requestId: string;
    call: ToolUseBlock;
    tool: ExternalTool;
    settings: ToolSettings;
    signal: AbortSignal;
  }): Promise<ToolResultBlock> {
    const { requestId, call, tool, signal } = r;
    const prepared = prepareExternal(tool, call.input);
    if (!prepared.ok) return this.refuseUnprepared(requestId, call, prepared.error);
    const input = prepared.input;
    const card = externalCard(call.id, tool, input, 'running');
    const trust = vscode.workspace
      .getConfiguration('claudeMessages.mcp')
      .inspect<boolean>('trustReadOnlyHints');
    const verdict = decideExternal(tool, input, {
      trustReadOnlyHints: trust?.globalValue === true,
      approvedForChat: (key) => this.externalApprovals.has(key),
    });
    if (verdict.action === 'refuse') {
      this.post({
        type: 'toolCall',
        requestId,
        card: { ...card, state: 'refused', reasons: [verdict.reason] },
      });
      return toolResult(call.id, verdict.reason, true);
    }
    if (verdict.action === 'ask') {
      this.post({
        type: 'toolCall',
        requestId,
        card: { ...card, state: 'asking', reasons: verdict.reasons },
      });
      const d = await this.waitFor(requestId, call.id, signal);
      if (d.decision === 'stopped') {
        this.update(requestId, call.id, 'stopped', 'Stopped before you decided.');
        return stoppedBeforeDecision(call.id);
      }
      if (d.decision === 'deny') {
        this.update(requestId, call.id, 'denied', d.reason ? `Denied: ${d.reason}` : 'Denied');
        return deniedResult(call.id, d.reason);
      }
      if (d.decision === 'allowChat') this.externalApprovals.add(externalApprovalKey(tool, input));
      this.update(requestId, call.id, 'running');
    } else {
      this.post({ type: 'toolCall', requestId, card });
    }
    let result: ExternalCallResult;
    try {
      const call = () => this.externalTools!.call(tool, input, signal);
      // An external tool may change files (a rename, an MCP filesystem server): captured like a command, so
      // "Restore Checkpoint" can take it back; not a tool the user trusts as read-only (readOnlyHint, trusted).
      const checkpoint = this.checkpoint;
      result =
        checkpoint && !(tool.readOnlyHint && trust?.globalValue === true)
          ? await checkpoint.aroundCommand(tool.name, call)
          : await call();
    } catch (e) {
      const message = signal.aborted ? 'Stopped by the user.' : e instanceof Error ? e.message : String(e);
      if (!signal.aborted) this.log.error(`Tool ${tool.name} failed: ${message}`);
      result = { content: [{ type: 'text', text: `The tool failed: ${message}` }], isError: true };
    }
    const block = externalToolResult(call.id, result, { textCapBytes: r.settings.outputCapBytes });
    const state: ToolCardState = signal.aborted ? 'stopped' : result.isError ? 'failed' : 'done';
    this.update(requestId, call.id, state, externalSummary(block));
    return block;
  }

  /** A call refused before it could be prepared still shows exactly what the model asked for. */
  private refuseUnprepared(requestId: string, call: ToolUseBlock, why: string): ToolResultBlock {
    this.post({
      type: 'toolCall',
      requestId,
      card: { ...storedCard(call, undefined), state: 'refused', result: why },
    });
    return toolResult(call.id, why, true);
  }

  /**
   * For an edit or a write: the file's text now and what the call makes of it, shown on the card as a diff and
   * kept for "Show Diff". The text now is what the user approves the change against (see toolRunner's recheck).
   */
  private async proposeChange(
    p: PreparedCall,
    card: ToolCard,
  ): Promise<{ ok: true; before: string } | { ok: false; error: string } | undefined> {
    if (p.tool !== 'edit_file' && p.tool !== 'write_file') return undefined;
    const before = await currentText(p.path.absolute, p.path.exists);
    const proposed = proposedText(p, before);
    if (!proposed.ok) return proposed;
    card.diff = lineDiff(before, proposed.text);
    this.proposals.set(p.id, {
      uri: vscode.Uri.file(p.path.absolute),
      exists: p.path.exists,
      text: proposed.text,
      label: p.path.relative,
    });
    return { ok: true, before };
  }

  /** Shows the asking card and waits. Returns the result to send back when the call is not to run. */
  private async ask(
    requestId: string,
    p: PreparedCall,
    card: ToolCard,
    signal: AbortSignal,
  ): Promise<ToolResultBlock | undefined> {
    this.post({ type: 'toolCall', requestId, card });
    const d = await this.waitFor(requestId, p.id, signal);
    if (d.decision === 'allow' || d.decision === 'allowChat') {
      if (d.decision === 'allowChat') this.approvals.allow(p);
      this.update(requestId, p.id, 'running');
      return undefined;
    }
    this.proposals.delete(p.id);
    if (d.decision === 'stopped') {
      this.update(requestId, p.id, 'stopped', vscode.l10n.t('Stopped before you decided.'));
      return stoppedBeforeDecision(p.id);
    }
    this.update(
      requestId,
      p.id,
      'denied',
      d.reason ? vscode.l10n.t('Denied: {0}', d.reason) : vscode.l10n.t('Denied'),
    );
    return deniedResult(p.id, d.reason);
  }

  private async runApproved(
    requestId: string,
    p: PreparedCall,
    run: { settings: ToolSettings; signal: AbortSignal; approvedBefore?: string },
  ): Promise<ToolResultBlock> {
    const outcome = await this.execute(requestId, p, run);
    this.proposals.delete(p.id);
    const state: ToolCardState = run.signal.aborted ? 'stopped' : outcome.isError ? 'failed' : 'done';
    this.update(requestId, p.id, state, resultSummary(p.tool, outcome));
    return toolResult(p.id, outcome.content, outcome.isError);
  }

  private async execute(
    requestId: string,
    call: PreparedCall,
    run: { settings: ToolSettings; signal: AbortSignal; approvedBefore?: string },
  ): Promise<ToolOutcome> {
    let pending = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      if (pending) this.post({ type: 'toolUpdate', requestId, callId: call.id, output: pending });
      pending = '';
    };
    const go = () =>
      runTool(call, {
        ...run,
        onOutput: (text) => {
          pending += text;
          timer ??= setTimeout(flush, OUTPUT_POST_MS);
        },
      });
    try {
      // What the call changes is captured first, so "Restore Checkpoint" can take it back.
      const checkpoint = this.checkpoint;
      if (checkpoint && (call.tool === 'edit_file' || call.tool === 'write_file')) {
        await checkpoint.beforeWrite(call.path.absolute);
        return await go();
      }
      if (checkpoint && call.tool === 'run_command') return await checkpoint.aroundCommand(call.command, go);
      return await go();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.log.error(`Tool ${call.tool} failed: ${message}`);
      return { content: `The tool failed: ${message}`, isError: true };
    } finally {
      if (timer) clearTimeout(timer);
      flush();
    }
  }

  private waitFor(requestId: string, callId: string, signal: AbortSignal): Promise<Decision> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve({ decision: 'stopped' });
      const onAbort = () => {
        this.waiting.delete(callId);
        resolve({ decision: 'stopped' });
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(callId, {
        requestId,
        resolve: (d) => {
          signal.removeEventListener('abort', onAbort);
          resolve(d);
        },
      });
    });
  }

  private async askGoOn(rounds: number): Promise<boolean> {
    const goOn = vscode.l10n.t('Go On');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Claude has used tools {0} times in this answer. Let it go on?', rounds),
      {
        modal: true,
        detail: vscode.l10n.t('The limit is the "{0}" setting.', 'claudeMessages.tools.maxRounds'),
      },
      goOn,
    );
    return choice === goOn;
  }

  private update(requestId: string, callId: string, state: ToolCardState, result?: string): void {
    this.post({ type: 'toolUpdate', requestId, callId, state, result });
  }

  dispose(): void {
    this.registration.dispose();
    for (const w of this.waiting.values()) w.resolve({ decision: 'stopped' });
    this.waiting.clear();
  }
}

/**
 * The card's closing line for an external call, like the built-in reads: an error's first line, else how much
 * went back to Claude (the card shows the input; the model gets the whole result).
 */
function externalSummary(block: ToolResultBlock): string {
  const parts = Array.isArray(block.content) ? block.content : [];
  const text = parts.map((p) => (p.type === 'text' ? p.text : '')).join('\n');
  const images = parts.filter((p) => p.type === 'image').length;
  if (block.is_error) {
    const first = text.split('\n')[0] ?? '';
    return first.length > 200 ? `${first.slice(0, 200)}…` : first;
  }
  const lines = text.trimEnd() === '' ? 0 : text.trimEnd().split('\n').length;
  const said = `${lines} ${lines === 1 ? 'line' : 'lines'}`;
  return images > 0
    ? `${said} and ${images} ${images === 1 ? 'image' : 'images'} returned to Claude`
    : `${said} returned to Claude`;
}

/** What the model should know to use the tools well: where it is working and how commands run. */
function toolContext(): string {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const names = folders.map((f) => f.name).join(', ');
  return [
    `You are working in the user's VS Code workspace${names ? ` (folders: ${names})` : ''}, through the tools offered.`,
    folders.length > 1
      ? 'Paths are relative to the first folder, or start with a folder name to pick another.'
      : 'Paths are relative to the workspace folder.',
    `Commands run in the user's shell (${vscode.env.shell || 'the default shell'}) on ${process.platform}; the user approves each call that changes anything or runs a command, and may deny it with a reason.`,
    'Read before you edit; prefer edit_file with an exact, unique old_string over rewriting whole files.',
  ].join(' ');
}

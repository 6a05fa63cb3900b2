// The host's side of the chat: the current conversation, one turn at a time, streamed to the webview as
// coalesced deltas and saved as it changes. The webview only shows and asks; everything it sends has been
// validated before it gets here.
import * as vscode from 'vscode';
import { Conversation } from '../../core/chat/conversation';
import { ConversationStore, loadNotice, type Fork } from '../../core/chat/conversationStore';
import type { TurnOutcome } from '../../core/chat/replyStream';
import { replyInfo, restoredTurns } from '../../core/chat/restoredTurns';
import { snapshotOf } from '../../core/chat/snapshot';
import { addQuestion } from '../../core/chat/question';
import { answerQuestion, continueTurn, type TurnContext } from '../../core/chat/turn';
import type { Question } from '../../core/chat/userTurn';
import { MessagesClient } from '../../core/messages/client';
import type { ContextUsage, HostMessage } from '../../shared/protocol';
import { resolveConnection, setupErrorText, type Connection } from '../connection/resolveConnection';
import { requestLogger, withContentLogging } from '../../core/messages/requestLog';
import { describeError } from '../../core/chat/errorText';
import { buildTurnRequest } from '../../core/chat/turnRequest';
import type { ContextKeeper } from '../../core/context/contextKeeper';
import { compactionView } from '../../core/context/contextState';
import { ContextKeepers } from './contextKeepers';
import { CurrentConversation } from './currentConversation';
import { ToolGate } from '../tools/toolGate';
import { externalSetup } from '../tools/externalSetup';
import type { ToolDecisionMessage } from '../../shared/toolProtocol';
import { CheckpointService } from './checkpointService';
/** While a reply streams, its partial text is saved this often, so a crash loses at most this much. */
const PARTIAL_SAVE_MS = 1500;

export class ChatSession implements vscode.Disposable {
  private conversation = new Conversation();
  private running: { requestId: string; abort: AbortController } | undefined;
  /** The request id the last reply is shown under: only that one can be continued. */
  private lastReplyId: string | undefined;
  readonly store: ConversationStore;
  private readonly current: CurrentConversation;
  private readonly gate: ToolGate;
  private readonly keepers: ContextKeepers;
  /** The meter's last reading and the conversation it belongs to (shown again when the view is re-created). */
  private usage: { conversation: string; usage: ContextUsage } | undefined;
  private readonly checkpoints: CheckpointService;
  private readonly busyChanged = new vscode.EventEmitter<boolean>();
  /** Fires true when a reply starts streaming and false when it ends (the status bar shows it). */
  readonly onDidChangeBusy = this.busyChanged.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly post: (message: HostMessage) => void,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.store = new ConversationStore(
      vscode.Uri.joinPath(context.globalStorageUri, 'conversations').fsPath,
      {
        onFork: (fork) => void this.forked(fork),
      },
    );
    // Temp files a crashed window left behind would pile up forever.
    void this.store
      .removeStaleTemps()
      .then((n) => n > 0 && log.info(`Removed ${n} stale temp file(s) from the conversation folder.`))
      .catch((e: unknown) => log.warn(`Could not clean the conversation folder: ${String(e)}`));
    this.current = new CurrentConversation(context);
    this.gate = new ToolGate(post, log, externalSetup(context, log).tools);
    this.keepers = new ContextKeepers(log);
    this.checkpoints = new CheckpointService({ storage: context.globalStorageUri, log, post });
  }

  decideTool(message: ToolDecisionMessage): void {
    this.gate.decide(message);
  }

  showToolDiff(callId: string): Promise<void> {
    return this.gate.showDiff(callId);
  }

  get conversationId(): string {
    return this.conversation.id;
  }

  /** Shows the conversation this workspace had open (after a reload or a crash). */
  async restoreCurrent(): Promise<void> {
    // A turn in progress belongs to the conversation on screen: show it, never swap it out mid-reply.
    if (this.running) return this.postRestore();
    const id = await this.current.get();
    this.log.info(`Restoring the conversation this workspace had open: ${id ?? 'none'}`);
    if (id && id !== this.conversation.id) await this.open(id);
    else if (this.conversation.messages.length > 0) this.postRestore();
  }

  async open(id: string): Promise<void> {
    // The conversation already on screen: nothing to load, and a reply still streaming into it goes on.
    if (id === this.conversation.id) return;
    this.stop();
    void this.store.close(this.conversation.id).catch(() => {});
    const loaded = await this.store.load(id);
    const { conversation } = loaded;
    const notice = loadNotice(loaded);
    if (loaded.droppedLines)
      this.log.warn(
        `Conversation ${id}: ${loaded.droppedLines} journal line(s) torn by a crash were dropped; the save before them was loaded.`,
      );
    if (notice) void vscode.window.showWarningMessage(notice);
    this.conversation = conversation ? new Conversation(conversation) : new Conversation();
    this.gate.resetChat();
    await this.current.set(conversation ? id : undefined);
    this.postRestore();
  }

  private postRestore(): void {
    const turns = restoredTurns(this.conversation);
    this.lastReplyId = turns[turns.length - 1]?.reply ? turns[turns.length - 1]?.requestId : undefined;
    const last = turns[turns.length - 1];
    const streamed = this.conversation.inProgress;
    if (this.running && last) {
      // The view came back while a turn runs: show it so far (cards as they stand now, waiting ones with their
      // buttons), under the id its next deltas carry.
      last.requestId = this.running.requestId;
      last.streaming = true;
      const parts = last.reply?.parts?.map((p) =>
        p.kind === 'tool' ? { kind: p.kind, card: this.gate.liveCard(p.card.callId) ?? p.card } : p,
      );
      if (parts && streamed) parts.push({ kind: 'text', text: streamed });
      last.reply = {
        text: (last.reply?.text ?? '') + (streamed ?? ''),
        info: { model: '', stopReason: null, canContinue: false },
        parts,
      };
    }
    this.post({ type: 'restore', title: this.conversation.title, turns });
    const usage = this.usage?.conversation === this.conversation.id ? this.usage.usage : undefined;
    this.post({ type: 'contextUsage', usage });
  }

  /**
   * Sends a question. `replaceTarget`: the editor action it came from, whose code the answer may replace. Returns
   * whether the question stayed in the conversation (false: refused, or failed with nothing back).
   */
  async send(send: {
    requestId: string;
    question: Question;
    replaceTarget?: string;
    /** Edit and resend: the earlier question this one replaces, with every turn after it. */
    replaceTurn?: number;
  }): Promise<boolean> {
    const { requestId, replaceTarget } = send;
    let question = send.question;
    if (send.replaceTurn !== undefined) {
      const cut = await this.cutForEdit(send.replaceTurn, question.text);
      if (!cut) return false;
      question = {
        text: question.text,
        images: [...cut.images, ...(question.images ?? [])],
        context: [...cut.context, ...(question.context ?? [])],
      };
    }
    const context = question.context ?? [];
    const attachments = context.length ? context.map((c) => ({ kind: c.kind, label: c.label })) : undefined;
    const outcome = await this.runExclusive(requestId, async (turnFor) => {
      const images = question.images?.length ?? 0;
      await this.current.set(this.conversation.id);
      // The question goes in (and on screen) first: listing the turn's tools may start MCP servers or ask to
      // approve one, which must not keep it off the screen. Its index names it (Restore Checkpoint, Edit).
      const undo = addQuestion(this.conversation, question);
      const at = this.conversation.lastQuestion();
      this.post({
        type: 'turnStart',
        requestId,
        text: question.text,
        images,
        replaceTarget,
        attachments,
        turn: at >= 0 ? at : undefined,
      });
      void this.save();
      let turn: TurnContext;
      try {
        turn = await turnFor();
      } catch (e) {
        undo();
        throw e;
      }
      return answerQuestion(this.conversation, { ...turn, undo });
    });
    return outcome !== undefined && (outcome.type !== 'error' || outcome.meta !== undefined);
  }

  async continueReply(requestId: string): Promise<void> {
    if (requestId !== this.lastReplyId || !this.conversation.canContinue) {
      this.post({
        type: 'notice',
        level: 'warning',
        text: vscode.l10n.t('Only the last reply can be continued.'),
      });
      return;
    }
    await this.runExclusive(requestId, async (turnFor) => {
      this.post({ type: 'continueStart', requestId });
      return continueTurn(this.conversation, await turnFor());
    });
  }

  /**
   * Runs one turn at a time, with the connection, tools and abort wiring every turn shares. `run` shows the turn
   * first and then asks for its context: listing the tools may start MCP servers (and ask to approve one), which
   * must not keep the question off the screen.
   */
  private async runExclusive(
    requestId: string,
    run: (turnFor: () => Promise<TurnContext>) => Promise<TurnOutcome>,
  ): Promise<TurnOutcome | undefined> {
    if (this.running) {
      this.post({
        type: 'notice',
        level: 'warning',
        text: vscode.l10n.t('Claude is still answering: stop it or wait.'),
      });
      return undefined;
    }
    const connection = await resolveConnection(this.context.secrets);
    if (!connection.ok) {
      this.post({
        type: 'notice',
        level: 'error',
        text: setupErrorText(connection),
      });
      return undefined;
    }
    const abort = new AbortController();
    this.running = { requestId, abort };
    this.busyChanged.fire(true);
    const client = withContentLogging(
      new MessagesClient({ ...connection.client, onLog: requestLogger(this.log, connection.client.baseUrl) }),
      this.log,
      connection.verbose ? connection.client.apiKey : false,
    );
    const saver = setInterval(() => void this.save(), PARTIAL_SAVE_MS);
    try {
      const context = this.contextFor(connection, client, requestId);
      const outcome = await run(async () => ({
        client,
        context,
        defaults: connection.turn,
        tools: await this.gate.forTurn(requestId, {
          signal: abort.signal,
          checkpoint: this.checkpoints.forTurn(this.conversation, () => void this.save()),
        }),
        onDelta: (d) =>
          this.post({ type: 'turnDelta', requestId, text: d.text, thinking: d.thinking || undefined }),
        signal: abort.signal,
      }));
      this.lastReplyId = requestId;
      const canContinue = this.conversation.canContinue;
      if (outcome.type === 'error') {
        this.post({
          type: 'turnError',
          requestId,
          kind: outcome.kind,
          message: outcome.message,
          retryable: outcome.retryable,
          info: outcome.meta ? replyInfo(outcome.meta, canContinue) : undefined,
        });
      } else {
        this.post({ type: 'turnEnd', requestId, info: replyInfo(outcome.meta, canContinue) });
      }
      return outcome;
    } finally {
      clearInterval(saver);
      this.running = undefined;
      this.busyChanged.fire(false);
      await this.save();
      const own = this.conversation.checkpoints[String(this.conversation.lastQuestion())];
      void this.checkpoints.prune(own ? [own] : []);
    }
  }

  /** "Restore Checkpoint" on the question at `turn`: every file tools changed since then goes back. */
  async restoreCheckpoint(turn: number): Promise<void> {
    if (this.idle() && this.conversation.isQuestion(turn))
      await this.checkpoints.restoreQuestion(this.conversation.checkpointsFrom(turn), turn);
  }

  /** "Undo Restore" (only of a restore made in this session). */
  async undoRestore(undoId: string): Promise<void> {
    if (this.idle()) await this.checkpoints.undoRestore(undoId);
  }

  /**
   * Edit and resend: takes the question at `turn` and everything after it out of the conversation, after offering
   * to restore the files tools changed since. Returns what the question carried besides its words, or undefined
   * when nothing is to be sent (the edit goes back to the composer).
   */
  private async cutForEdit(turn: number, text: string): Promise<ReturnType<Conversation['cutAt']>> {
    if (!this.idle()) return undefined;
    // Nothing is cut before the edited question can be sent: with no key or endpoint, the edit stays in the composer.
    const connection = await resolveConnection(this.context.secrets);
    if (!connection.ok) {
      this.post({ type: 'notice', level: 'error', text: setupErrorText(connection) });
      this.post({ type: 'editTurn', turn, text });
      return undefined;
    }
    if (!this.conversation.isQuestion(turn)) {
      this.post({
        type: 'notice',
        level: 'warning',
        text: vscode.l10n.t('That message is no longer in this conversation.'),
      });
      return undefined;
    }
    if (!(await this.checkpoints.offerBeforeEdit(this.conversation.checkpointsFrom(turn)))) {
      const attached = this.conversation.attachments[String(turn)]?.map((a) => a.label);
      this.post({ type: 'editTurn', turn, text, attachments: attached?.length ? attached : undefined });
      return undefined;
    }
    const cut = this.conversation.cutAt(turn);
    if (!cut) return undefined;
    this.lastReplyId = undefined;
    this.post({ type: 'truncate', turn });
    await this.save();
    return cut;
  }

  /** False (and the user told) while a reply runs: checkpoints and edits wait for it. */
  private idle(): boolean {
    if (!this.running) return true;
    this.post({
      type: 'notice',
      level: 'warning',
      text: vscode.l10n.t('Claude is still answering: stop it or wait.'),
    });
    return false;
  }

  private async save(): Promise<void> {
    if (this.conversation.messages.length === 0) return;
    try {
      await this.store.save(snapshotOf(this.conversation));
    } catch (e) {
      this.log.error(`Could not save the conversation: ${e instanceof Error ? e.message : String(e)}`);
      this.post({
        type: 'notice',
        level: 'error',
        text: 'Claude: the conversation could not be saved (see the log).',
      });
    }
  }

  /**
   * "Compact Conversation": what is sent from now on is compacted (old tool results cleared, older turns summarised),
   * whatever the size. The stored turns and the view stay as they are; a divider under the last reply says so.
   */
  async compact(): Promise<void> {
    if (this.running) {
      this.post({ type: 'notice', level: 'warning', text: 'Claude is still answering: stop it or wait.' });
      return;
    }
    if (this.conversation.messages.length < 2 || !this.lastReplyId) {
      this.post({ type: 'notice', level: 'info', text: vscode.l10n.t('There is nothing to compact yet.') });
      return;
    }
    const connection = await resolveConnection(this.context.secrets);
    if (!connection.ok) {
      this.post({ type: 'notice', level: 'error', text: setupErrorText(connection) });
      return;
    }
    const requestId = this.lastReplyId;
    const abort = new AbortController();
    this.running = { requestId, abort };
    this.busyChanged.fire(true);
    const client = new MessagesClient({
      ...connection.client,
      onLog: requestLogger(this.log, connection.client.baseUrl),
    });
    const before = this.conversation.compactions.length;
    try {
      await this.contextFor(connection, client, requestId).fit(this.conversation, {
        build: (messages) => buildTurnRequest(messages, connection.turn),
        signal: abort.signal,
        reason: 'manual',
      });
      if (this.conversation.compactions.length === before)
        this.post({
          type: 'notice',
          level: 'info',
          text: vscode.l10n.t('The conversation is already as short as it can be sent.'),
        });
    } catch (e) {
      this.log.error(`Could not compact the conversation: ${e instanceof Error ? e.message : String(e)}`);
      this.post({
        type: 'notice',
        level: 'error',
        text: vscode.l10n.t('The conversation could not be compacted: {0}', describeError(e).message),
      });
    } finally {
      this.running = undefined;
      this.busyChanged.fire(false);
      await this.save();
    }
  }

  /**
   * The context keeper for a request of this conversation: compactions show as a divider under `requestId`'s reply
   * (and are saved), each request's usage moves the meter.
   */
  private contextFor(
    connection: Extract<Connection, { ok: true }>,
    client: MessagesClient,
    requestId: string,
  ): ContextKeeper {
    return this.keepers.for({
      profile: connection.profile,
      client,
      canCount: connection.client.apiFormat === 'messages',
      betas: connection.client.anthropicBeta,
      turn: connection.turn,
      onCompacted: (c) => {
        this.post({ type: 'compacted', requestId, compaction: compactionView(c) });
        void this.save();
      },
      onUsage: (usage) => {
        this.usage = { conversation: this.conversation.id, usage };
        this.post({ type: 'contextUsage', usage });
      },
    });
  }

  /** The conversation as it stands, for export. */
  snapshot() {
    return snapshotOf(this.conversation);
  }

  stop(requestId?: string): void {
    if (this.running && (requestId === undefined || this.running.requestId === requestId))
      this.running.abort.abort();
  }

  async clear(): Promise<void> {
    this.stop();
    void this.store.close(this.conversation.id).catch(() => {});
    this.conversation = new Conversation();
    this.gate.resetChat();
    this.lastReplyId = undefined;
    this.post({ type: 'contextUsage' });
    await this.current.set(undefined);
  }

  /**
   * Renames a stored conversation. The one on screen keeps streaming: its own snapshots carry the new title from
   * now on, and the store applies it in the same queue as the saves, so no newer snapshot is written over.
   */
  async rename(id: string, title: string): Promise<void> {
    if (title.trim() === '') return;
    if (id === this.conversation.id) this.conversation.title = title.trim();
    await this.store.rename(id, title);
  }

  /**
   * Another window added turns to this conversation too: the store kept theirs and saved ours in a copy, which this
   * window goes on with (docs/architecture.md, "Two windows on one conversation").
   */
  private async forked(fork: Fork): Promise<void> {
    if (this.conversation.id !== fork.from) return;
    this.conversation.continueAs(fork.id, fork.title);
    this.log.warn(
      `Conversation ${fork.from} was changed in another window; this window continues in ${fork.id}.`,
    );
    this.post({
      type: 'notice',
      level: 'warning',
      text: vscode.l10n.t(
        'This conversation was also changed in another window. Nothing was lost: the other window\'s turns stay in the original, and this window continues in a copy, "{0}".',
        fork.title,
      ),
    });
    await this.current.set(fork.id);
  }

  /** Called when the stored conversation was deleted from the history. */
  async forget(id: string): Promise<void> {
    if (id === this.conversation.id) {
      await this.clear();
      this.post({ type: 'clear' });
    }
  }

  dispose(): void {
    this.stop();
    void this.store.close(this.conversation.id).catch(() => {});
    this.gate.dispose();
    this.busyChanged.dispose();
  }
}

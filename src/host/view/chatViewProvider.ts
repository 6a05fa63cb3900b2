// The sidebar view: owns the webview, waits for its "ready" before posting (posts sent earlier are lost),
// and validates everything it receives. The webview's content is destroyed whenever the view is hidden (we do
// not retain it: docs/performance.md) and rebuilt, saying "ready" again, when it is shown; posts in between
// would be dropped by VS Code, so they wait too.
import * as vscode from 'vscode';
import {
  PROTOCOL_VERSION,
  parseWebviewMessage,
  type HostMessage,
  type WebviewMessage,
} from '../../shared/protocol';
import { renderWebviewHtml, type PageLanguage } from './webviewHtml';
import { readSetupState } from './setupState';
import { affectsNetwork } from '../net/networkAccess';
import { ChatSession } from '../chat/chatSession';
import { codeAction, newFileWith, openLink } from './codeActions';
import { PendingContext, toBlocks } from '../../core/editor/pendingContext';
import { ComposerService } from '../composer/composerService';

export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'claudeMessages.chat';

  private view: vscode.WebviewView | undefined;
  private ready = false;
  /** Messages posted before the webview said "ready" would be lost; they wait here and go after `init`. */
  private queued: HostMessage[] = [];
  private readyWaiters: (() => void)[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly postObservers = new Set<(message: HostMessage) => void>();
  private readonly session: ChatSession;
  /** What is attached to the next message; every change re-posts the chips. */
  readonly pending = new PendingContext(() => this.post({ type: 'context', items: this.pending.chips() }));
  private readonly composer: ComposerService;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    private readonly replaceSelection: (requestId: string, code: string) => Promise<void> = async () => {},
  ) {
    this.session = new ChatSession(context, (m) => this.post(m), log);
    this.composer = new ComposerService({ context, log, pending: this.pending, post: (m) => this.post(m) });
    this.disposables.push(
      this.session,
      this.composer,
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('claudeMessages') || affectsNetwork(e)) void this.refreshSetup();
      }),
      context.secrets.onDidChange(() => void this.refreshSetup()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    // A re-created webview starts from `init`; queued messages still apply to it.
    const assets = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [assets] };
    view.webview.html = renderWebviewHtml(view.webview, assets, pageLanguage());
    view.webview.onDidReceiveMessage((raw) => void this.receive(raw), undefined, this.disposables);
    view.onDidChangeVisibility(
      () => {
        // Hidden: VS Code releases the content, and anything posted now is lost; shown again, the new content
        // says "ready" and gets the conversation and whatever waited. VS Code would rebuild it from the same
        // HTML, so the page is rendered anew now, while nothing shows it: each document gets its own nonce
        // (docs/threat-model.md, W3), at no cost to the user.
        if (view.visible) return;
        this.ready = false;
        view.webview.html = renderWebviewHtml(view.webview, assets, pageLanguage());
      },
      undefined,
      this.disposables,
    );
    view.onDidDispose(
      () => {
        this.view = undefined;
        this.ready = false;
      },
      undefined,
      this.disposables,
    );
  }

  /** Shows the view (opening the sidebar) and starts a fresh conversation. */
  async newChat(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
    await this.session.clear();
    this.post({ type: 'clear' });
  }

  get chat(): ChatSession {
    return this.session;
  }

  async reveal(): Promise<void> {
    await vscode.commands.executeCommand(`${ChatViewProvider.viewId}.focus`);
  }

  /** Shows the view and waits until its webview has said "ready" (and been sent the conversation). */
  async revealReady(timeoutMs = 15_000): Promise<void> {
    const ready = this.ready
      ? Promise.resolve()
      : new Promise<void>((resolve) => this.readyWaiters.push(resolve));
    await this.reveal();
    await Promise.race([ready, new Promise((r) => setTimeout(r, timeoutMs))]);
  }

  stop(): void {
    this.session.stop();
  }

  /** Shows the view and puts the caret in its message box. */
  async focusComposer(): Promise<void> {
    await this.revealReady();
    this.post({ type: 'focusComposer' });
  }

  /** Image files read by the host go to the composer, which scales them like pasted ones. */
  async attachImages(images: Extract<HostMessage, { type: 'attachImages' }>['images']): Promise<void> {
    await this.revealReady();
    this.post({ type: 'attachImages', images });
  }

  /** Everything the webview posts comes in here, untrusted: parsed, then handled (docs/threat-model.md, W5). */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`Dropped a webview message: ${parsed.reason}`);
      return;
    }
    try {
      await this.handle(parsed.message);
    } catch (e) {
      // A failing handler must never fail silently: the user sees it, the log keeps the detail.
      const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
      this.log.error(`Handling "${parsed.message.type}" failed: ${detail}`);
      this.post({
        type: 'notice',
        level: 'error',
        text: vscode.l10n.t(
          'Claude: something went wrong ({0}). See the "Claude Messages" log.',
          e instanceof Error ? e.message : String(e),
        ),
      });
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready': {
        const setup = await readSetupState(this.context.secrets);
        this.ready = true;
        this.post({ type: 'init', protocol: PROTOCOL_VERSION, setup });
        // A re-created view (or a reloaded window) shows the conversation this workspace had open.
        await this.session.restoreCurrent();
        for (const m of this.queued.splice(0)) this.post(m);
        this.post({ type: 'context', items: this.pending.chips() });
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        return;
      }
      case 'newChat':
        await this.session.clear();
        this.post({ type: 'clear' });
        return;
      case 'continue':
        await this.session.continueReply(message.requestId);
        return;
      case 'showHistory':
        await vscode.commands.executeCommand('claudeMessages.showHistory');
        return;
      case 'replaceSelection':
        await this.replaceSelection(message.requestId, message.code);
        return;
      case 'selectModel':
        await vscode.commands.executeCommand('claudeMessages.selectModel');
        return;
      case 'stop':
        this.session.stop(message.requestId);
        return;
      case 'codeAction':
        if (message.action === 'newFile') await newFileWith(message.code, message.language);
        else await codeAction(message.action, message.code);
        return;
      case 'openLink':
        await openLink(message.href);
        return;
      case 'runCommand':
        await vscode.commands.executeCommand(commandFor[message.command]);
        return;
      case 'removeContext':
        this.pending.remove(message.id);
        return;
      case 'send': {
        const taken = this.pending.take(message.context ?? []);
        // A `/` command acts, or becomes the text (and code) it stands for.
        const prepared = await this.composer.prepare(message.text, toBlocks(taken));
        if (prepared.kind !== 'send') {
          if (prepared.kind === 'refused')
            this.post({ type: 'notice', level: 'warning', text: prepared.message });
          this.pending.restore(taken);
          return;
        }
        const kept = await this.session.send({
          requestId: message.requestId,
          question: { text: prepared.text, images: message.images, context: prepared.context },
          replaceTurn: message.replaceTurn,
        });
        // Not sent (or failed with nothing back): the chips come back, so Retry or Send can use them again.
        if (!kept) this.pending.restore(taken);
        return;
      }
      case 'suggest':
        await this.composer.suggest(message);
        return;
      case 'pickMention':
        await this.composer.pick(message.mention);
        return;
      case 'dropFiles':
        await this.composer.drop(message.uris);
        return;
      case 'toolDecision':
        this.session.decideTool(message);
        return;
      case 'restoreCheckpoint':
        await this.session.restoreCheckpoint(message.turn);
        return;
      case 'undoRestore':
        await this.session.undoRestore(message.undoId);
        return;
      case 'toolShowDiff':
        await this.session.showToolDiff(message.callId);
        return;
    }
  }

  private async refreshSetup(): Promise<void> {
    if (this.ready) this.post({ type: 'setupChanged', setup: await readSetupState(this.context.secrets) });
  }

  /** Calls `listener` with every message the host posts to the view (for the integration suites' seam). */
  observePosts(listener: (message: HostMessage) => void): vscode.Disposable {
    this.postObservers.add(listener);
    return { dispose: () => this.postObservers.delete(listener) };
  }

  private post(message: HostMessage): void {
    for (const observe of this.postObservers) observe(message);
    if (!this.view || !this.ready) {
      // What the conversation looks like is sent whole when the view comes back (`restore`, with any reply
      // still streaming), so only what happens after that snapshot is worth keeping.
      if (!SNAPSHOT_COVERS.has(message.type) && this.queued.length < 100) this.queued.push(message);
      return;
    }
    void this.view.webview.postMessage(message);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

const SNAPSHOT_COVERS = new Set<HostMessage['type']>([
  'toolCall',
  'toolUpdate',
  'setupChanged',
  'turnStart',
  'turnDelta',
  'continueStart',
  'restore',
  'context',
  // Answers to a view that is gone: the new one asks again.
  'suggestions',
]);

const commandFor: Record<Extract<WebviewMessage, { type: 'runCommand' }>['command'], string> = {
  setApiKey: 'claudeMessages.setApiKey',
  openSettings: 'claudeMessages.openSettings',
  selectEndpoint: 'claudeMessages.selectEndpoint',
  addEndpoint: 'claudeMessages.addEndpoint',
  testConnection: 'claudeMessages.testConnection',
};

/** The webview speaks VS Code's display language: its translations come from the host's bundle. */
function pageLanguage(): PageLanguage {
  return { language: vscode.env.language, bundle: vscode.l10n.bundle };
}

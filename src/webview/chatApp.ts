// The chat UI: toolbar, transcript, notices and composer, wired to the host through a messenger. Builds everything,
// then tells the host it is ready (the host posts nothing before that).
import {
  PROTOCOL_VERSION,
  type HostMessage,
  type ImageAttachment,
  type SetupState,
} from '../shared/protocol';
import { createComposer } from './composer';
import { ContextMeter } from './contextMeter';
import { h, icon } from './dom';
import type { HostMessenger } from './hostMessenger';
import { Transcript } from './transcript';
import { l10n } from './l10n';

export function startChatApp(root: HTMLElement, host: HostMessenger): void {
  let setup: SetupState | undefined;
  /** The request id of the turn streaming now: Stop and tool decisions name it. */
  let streaming: string | undefined;

  const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': l10n.t('Chat') });
  const button = (label: string, codicon: string, message: Parameters<HostMessenger['post']>[0]) => {
    const b = h(
      'button',
      { type: 'button', class: 'icon-button', 'aria-label': label, title: label },
      icon(codicon),
    );
    b.addEventListener('click', () => host.post(message));
    return b;
  };
  const modelButton = h('button', { type: 'button', class: 'model-button', title: l10n.t('Select Model') });
  modelButton.addEventListener('click', () => host.post({ type: 'selectModel' }));
  const meter = new ContextMeter();
  toolbar.append(
    meter.element,
    modelButton,
    button(l10n.t('Chat History'), 'history', { type: 'showHistory' }),
    button(l10n.t('New Chat'), 'add', { type: 'newChat' }),
  );

  const send = (text: string, images: ImageAttachment[] = [], context: string[] = [], replaceTurn?: number) =>
    host.post({
      type: 'send',
      requestId: crypto.randomUUID(),
      text,
      images: images.length ? images : undefined,
      context: context.length ? context : undefined,
      replaceTurn,
    });
  const transcript = new Transcript({
    post: (m) => host.post(m),
    // Retry: a question that failed with nothing back got its context chips back, and takes them again.
    resend: (text) => send(text, [], composer.takeContext()),
    decide: (callId, decision, reason) => {
      if (streaming) host.post({ type: 'toolDecision', requestId: streaming, callId, decision, reason });
    },
    edit: (turn, text, attachments) => composer.edit(turn, text, attachments),
    focusAfterJump: () => composer.focus(),
  });
  const notices = h('div', { class: 'notices', role: 'status' });
  // Persistent while certificate checks are off (user settings): not a notice a new turn clears (K7).
  const tlsWarning = h('div', { class: 'security-warning', role: 'status', hidden: true });
  const showNotice = (level: 'info' | 'warning' | 'error', text: string) =>
    notices.replaceChildren(h('div', { class: `notice ${level}` }, text));
  const composer = createComposer({
    onSend: send,
    onStop: () => {
      if (streaming) host.post({ type: 'stop', requestId: streaming });
    },
    onProblem: (text) => showNotice('warning', text),
    onRemoveContext: (id) => host.post({ type: 'removeContext', id }),
    onSuggest: (seq, trigger, query) => host.post({ type: 'suggest', seq, trigger, query }),
    onPickMention: (mention) => host.post({ type: 'pickMention', mention }),
    onDropFiles: (uris) => host.post({ type: 'dropFiles', uris }),
    history: {
      load: () => sentOf(host.getState()),
      save: (entries) => host.setState({ ...stateObject(host.getState()), sent: entries }),
    },
  });

  const applySetup = () => {
    const off = setup?.certificateChecksOff === true;
    tlsWarning.hidden = !off;
    tlsWarning.replaceChildren(
      ...(off
        ? [
            icon('warning'),
            ' ' +
              l10n.t(
                'TLS certificate checks are off (claudeMessages.tls.rejectUnauthorized in your user settings): anything between you and the endpoint can read your key and conversation.',
              ),
          ]
        : []),
    );
    const model = setup?.model || l10n.t('no model');
    modelButton.replaceChildren(icon('symbol-class'), ` ${model}`, icon('chevron-down'));
    modelButton.setAttribute('aria-label', l10n.t('Model: {0}. Select Model', model));
    transcript.showWelcome(setup);
    composer.setEnabled(
      setup?.ready ?? false,
      setup && !setup.ready ? l10n.t('Finish the setup above to start chatting.') : undefined,
    );
  };
  const startStreaming = (requestId: string) => {
    notices.replaceChildren();
    streaming = requestId;
    composer.setBusy(true);
  };
  const turnFinished = (requestId: string) => {
    if (streaming === requestId) streaming = undefined;
    composer.setBusy(false);
  };
  /**
   * Focusing the view (its command, or New Chat) focuses our frame but no element in it; like VS Code's own chat,
   * the composer is then where typing goes. The frame may gain focus before or after our script runs.
   */
  const claimFocusIfIdle = () => {
    if (document.hasFocus() && (!document.activeElement || document.activeElement === document.body)) {
      composer.focus();
    }
  };

  const handle = (message: HostMessage): void => {
    switch (message.type) {
      case 'init':
      case 'setupChanged':
        setup = message.setup;
        applySetup();
        claimFocusIfIdle();
        return;
      case 'clear':
        notices.replaceChildren();
        transcript.clear(setup);
        composer.focus();
        return;
      case 'notice':
        showNotice(message.level, message.text);
        return;
      case 'turnStart':
        startStreaming(message.requestId);
        transcript.startTurn(message);
        return;
      case 'turnDelta':
        transcript.delta(message.requestId, message.text, message.thinking);
        return;
      case 'turnEnd':
        transcript.end(message.requestId, message.info);
        turnFinished(message.requestId);
        return;
      case 'turnError':
        transcript.error(message.requestId, message.message, message.info);
        turnFinished(message.requestId);
        return;
      case 'continueStart':
        startStreaming(message.requestId);
        transcript.reopen(message.requestId);
        return;
      case 'toolCall':
        transcript.toolCall(message.requestId, message.card);
        return;
      case 'toolUpdate':
        transcript.toolUpdate(message);
        return;
      case 'contextUsage':
        meter.show(message.usage);
        return;
      case 'compacted':
        transcript.compacted(message.requestId, message.compaction);
        return;
      case 'context':
        composer.setContext(message.items);
        return;
      case 'attachImages':
        void composer.addImages(message.images.map(imageFile));
        return;
      case 'suggestions':
        composer.showSuggestions(message.seq, message.items, message.note);
        return;
      case 'focusComposer':
        composer.focus();
        return;
      case 'checkpointRestored':
        transcript.checkpointRestored(message.turn, message.undoId);
        return;
      case 'restoreUndone':
        transcript.restoreUndone(message.undoId);
        return;
      case 'truncate':
        transcript.truncate(message.turn);
        return;
      case 'editTurn':
        composer.edit(message.turn, message.text, message.attachments ?? []);
        return;
      case 'restore': {
        notices.replaceChildren();
        transcript.restore(message.turns, setup);
        const live = message.turns.find((t) => t.streaming);
        streaming = live?.requestId;
        composer.setBusy(live !== undefined);
        return;
      }
    }
  };

  root.append(toolbar, tlsWarning, transcript.frame, notices, composer.element);
  applySetup();
  host.onMessage(handle);
  window.addEventListener('focus', () => setTimeout(claimFocusIfIdle, 0));
  host.post({ type: 'ready', protocol: PROTOCOL_VERSION });
}

function stateObject(state: unknown): Record<string, unknown> {
  return typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
}

/** The sent messages Up recalls, from the webview's state (which a bug or an old version may have shaped otherwise). */
function sentOf(state: unknown): string[] {
  const sent = stateObject(state).sent;
  return Array.isArray(sent) ? sent.filter((s): s is string => typeof s === 'string') : [];
}

/** An image the host read, as the File the composer's paste and drop path takes. */
function imageFile(image: { name: string; mediaType: string; data: string }): File {
  const binary = atob(image.data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new File([bytes], image.name, { type: image.mediaType });
}

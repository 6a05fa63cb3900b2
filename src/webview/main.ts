// Webview entry: builds the chat UI, then tells the host it is ready (the host posts nothing before that).
import {
  PROTOCOL_VERSION,
  parseHostMessage,
  type HostMessage,
  type ImageAttachment,
  type SetupState,
} from '../shared/protocol';
import { h, icon } from './dom';
import { createComposer } from './composer';
import { Transcript } from './transcript';
import { postToHost } from './vscodeApi';

const app = document.getElementById('app');
if (!app) throw new Error('missing #app');

let setup: SetupState | undefined;
let streaming: string | undefined;

const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chat' });
const newChat = h(
  'button',
  { type: 'button', class: 'icon-button', 'aria-label': 'New Chat', title: 'New Chat' },
  icon('add'),
);
newChat.addEventListener('click', () => postToHost({ type: 'newChat' }));
const history = h(
  'button',
  { type: 'button', class: 'icon-button', 'aria-label': 'Chat History', title: 'Chat History' },
  icon('history'),
);
history.addEventListener('click', () => postToHost({ type: 'showHistory' }));
const modelButton = h('button', { type: 'button', class: 'model-button', title: 'Select Model' });
modelButton.addEventListener('click', () => postToHost({ type: 'selectModel' }));
toolbar.append(modelButton, history, newChat);

const send = (text: string, images: ImageAttachment[] = [], context: string[] = []) =>
  postToHost({
    type: 'send',
    requestId: crypto.randomUUID(),
    text,
    images: images.length ? images : undefined,
    context: context.length ? context : undefined,
  });
const transcript = new Transcript(
  // Retry: a question that failed with nothing back got its context chips back, and takes them again.
  (text) => send(text, [], composer.takeContext()),
  (requestId) => postToHost({ type: 'continue', requestId }),
  (requestId, code) => postToHost({ type: 'replaceSelection', requestId, code }),
  {
    decide: (callId, decision, reason) => {
      if (streaming) postToHost({ type: 'toolDecision', requestId: streaming, callId, decision, reason });
    },
    showDiff: (callId) => postToHost({ type: 'toolShowDiff', callId }),
  },
);
const notices = h('div', { class: 'notices', role: 'status' });
const showNotice = (level: 'info' | 'warning' | 'error', text: string) =>
  notices.replaceChildren(h('div', { class: `notice ${level}` }, text));
const composer = createComposer(
  send,
  () => {
    if (streaming) postToHost({ type: 'stop', requestId: streaming });
  },
  (text) => showNotice('warning', text),
  (id) => postToHost({ type: 'removeContext', id }),
);

app.append(toolbar, transcript.element, notices, composer.element);
applySetup();

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    console.warn('claude-messages: ignored a host message:', parsed.reason);
    return;
  }
  handle(parsed.message);
});

function handle(message: HostMessage): void {
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
      notices.replaceChildren();
      streaming = message.requestId;
      composer.setBusy(true);
      transcript.startTurn(
        message.requestId,
        message.text,
        message.images,
        undefined,
        message.replaceTarget,
        message.attachments,
      );
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
      notices.replaceChildren();
      streaming = message.requestId;
      composer.setBusy(true);
      transcript.reopen(message.requestId);
      return;
    case 'toolCall':
      transcript.toolCall(message.requestId, message.card);
      return;
    case 'toolUpdate':
      transcript.toolUpdate(message.requestId, message.callId, message.state, message.output, message.result);
      return;
    case 'context':
      composer.setContext(message.items);
      return;
    case 'attachImages':
      void composer.addImages(message.images.map(imageFile));
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
}

/** An image the host read, as the File the composer's paste and drop path takes. */
function imageFile(image: { name: string; mediaType: string; data: string }): File {
  const binary = atob(image.data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new File([bytes], image.name, { type: image.mediaType });
}

function turnFinished(requestId: string): void {
  if (streaming === requestId) streaming = undefined;
  composer.setBusy(false);
}

function applySetup(): void {
  const model = setup?.model || 'no model';
  modelButton.replaceChildren(icon('symbol-class'), ` ${model}`, icon('chevron-down'));
  modelButton.setAttribute('aria-label', `Model: ${model}. Select Model`);
  transcript.showWelcome(setup);
  composer.setEnabled(
    setup?.ready ?? false,
    setup && !setup.ready ? 'Finish the setup above to start chatting.' : undefined,
  );
}

/**
 * Focusing the view (its command, or New Chat) focuses our frame but no element in it; like VS Code's
 * own chat, the composer is then where typing goes. The frame may gain focus before or after our script runs.
 */
function claimFocusIfIdle(): void {
  if (document.hasFocus() && (!document.activeElement || document.activeElement === document.body)) {
    composer.focus();
  }
}
window.addEventListener('focus', () => setTimeout(claimFocusIfIdle, 0));

postToHost({ type: 'ready', protocol: PROTOCOL_VERSION });

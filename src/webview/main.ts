// Webview entry: builds the chat UI, then tells the host it is ready (the host posts nothing before that).
import { PROTOCOL_VERSION, parseHostMessage, type HostMessage, type SetupState } from '../shared/protocol';
import { h, icon } from './dom';
import { createComposer } from './composer';
import { renderWelcome } from './welcome';
import { postToHost } from './vscodeApi';

const app = document.getElementById('app');
if (!app) throw new Error('missing #app');

let setup: SetupState | undefined;

const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chat' });
const newChat = h(
  'button',
  { type: 'button', class: 'icon-button', 'aria-label': 'New Chat', title: 'New Chat' },
  icon('add'),
);
newChat.addEventListener('click', () => postToHost({ type: 'newChat' }));
toolbar.append(newChat);

const transcript = h('main', { class: 'transcript', 'aria-label': 'Conversation', 'aria-live': 'polite' });
const notices = h('div', { class: 'notices', role: 'status' });
const composer = createComposer((text) => {
  postToHost({ type: 'send', requestId: crypto.randomUUID(), text });
});

app.append(toolbar, transcript, notices, composer.element);
renderTranscript();

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
      renderTranscript();
      claimFocusIfIdle();
      return;
    case 'clear':
      notices.replaceChildren();
      renderTranscript();
      focusComposerSoon();
      return;
    case 'notice':
      notices.replaceChildren(h('div', { class: `notice ${message.level}` }, message.text));
      return;
  }
}

/**
 * Focusing the view (its command, or New Chat) focuses our frame but no element in it; like VS Code's
 * own chat, the composer is then where typing goes. The frame may gain focus before or after our message.
 */
function focusComposerSoon(): void {
  composer.focus();
}
function claimFocusIfIdle(): void {
  if (document.hasFocus() && (!document.activeElement || document.activeElement === document.body)) {
    composer.focus();
  }
}
window.addEventListener('focus', () => setTimeout(claimFocusIfIdle, 0));

function renderTranscript(): void {
  transcript.replaceChildren(renderWelcome(setup));
  composer.setEnabled(
    setup?.ready ?? false,
    setup && !setup.ready ? 'Finish the setup above to start chatting.' : undefined,
  );
}

postToHost({ type: 'ready', protocol: PROTOCOL_VERSION });

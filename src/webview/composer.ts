// The composer: a multiline textbox named "Message Claude"; Enter sends, Shift+Enter adds a line.
// While a reply streams, Send gives way to Stop.
import { h, icon } from './dom';

export interface Composer {
  element: HTMLElement;
  setEnabled(enabled: boolean, reason?: string): void;
  setBusy(busy: boolean): void;
  focus(): void;
}

export function createComposer(onSend: (text: string) => void, onStop: () => void): Composer {
  const input = h('textarea', {
    class: 'composer-input',
    rows: '3',
    'aria-label': 'Message Claude',
    placeholder: 'Message Claude (Enter to send, Shift+Enter for a new line)',
  });
  const send = h(
    'button',
    { type: 'button', class: 'primary', 'aria-label': 'Send', title: 'Send (Enter)' },
    icon('send'),
    ' Send',
  );
  const stop = h(
    'button',
    { type: 'button', class: 'secondary', 'aria-label': 'Stop', title: 'Stop the reply', hidden: true },
    icon('debug-stop'),
    ' Stop',
  );
  const hint = h('div', { class: 'composer-hint muted', 'aria-live': 'polite' });
  let enabled = true;
  let busy = false;

  const submit = () => {
    const text = input.value.trim();
    if (!enabled || busy || text === '') return;
    onSend(text);
    input.value = '';
  };
  send.addEventListener('click', submit);
  stop.addEventListener('click', onStop);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape' && busy) {
      onStop();
    }
  });

  const element = h(
    'form',
    { class: 'composer', 'aria-label': 'Composer' },
    input,
    h('div', { class: 'composer-actions' }, hint, stop, send),
  );
  element.addEventListener('submit', (e) => e.preventDefault());
  return {
    element,
    setEnabled(on, reason) {
      enabled = on;
      send.disabled = !on;
      hint.textContent = on ? '' : (reason ?? '');
    },
    setBusy(on) {
      busy = on;
      stop.hidden = !on;
      send.hidden = on;
    },
    focus: () => input.focus(),
  };
}

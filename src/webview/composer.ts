// The composer: a multiline textbox named "Message Claude"; Enter sends, Shift+Enter adds a line.
import { h, icon } from './dom';

export interface Composer {
  element: HTMLElement;
  setEnabled(enabled: boolean, reason?: string): void;
  focus(): void;
}

export function createComposer(onSend: (text: string) => void): Composer {
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
  const hint = h('div', { class: 'composer-hint muted', 'aria-live': 'polite' });
  let enabled = true;

  const submit = () => {
    const text = input.value.trim();
    if (!enabled || text === '') return;
    onSend(text);
    input.value = '';
  };
  send.addEventListener('click', submit);
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });

  const element = h(
    'form',
    { class: 'composer', 'aria-label': 'Composer' },
    input,
    h('div', { class: 'composer-actions' }, hint, send),
  );
  element.addEventListener('submit', (e) => e.preventDefault());
  return {
    element,
    setEnabled(on, reason) {
      enabled = on;
      send.disabled = !on;
      hint.textContent = on ? '' : (reason ?? '');
    },
    focus: () => input.focus(),
  };
}

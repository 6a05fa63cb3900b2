// The composer: a multiline textbox named "Message Claude"; Enter sends, Shift+Enter adds a line.
// While a reply streams, Send gives way to Stop.
import { IMAGE_MEDIA_TYPES } from '../shared/fields';
import type { ContextChip, ImageAttachment } from '../shared/protocol';
import { createAttachments } from './attachments';
import { createContextChips } from './contextChips';
import { h, icon } from './dom';

export interface Composer {
  element: HTMLElement;
  setEnabled(enabled: boolean, reason?: string): void;
  setBusy(busy: boolean): void;
  focus(): void;
  /** The context chips the host holds for the next message. */
  setContext(items: ContextChip[]): void;
  /** Ids of the chips still attached (for Retry, which resends a question with its context). */
  takeContext(): string[];
  /** Images read by the host, scaled like pasted ones. */
  addImages(files: File[]): Promise<void>;
}

export interface ComposerOptions {
  onSend: (text: string, images: ImageAttachment[], context: string[]) => void;
  onStop: () => void;
  /** A problem with what the user tried to attach (type, size, count). */
  onProblem: (text: string) => void;
  onRemoveContext: (id: string) => void;
}

export function createComposer({ onSend, onStop, onProblem, onRemoveContext }: ComposerOptions): Composer {
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
  const attachments = createAttachments(onProblem);
  const chips = createContextChips(onRemoveContext);
  const picker = h('input', {
    type: 'file',
    accept: IMAGE_MEDIA_TYPES.join(','),
    multiple: true,
    hidden: true,
  });
  const attach = h(
    'button',
    {
      type: 'button',
      class: 'icon-button',
      'aria-label': 'Attach Image',
      title: 'Attach images (or paste or drop them)',
    },
    icon('file-media'),
  );
  attach.addEventListener('click', () => picker.click());
  picker.addEventListener('change', () => {
    void attachments.add(picker.files ?? []);
    picker.value = '';
  });
  let enabled = true;
  let busy = false;

  const submit = () => {
    const text = input.value.trim();
    if (!enabled || busy || (text === '' && attachments.count === 0 && chips.count === 0)) return;
    onSend(text, attachments.take(), chips.take());
    input.value = '';
  };
  send.addEventListener('click', submit);
  stop.addEventListener('click', onStop);
  input.addEventListener('paste', (e) => {
    const files = [...(e.clipboardData?.files ?? [])];
    if (files.length === 0) return; // plain text pastes as usual
    e.preventDefault();
    void attachments.add(files);
  });
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
    chips.element,
    attachments.element,
    input,
    h('div', { class: 'composer-actions' }, attach, picker, hint, stop, send),
  );
  element.addEventListener('submit', (e) => e.preventDefault());
  element.addEventListener('dragover', (e) => {
    if (e.dataTransfer?.types.includes('Files')) {
      e.preventDefault();
      element.classList.add('drop-target');
    }
  });
  element.addEventListener('dragleave', () => element.classList.remove('drop-target'));
  element.addEventListener('drop', (e) => {
    element.classList.remove('drop-target');
    const files = [...(e.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    e.preventDefault();
    void attachments.add(files);
  });
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
    setContext: (items) => chips.set(items),
    takeContext: () => chips.take(),
    addImages: (files) => attachments.add(files),
  };
}

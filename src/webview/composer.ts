// The composer: a multiline textbox named "Message Claude"; Enter sends, Shift+Enter adds a line. `@` and `/` open
// the suggestion list (suggestInput.ts), Up in an empty box recalls what was sent (sentHistory.ts), files dropped
// from the explorer or an editor tab are attached. While a reply streams, Send gives way to Stop.
import type { Suggestion } from '../shared/composerProtocol';
import { IMAGE_MEDIA_TYPES } from '../shared/fields';
import { mentionText, type Mention } from '../shared/mentions';
import type { ContextChip, ImageAttachment } from '../shared/protocol';
import { createAttachments } from './attachments';
import { createContextChips } from './contextChips';
import { h, icon } from './dom';
import { createMentionHighlight } from './mentionHighlight';
import { createSentHistory } from './sentHistory';
import { attachSuggestions } from './suggestInput';
import { l10n } from './l10n';

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
  /** The host's answer to a suggestion request. */
  showSuggestions(seq: number, items: readonly Suggestion[], note?: string): void;
  /** Edit and resend: the earlier question's text to edit; Send then replaces it (and every turn after it). */
  edit(turn: number, text: string, attachments: readonly string[]): void;
}

export interface ComposerOptions {
  /** `replaceTurn`: the earlier question being edited, which this one replaces. */
  onSend: (text: string, images: ImageAttachment[], context: string[], replaceTurn?: number) => void;
  onStop: () => void;
  /** A problem with what the user tried to attach (type, size, count). */
  onProblem: (text: string) => void;
  onRemoveContext: (id: string) => void;
  /** Ask the host for `@` or `/` suggestions. */
  onSuggest: (seq: number, trigger: 'mention' | 'command', query: string) => void;
  onPickMention: (mention: Mention) => void;
  /** Files dropped from the explorer or an editor tab (their URIs). */
  onDropFiles: (uris: string[]) => void;
  /** Where the sent messages Up recalls are kept. */
  history: { load(): string[]; save(entries: string[]): void };
}

export function createComposer(options: ComposerOptions): Composer {
  const { onSend, onStop, onProblem, onRemoveContext } = options;
  const input = h('textarea', {
    class: 'composer-input',
    rows: '3',
    'aria-label': l10n.t('Message Claude'),
    placeholder: l10n.t('Message Claude (Enter to send, Shift+Enter for a new line)'),
  });
  const send = h(
    'button',
    { type: 'button', class: 'primary', 'aria-label': l10n.t('Send'), title: l10n.t('Send (Enter)') },
    icon('send'),
    ` ${l10n.t('Send')}`,
  );
  const stop = h(
    'button',
    {
      type: 'button',
      class: 'secondary',
      'aria-label': l10n.t('Stop'),
      title: l10n.t('Stop the reply'),
      hidden: true,
    },
    icon('debug-stop'),
    ` ${l10n.t('Stop')}`,
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
      'aria-label': l10n.t('Attach Image'),
      title: l10n.t('Attach images (or paste or drop them)'),
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
  const highlight = createMentionHighlight(input);
  const suggestions = attachSuggestions(input, {
    ask: options.onSuggest,
    pickMention: (mention) => {
      highlight.add(mentionText(mention));
      options.onPickMention(mention);
    },
  });
  const sent = createSentHistory(options.history);

  // Edit and resend: which earlier question Send replaces, shown above the box until sent or cancelled.
  let editing: number | undefined;
  const editingLabel = h('span', { class: 'editing-label muted' });
  const cancelEdit = h(
    'button',
    { type: 'button', class: 'secondary small', 'aria-label': l10n.t('Cancel Edit') },
    l10n.t('Cancel'),
  );
  const editingBar = h(
    'div',
    { class: 'composer-editing', hidden: true },
    icon('edit'),
    editingLabel,
    cancelEdit,
  );
  const stopEditing = () => {
    editing = undefined;
    editingBar.hidden = true;
  };
  cancelEdit.addEventListener('click', () => {
    stopEditing();
    input.value = '';
    highlight.refresh();
    input.focus();
  });

  const submit = () => {
    const text = input.value.trim();
    const replaceTurn = editing;
    if (!enabled || busy) return;
    if (replaceTurn === undefined && text === '' && attachments.count === 0 && chips.count === 0) return;
    sent.add(text);
    stopEditing();
    onSend(text, attachments.take(), chips.take(), replaceTurn);
    input.value = '';
    highlight.clear();
    suggestions.list.close();
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
    if (suggestions.handleKey(e)) return;
    if (sent.handleKey(e, input)) {
      highlight.refresh();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape' && busy) {
      onStop();
    } else if (e.key === 'Escape' && editing !== undefined) {
      cancelEdit.click();
    }
  });

  const element = h(
    'form',
    { class: 'composer', 'aria-label': l10n.t('Composer') },
    suggestions.list.element,
    editingBar,
    chips.element,
    attachments.element,
    highlight.element,
    h('div', { class: 'composer-actions' }, attach, picker, hint, stop, send),
  );
  element.addEventListener('submit', (e) => e.preventDefault());
  element.addEventListener('dragover', (e) => {
    const types = e.dataTransfer?.types ?? [];
    if (types.includes('Files') || URI_TYPES.some((t) => types.includes(t))) {
      e.preventDefault();
      element.classList.add('drop-target');
    }
  });
  element.addEventListener('dragleave', () => element.classList.remove('drop-target'));
  element.addEventListener('drop', (e) => {
    element.classList.remove('drop-target');
    // From the explorer or an editor tab VS Code puts the files' URIs in the drop: the host reads them.
    const uris = droppedUris(e.dataTransfer);
    if (uris.length) {
      e.preventDefault();
      options.onDropFiles(uris.slice(0, 50));
      return;
    }
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
    showSuggestions: (seq, items, note) => suggestions.receive(seq, items, note),
    edit(turn, text, attached) {
      editing = turn;
      editingLabel.textContent = attached.length
        ? l10n.t(
            'Editing an earlier message: Send replaces it and everything after it. Sent again with it: {0}',
            attached.join(', '),
          )
        : l10n.t('Editing an earlier message: Send replaces it and everything after it.');
      editingBar.hidden = false;
      input.value = text;
      highlight.refresh();
      input.focus();
      input.setSelectionRange(text.length, text.length);
    },
  };
}

/** The drop formats VS Code uses for its own resources (explorer items, editor tabs), most specific first. */
const URI_TYPES = ['application/vnd.code.uri-list', 'resourceurls', 'text/uri-list'];

function droppedUris(data: DataTransfer | null): string[] {
  if (!data) return [];
  for (const type of URI_TYPES) {
    const raw = data.getData(type);
    if (!raw) continue;
    if (type === 'resourceurls') {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (Array.isArray(parsed)) return parsed.filter((u): u is string => typeof u === 'string');
      } catch {
        continue;
      }
    }
    const uris = raw
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    if (uris.length) return uris;
  }
  return [];
}

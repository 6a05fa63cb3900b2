// Connects the message box to the suggestion list: while the caret is in an `@` word (or a `/` command as the first
// word) the host is asked for suggestions, newest ask wins; a pick replaces the word with what the suggestion
// inserts and, for a mention, asks the host to attach it. The list's keys are taken before the composer's own
// (Enter picks instead of sending, Escape closes instead of stopping a reply).
import type { Suggestion } from '../shared/composerProtocol';
import type { Mention } from '../shared/mentions';
import { triggerAt, type Trigger } from '../shared/trigger';
import { createSuggestList, SUGGEST_LIST_ID, type SuggestList } from './suggestList';

export interface SuggestInput {
  list: SuggestList;
  /** An answer from the host; only the one for the newest ask is shown. */
  receive(seq: number, items: readonly Suggestion[], note?: string): void;
  /** Call from the composer's keydown first; true when the key was the list's. */
  handleKey(e: KeyboardEvent): boolean;
}

export function attachSuggestions(
  input: HTMLTextAreaElement,
  options: {
    ask: (seq: number, trigger: Trigger['kind'], query: string) => void;
    pickMention: (mention: Mention) => void;
  },
): SuggestInput {
  let seq = 0;
  let trigger: Trigger | undefined;
  let asked: string | undefined;

  const pick = (s: Suggestion) => {
    const t = trigger;
    list.close();
    if (!t) return;
    const text = s.insert.endsWith(' ') ? s.insert : `${s.insert} `;
    const after = input.value.slice(t.end).replace(/^ /, '');
    input.value = input.value.slice(0, t.start) + text + after;
    const caret = t.start + text.length;
    input.setSelectionRange(caret, caret);
    trigger = undefined;
    asked = undefined;
    if (s.mention) options.pickMention(s.mention);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const list = createSuggestList({ onPick: pick, owner: input });
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', SUGGEST_LIST_ID);

  const update = () => {
    const caret = input.selectionStart;
    trigger = caret === input.selectionEnd ? triggerAt(input.value, caret) : undefined;
    if (!trigger) {
      asked = undefined;
      list.close();
      return;
    }
    const key = `${trigger.kind}:${trigger.start}:${trigger.query}`;
    if (key === asked) return;
    asked = key;
    options.ask(++seq, trigger.kind, trigger.query);
  };
  input.addEventListener('input', update);
  input.addEventListener('click', update);
  input.addEventListener('keyup', (e) => {
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) update();
  });
  input.addEventListener('blur', () => list.close());

  return {
    list,
    receive(answer, items, note) {
      if (answer !== seq || !trigger) return;
      list.show(items, note);
    },
    handleKey(e) {
      if (!list.isOpen || e.isComposing) return false;
      switch (e.key) {
        case 'ArrowDown':
        case 'ArrowUp':
          list.move(e.key === 'ArrowDown' ? 1 : -1);
          break;
        case 'Enter':
        case 'Tab': {
          if (e.shiftKey) return false;
          const s = list.current();
          if (!s) return false;
          // `/new` typed out in full: Enter runs it (sends), as it would with the list closed.
          if (
            e.key === 'Enter' &&
            !s.mention &&
            trigger &&
            s.insert.trim() === input.value.slice(trigger.start, trigger.end)
          ) {
            list.close();
            return false;
          }
          pick(s);
          break;
        }
        case 'Escape':
          list.close();
          asked = `${trigger?.kind}:${trigger?.start}:${trigger?.query}`; // closed on purpose: not reopened until typing
          break;
        default:
          return false;
      }
      e.preventDefault();
      e.stopImmediatePropagation();
      return true;
    },
  };
}

// The `@` and `/` suggestion list above the composer: an ARIA listbox whose options are named by what they insert
// (`@src/app.ts`, `/fix`), driven from the composer's keys (arrows move, Enter or Tab picks, Escape closes) while
// the caret stays in the message box; a click picks too.
import type { Suggestion } from '../shared/composerProtocol';
import { h, icon } from './dom';
import { l10n } from './l10n';

export const SUGGEST_LIST_ID = 'claude-suggestions';

export interface SuggestList {
  element: HTMLElement;
  readonly isOpen: boolean;
  show(items: readonly Suggestion[], note?: string): void;
  close(): void;
  move(by: 1 | -1): void;
  current(): Suggestion | undefined;
}

export function createSuggestList(options: {
  onPick: (s: Suggestion) => void;
  /** The textbox the list belongs to: it carries aria-activedescendant. */
  owner: HTMLElement;
}): SuggestList {
  const list = h('ul', {
    class: 'suggest-list',
    role: 'listbox',
    id: SUGGEST_LIST_ID,
    'aria-label': l10n.t('Suggestions'),
  });
  const note = h('div', { class: 'suggest-note muted', 'aria-live': 'polite' });
  const element = h('div', { class: 'suggest', hidden: true }, list, note);
  let items: readonly Suggestion[] = [];
  let active = 0;
  let open = false;

  const render = () => {
    list.replaceChildren(
      ...items.map((s, i) => {
        const option = h(
          'li',
          {
            class: `suggest-option${i === active ? ' active' : ''}`,
            role: 'option',
            id: `${SUGGEST_LIST_ID}-${i}`,
            'aria-selected': i === active ? 'true' : 'false',
            'aria-label': s.insert.trim(),
            title: s.detail,
          },
          icon(s.icon),
          h('span', { class: 'suggest-label' }, s.label),
          h('span', { class: 'suggest-detail muted' }, s.detail),
        );
        // Keep the caret in the message box: a mousedown would move focus to the list.
        option.addEventListener('mousedown', (e) => e.preventDefault());
        option.addEventListener('click', () => options.onPick(s));
        return option;
      }),
    );
    list.hidden = items.length === 0;
    if (open && items.length) {
      options.owner.setAttribute('aria-activedescendant', `${SUGGEST_LIST_ID}-${active}`);
      list.children[active]?.scrollIntoView({ block: 'nearest' });
    } else options.owner.removeAttribute('aria-activedescendant');
  };

  return {
    element,
    get isOpen() {
      return open;
    },
    show(next, text) {
      items = next;
      active = 0;
      open = next.length > 0 || text !== undefined;
      note.textContent = next.length === 0 && text === undefined ? '' : (text ?? '');
      element.hidden = !open;
      render();
    },
    close() {
      if (!open) return;
      open = false;
      items = [];
      element.hidden = true;
      render();
    },
    move(by) {
      if (items.length === 0) return;
      active = (active + by + items.length) % items.length;
      render();
    },
    current: () => (open ? items[active] : undefined),
  };
}

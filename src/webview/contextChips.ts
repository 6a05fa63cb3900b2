// The context chips above the composer: selections, files and PDFs the host holds for the next message. The
// list is whatever the host last posted; removing a chip asks the host to drop the item.
import type { ContextChip, SentChip } from '../shared/protocol';
import { h, icon } from './dom';
import { l10n } from './l10n';

const ICONS: Record<ContextChip['kind'], string> = {
  code: 'code',
  file: 'file',
  pdf: 'file-pdf',
  folder: 'folder',
  problems: 'warning',
  terminal: 'terminal',
  changes: 'git-compare',
};

export interface ContextChips {
  element: HTMLElement;
  set(items: ContextChip[]): void;
  /** The ids still attached, handed over with Send (the chips go until the host posts the list again). */
  take(): string[];
  readonly count: number;
}

export function createContextChips(onRemove: (id: string) => void): ContextChips {
  const list = h('div', { class: 'context-chips', role: 'list', 'aria-label': l10n.t('Attached context') });
  let items: ContextChip[] = [];
  const render = () => {
    list.replaceChildren(
      ...items.map((item) => {
        const remove = h(
          'button',
          {
            type: 'button',
            class: 'icon-button',
            'aria-label': l10n.t('Remove {0}', item.label),
            title: l10n.t('Remove {0}', item.label),
          },
          icon('close'),
        );
        remove.addEventListener('click', () => {
          items = items.filter((i) => i.id !== item.id);
          render();
          onRemove(item.id);
        });
        return h(
          'div',
          { class: `context-chip ${item.kind}`, role: 'listitem', title: item.detail },
          icon(ICONS[item.kind]),
          h('span', { class: 'context-chip-label' }, item.label),
          remove,
        );
      }),
    );
    list.hidden = items.length === 0;
  };
  render();
  return {
    element: list,
    get count() {
      return items.length;
    },
    set(next) {
      items = next;
      render();
    },
    take() {
      const ids = items.map((i) => i.id);
      items = [];
      render();
      return ids;
    },
  };
}

/** The chips that went with a question, shown in the user's bubble (not removable). */
export function sentChips(chips: readonly SentChip[] | undefined): HTMLElement | null {
  if (!chips?.length) return null;
  return h(
    'div',
    { class: 'user-context', role: 'list', 'aria-label': l10n.t('Context sent with this message') },
    ...chips.map((c) =>
      h(
        'span',
        { class: `context-chip sent ${c.kind}`, role: 'listitem' },
        icon(ICONS[c.kind]),
        h('span', { class: 'context-chip-label' }, c.label),
      ),
    ),
  );
}

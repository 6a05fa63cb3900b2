// The context items attached to the next message (selections, files, PDFs). The host keeps them, not the webview:
// the blocks can be large, and the view is re-created whenever it is hidden, so the chips are posted again from
// here each time it comes back.
import { randomUUID } from 'node:crypto';
import type { ContextItem } from './contextItems';
import type { ContextBlock } from '../chat/userTurn';
import { MAX_CONTEXT_ITEMS, type ContextChip } from '../../shared/protocol';
import { l10n } from '../l10n';

export class PendingContext {
  private items = new Map<string, ContextItem>();

  constructor(private readonly changed: () => void) {}

  /** Adds an item; the same thing attached again replaces the earlier chip instead of sending it twice. */
  add(item: ContextItem): { ok: true } | { ok: false; message: string } {
    for (const [id, existing] of this.items) {
      if (existing.kind === item.kind && existing.label === item.label) this.items.delete(id);
    }
    if (this.items.size >= MAX_CONTEXT_ITEMS) {
      return {
        ok: false,
        message: l10n.t('At most {0} items can be attached to one message.', MAX_CONTEXT_ITEMS),
      };
    }
    this.items.set(randomUUID(), item);
    this.changed();
    return { ok: true };
  }

  remove(id: string): void {
    if (this.items.delete(id)) this.changed();
  }

  /** Takes the items the webview still showed when Send was pressed, in the order they were attached. */
  take(ids: readonly string[]): { id: string; item: ContextItem }[] {
    const wanted = new Set(ids);
    const taken = [...this.items].filter(([id]) => wanted.has(id)).map(([id, item]) => ({ id, item }));
    for (const { id } of taken) this.items.delete(id);
    if (taken.length) this.changed();
    return taken;
  }

  /** Puts taken items back (the message was not sent), ahead of anything attached since. */
  restore(taken: readonly { id: string; item: ContextItem }[]): void {
    if (taken.length === 0) return;
    this.items = new Map([...taken.map(({ id, item }) => [id, item] as const), ...this.items]);
    this.changed();
  }

  chips(): ContextChip[] {
    return [...this.items].map(([id, i]) => ({ id, kind: i.kind, label: i.label, detail: i.detail }));
  }
}

export function toBlocks(taken: readonly { item: ContextItem }[]): ContextBlock[] {
  return taken.map(({ item }) => ({ kind: item.kind, label: item.label, block: item.block }));
}

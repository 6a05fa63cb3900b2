// Picked mentions shown inline as chips: a layer behind the (transparent) message box repeats its text with each
// picked mention in a pill, so `@src/app.ts:10-20` reads as one token where it was typed while the box stays a
// plain textarea (native editing, undo, IME, screen readers). Only mentions picked from the list are marked: an
// `@word` typed by hand is just text. The layer scrolls with the box.
import { h } from './dom';

export interface MentionHighlight {
  /** The box and its layer, in place of the box itself. */
  element: HTMLElement;
  /** A mention picked into the text (its exact text, e.g. `@src/app.ts`). */
  add(text: string): void;
  /** The message was sent: nothing is marked any more. */
  clear(): void;
  /** The text changed from outside (recall, a pick, a clear): draw it again. */
  refresh(): void;
}

export function createMentionHighlight(input: HTMLTextAreaElement): MentionHighlight {
  const layer = h('div', { class: 'composer-highlight', 'aria-hidden': 'true' });
  const element = h('div', { class: 'composer-field' }, layer, input);
  const picked = new Set<string>();

  const draw = () => {
    const text = input.value;
    const parts: (string | HTMLElement)[] = [];
    if (picked.size > 0) {
      // Longest first, so `@src/a.ts:1-2` wins over `@src/a.ts`; a mention starts a word and ends one.
      const alternatives = [...picked].sort((a, b) => b.length - a.length).map(escapeRegExp);
      const re = new RegExp(`(^|\\s)(${alternatives.join('|')})(?=\\s|$)`, 'g');
      let at = 0;
      for (const m of text.matchAll(re)) {
        const start = m.index + m[1]!.length;
        parts.push(text.slice(at, start), h('mark', { class: 'mention-chip' }, m[2]!));
        at = start + m[2]!.length;
      }
      parts.push(text.slice(at));
    } else parts.push(text);
    // A trailing newline needs a character after it to take up its line, as it does in the box.
    layer.replaceChildren(...parts, '\u200b');
    layer.scrollTop = input.scrollTop;
  };
  input.addEventListener('input', draw);
  input.addEventListener('scroll', () => (layer.scrollTop = input.scrollTop));
  return {
    element,
    add(text) {
      picked.add(text);
      draw();
    },
    clear() {
      picked.clear();
      draw();
    },
    refresh: draw,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

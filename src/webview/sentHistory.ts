// Up in an empty message box brings back what you sent before (newest first), Down goes forward again, as in a
// shell or Copilot's chat. The list outlives the view (which is re-created whenever it is hidden) in the webview's
// own state, so it is per workspace and never leaves this machine.
export interface SentHistory {
  add(text: string): void;
  /** Call from the composer's keydown; true when the key recalled a message. */
  handleKey(e: KeyboardEvent, input: HTMLTextAreaElement): boolean;
}

const MAX_ENTRIES = 50;

export function createSentHistory(store: { load(): string[]; save(entries: string[]): void }): SentHistory {
  const entries = store.load().slice(-MAX_ENTRIES);
  /** Where Up/Down stand: entries.length means "back at the draft". */
  let at = entries.length;
  let shown: string | undefined;

  const show = (input: HTMLTextAreaElement, text: string) => {
    input.value = text;
    shown = text;
    input.setSelectionRange(0, 0);
  };

  return {
    add(text) {
      if (text.trim() === '') return;
      if (entries[entries.length - 1] !== text) entries.push(text);
      if (entries.length > MAX_ENTRIES) entries.splice(0, entries.length - MAX_ENTRIES);
      at = entries.length;
      shown = undefined;
      store.save([...entries]);
    },
    handleKey(e, input) {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.isComposing) return false;
      // Only from an empty box, or one still showing a recalled message untouched, with the caret at its start.
      const recalling = shown !== undefined && input.value === shown;
      if (!recalling) at = entries.length;
      if ((input.value !== '' && !recalling) || input.selectionStart !== 0 || input.selectionEnd !== 0)
        return false;
      if (e.key === 'ArrowUp' && at > 0) {
        at--;
        show(input, entries[at]!);
      } else if (e.key === 'ArrowDown' && recalling) {
        at++;
        if (at >= entries.length) {
          at = entries.length;
          input.value = '';
          shown = undefined;
        } else show(input, entries[at]!);
      } else return false;
      e.preventDefault();
      return true;
    },
  };
}

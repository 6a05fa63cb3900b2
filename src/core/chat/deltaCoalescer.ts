// Streams arrive as many small deltas; the webview needs at most one update per frame. This gathers new text
// and hands it on at most once per interval, carrying only what is new. A separate unit so its timing can be
// tested on its own, without a webview.
export interface CoalescedDelta {
  text: string;
  thinking: string;
}

export class DeltaCoalescer {
  private text: string[] = [];
  private thinking: string[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly emit: (delta: CoalescedDelta) => void,
    private readonly intervalMs = 16,
  ) {}

  pushText(delta: string): void {
    if (!delta) return;
    this.text.push(delta);
    this.schedule();
  }

  pushThinking(delta: string): void {
    if (!delta) return;
    this.thinking.push(delta);
    this.schedule();
  }

  /** Emits whatever is pending now (at the end of a reply, or before an error is shown). */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.text.length === 0 && this.thinking.length === 0) return;
    const delta = { text: this.text.join(''), thinking: this.thinking.join('') };
    this.text = [];
    this.thinking = [];
    this.emit(delta);
  }

  /** Drops pending text without emitting (the turn was discarded). */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.text = [];
    this.thinking = [];
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.intervalMs);
  }
}

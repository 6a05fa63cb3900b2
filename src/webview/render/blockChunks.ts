// Top-level blocks live in fixed-size chunk elements rather than directly in the message container: when the open
// tail changes, the browser re-lays out its parent's children, and with thousands of blocks as direct children that
// walk made every update O(reply). The open tail sits at the end of the last chunk, so committing a block moves
// nothing (no second layout) except when a chunk fills up. A block's chunk depends only on its position among the
// committed blocks, so incremental and one-shot renders build the same DOM.
const CHUNK_SIZE = 32;

export class BlockChunks {
  private last: HTMLElement | undefined;
  /** Committed elements in the last chunk; any nodes after them there are the open tail. */
  private committedInLast = 0;

  constructor(private readonly container: HTMLElement) {}

  /** The element the open tail's nodes belong in (the last chunk, created on demand). */
  tailParent(): HTMLElement {
    return this.last ?? this.open();
  }

  /**
   * Marks `nodes` as committed: they are the first nodes of the tail (already in tailParent(), in order) or new
   * nodes, which are appended first.
   */
  commit(nodes: readonly ChildNode[]): void {
    const parent = this.tailParent();
    for (const node of nodes) if (node.parentNode !== parent) parent.appendChild(node);
    for (const node of nodes) {
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      if (this.committedInLast === CHUNK_SIZE) {
        // Start the next chunk with this block and carry everything after it (more blocks, the tail) along.
        const next = this.open();
        const moving: ChildNode[] = [];
        for (let n: ChildNode | null = node; n; n = n.nextSibling) moving.push(n);
        next.append(...moving);
      }
      this.committedInLast++;
    }
  }

  /** Removes `nodes`, the last ones committed (the tail being empty); the chunks end up as before that commit. */
  uncommit(nodes: readonly ChildNode[]): void {
    for (const node of nodes) node.remove();
    while (this.last && !this.last.firstChild) {
      const previous = this.last.previousElementSibling;
      this.last.remove();
      this.last = previous instanceof HTMLElement ? previous : undefined;
    }
    this.committedInLast = this.last ? this.last.childElementCount : 0;
  }

  clear(): void {
    this.container.replaceChildren();
    this.last = undefined;
    this.committedInLast = 0;
  }

  private open(): HTMLElement {
    const chunk = document.createElement('div');
    chunk.className = 'md-chunk';
    this.container.appendChild(chunk);
    this.last = chunk;
    this.committedInLast = 0;
    return chunk;
  }
}

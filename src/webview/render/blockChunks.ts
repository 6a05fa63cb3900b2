// Committed blocks live in fixed-size chunk elements rather than directly in the message container: when the open
// tail changes, the browser re-lays out the container's children, and with thousands of blocks as direct children
// that walk made every update O(reply). With chunks it walks at most CHUNK_SIZE blocks plus one box per chunk.
// Chunk membership depends only on a block's position, so incremental and one-shot renders build the same DOM.
const CHUNK_SIZE = 32;

export class BlockChunks {
  private current: HTMLElement | undefined;
  private count = 0;

  constructor(private readonly container: HTMLElement) {}

  /** Moves the children of `rendered` into chunks, after all earlier blocks; returns them. */
  append(rendered: ParentNode): ChildNode[] {
    const nodes = Array.from(rendered.childNodes);
    for (const node of nodes) {
      if (node.nodeType === Node.ELEMENT_NODE) {
        if (!this.current || this.count === CHUNK_SIZE) this.open();
        this.count++;
      } else if (!this.current) {
        this.open();
      }
      this.current!.append(node);
    }
    return nodes;
  }

  /** Removes nodes that were the last ones appended, leaving the chunks as they were before them. */
  remove(nodes: readonly ChildNode[]): void {
    for (const node of nodes) node.remove();
    while (this.current && !this.current.firstChild) {
      const previous = this.current.previousElementSibling;
      this.current.remove();
      this.current =
        previous instanceof HTMLElement && previous.classList.contains('md-chunk') ? previous : undefined;
    }
    this.count = this.current ? this.current.childElementCount : 0;
  }

  clear(): void {
    this.container.replaceChildren();
    this.current = undefined;
    this.count = 0;
  }

  private open(): void {
    const chunk = document.createElement('div');
    chunk.className = 'md-chunk';
    // Chunks precede the open tail, which always sits at the end of the container.
    const after = this.current ? this.current.nextSibling : this.container.firstChild;
    this.container.insertBefore(chunk, after);
    this.current = chunk;
    this.count = 0;
  }
}

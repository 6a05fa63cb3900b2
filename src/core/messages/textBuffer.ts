// Collects a block's streamed pieces in O(new bytes). Pieces are joined in groups, so a long reply is held as a
// few hundred flat strings rather than millions of tiny ones (less for the GC to trace, µs per delta stays flat as
// the reply grows) and no piece keeps alive the much larger network chunk it was sliced from.
const GROUP = 512;

export class TextBuffer {
  private pieces: string[] = [];
  private readonly groups: string[] = [];

  constructor(initial = '') {
    if (initial !== '') this.pieces.push(initial);
  }

  append(piece: string): void {
    const pieces = this.pieces;
    pieces.push(piece);
    if (pieces.length === GROUP) {
      this.groups.push(pieces.join(''));
      this.pieces = [];
    }
  }

  /** The whole text so far (joins once; does not change the buffer). */
  toString(): string {
    const tail = this.pieces.join('');
    if (this.groups.length === 0) return tail;
    return this.groups.join('') + tail;
  }
}

// The common delta needs no parsing: more words at the end of a paragraph, or more characters on the current line
// of an open code fence. For those, appending the text to the last text node is exactly what re-lexing and
// rebuilding the block would produce; this decides conservatively when that holds. (Should it ever not, the next
// full update repairs the block before it is committed, and finish() rebuilds whatever is still open.)

/**
 * Characters that start, end or extend no inline construct when they follow plain text: no emphasis, code, link,
 * HTML, entity or escape characters, and nothing a GFM autolink needs ('/', '@'; 'www' is checked separately).
 */
const PLAIN_PROSE = /^[\p{L}\p{N} ,.;:'"?!()+=%-]+$/u;
/** The current line of a paragraph starts with a letter: it is settled as paragraph text whatever follows. */
const LETTER_START = /^[ \t]{0,3}\p{L}/u;
/** The current line is a list item's (or its continuation's) text, begun with a letter. */
const LIST_TEXT_LINE = /^[ \t]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?\p{L}/u;
const FENCE_AT_START = /^(?:`{3,}|~{3,})/;
const CLOSING_FENCE = /^ {0,3}(?:`{3,}|~{3,})[ \t]*$/;

/**
 * Appends `delta` to `block` (the DOM of the one open block, built from `source`) if that is certainly what a full
 * re-render would do; returns whether it did.
 */
export function tryFastAppend(kind: string, block: ChildNode, source: string, delta: string): boolean {
  if (!delta || delta.includes('\r')) return false;
  const lineStart = source.lastIndexOf('\n') + 1;
  const line = source.slice(lineStart);
  if (kind === 'paragraph' || kind === 'list') {
    if (delta.includes('\n')) return false; // a new line may start a new block
    const settled = kind === 'paragraph' ? LETTER_START.test(line) : LIST_TEXT_LINE.test(line);
    if (!settled || !PLAIN_PROSE.test(delta)) return false;
    // The word the delta continues must be plain too (no '&amp' before a ';', no ']' before a '(', no URL).
    const word = line.slice(line.lastIndexOf(' ') + 1);
    if (!PLAIN_PROSE.test(`${word}x`) || /www/i.test(word + delta)) return false;
    if (kind === 'paragraph') {
      const last = block instanceof HTMLParagraphElement ? block.lastChild : null;
      if (!(last instanceof Text) || !last.data.endsWith(source.slice(-1))) return false;
      last.appendData(delta);
      return true;
    }
    // A list item's text is shown without its trailing spaces.
    const spaces = /[ \t]*$/.exec(source)![0];
    const last = lastListText(block);
    if (!(last instanceof Text) || !last.data.endsWith(source.charAt(source.length - spaces.length - 1)))
      return false;
    const text = (spaces + delta).trimEnd();
    if (text) last.appendData(text);
    return true;
  }
  if (kind === 'code') {
    // An open top-level fence (only a fence line closes it) and nothing in the delta that could be one. The
    // shown text is the content without its final newline, one text node per line (see markdownDom).
    if (lineStart === 0 || !FENCE_AT_START.test(source) || CLOSING_FENCE.test(line)) return false;
    if (delta.includes('`') || delta.includes('~')) return false;
    const code = block instanceof HTMLElement ? block.querySelector(':scope > pre > code') : null;
    const last = code?.lastChild;
    if (!(last instanceof Text)) return false;
    let head: string;
    if (line !== '') {
      if (last.data !== line) return false; // mid-line: the last node is the current line
      head = '';
    } else {
      // At the start of a line: the last node is the previous line, shown without its newline.
      const previousStart = source.lastIndexOf('\n', lineStart - 2) + 1;
      const previous = source.slice(previousStart, lineStart - 1);
      if (previousStart === 0 || previous === '' || last.data !== previous) return false;
      head = '\n';
    }
    // The final newline of the content is not shown; an empty last line would be (marked keeps "\n\n"): leave it.
    let body = head + delta;
    if (body.endsWith('\n')) body = body.slice(0, -1);
    if (body === '' || body.endsWith('\n')) return false;
    const lines = body.split('\n');
    last.appendData(lines[0]! + (lines.length > 1 ? '\n' : ''));
    let after: ChildNode = last;
    for (let i = 1; i < lines.length; i++) {
      const node = document.createTextNode(i < lines.length - 1 ? `${lines[i]}\n` : lines[i]!);
      after.after(node);
      after = node;
    }
    return true;
  }
  return false;
}

/** The text the last line of a list's source ends in: the last text of its deepest last item. */
function lastListText(list: ChildNode): ChildNode | null {
  let node: Element | null =
    list instanceof HTMLUListElement || list instanceof HTMLOListElement ? list : null;
  while (node) {
    const item = node.lastElementChild;
    if (!(item instanceof HTMLLIElement)) return null;
    const last = item.lastChild;
    if (last instanceof HTMLUListElement || last instanceof HTMLOListElement) node = last;
    else return last instanceof HTMLParagraphElement ? last.lastChild : last;
  }
  return null;
}

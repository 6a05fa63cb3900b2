// Makes a value byte-exact visible for an approval card: what the user approves must be what runs, so characters
// that render as nothing (zero-width, bidi overrides, Unicode tags) or as something else (tabs, CR, NBSP) are
// turned into escapes. `parts` keeps escapes apart from literal text, so a card can style them and a literal
// backslash-t typed by the model is never confused with a real tab.

export interface VisiblePart {
  text: string;
  /** True when `text` is an escape standing for one invisible or control character. */
  escaped: boolean;
}

export interface Visible {
  /** The value with every invisible character replaced by its escape (`\t`, `\u{200B}`, ...). */
  text: string;
  hasInvisible: boolean;
  /**
   * True when the value was too long to show whole: `text` and `parts` stop at the limits below and end with a
   * note (an escaped part) saying how many characters are not shown.
   */
  truncated: boolean;
  parts: VisiblePart[];
}

/**
 * A card shows at most this many characters of one value, in at most this many parts: rendering is bounded
 * whatever the model sends (docs/threat-model.md, R5). Prepare's size limits keep commands and paths far below.
 */
export const VISIBLE_MAX_CHARS = 256 * 1024;
export const VISIBLE_MAX_PARTS = 4096;

export interface VisibleOptions {
  /**
   * For file content: line feeds (and CRLF line endings) stay real line breaks and tabs stay tabs, neither counts
   * as invisible. Commands and paths leave this off: there a newline or a tab must show and must force a prompt.
   */
  multiline?: boolean;
}

// C0 and C1 controls, DEL, spaces that look like a plain space, soft hyphen and other default-ignorable or blank
// code points, zero-width, bidi controls, invisible operators, variation selectors, BOM, interlinear annotation
// controls, Unicode tags, and (in `u` mode a pair is one code point) lone surrogates.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class -- finding these characters is the point
  /[\u0000-\u001F\u007F-\u00A0\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u2000-\u200F\u2028-\u202F\u205F-\u206F\u3000\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB\u{E0000}-\u{E007F}\u{E0100}-\u{E01EF}\uD800-\uDFFF]/gu;

const SHORT: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escape(ch: string): string {
  const short = SHORT[ch];
  if (short) return short;
  const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `\\u{${hex}}`;
}

export function visible(s: string, options: VisibleOptions = {}): Visible {
  const parts: VisiblePart[] = [];
  let hasInvisible = false;
  let chars = 0;
  // Appends text to the last part of the same kind (escapes in a row are one part), within the limits; returns
  // how many characters of `text` it took. An escape is never cut in half.
  const push = (text: string, escaped: boolean): number => {
    if (text === '') return 0;
    const prev = parts[parts.length - 1];
    const merges = prev?.escaped === escaped;
    if (!merges && parts.length >= VISIBLE_MAX_PARTS) return 0;
    const room = VISIBLE_MAX_CHARS - chars;
    const piece = escaped ? (text.length <= room ? text : '') : text.slice(0, Math.max(0, room));
    if (piece === '') return 0;
    if (merges) prev.text += piece;
    else parts.push({ text: piece, escaped });
    chars += piece.length;
    return piece.length;
  };
  /** How much of `s` is shown, once a limit stopped it. */
  let shown: number | undefined;
  let last = 0;
  for (const m of s.matchAll(INVISIBLE)) {
    const ch = m[0];
    const at = m.index;
    const keep =
      options.multiline === true && (ch === '\n' || ch === '\t' || (ch === '\r' && s[at + 1] === '\n'));
    const plain = s.slice(last, at);
    const took = push(plain, false);
    if (took < plain.length) {
      shown = last + took;
      break;
    }
    const out = keep ? ch : escape(ch);
    if (push(out, !keep) < out.length) {
      shown = at;
      break;
    }
    if (!keep) hasInvisible = true;
    last = at + ch.length;
  }
  if (shown === undefined) {
    const rest = s.slice(last);
    const took = push(rest, false);
    if (took < rest.length) shown = last + took;
  }
  const truncated = shown !== undefined;
  if (shown !== undefined)
    parts.push({ text: ` [… ${s.length - shown} more characters not shown]`, escaped: true });
  return { text: parts.map((p) => p.text).join(''), hasInvisible, truncated, parts };
}

// The hot path's shortcut. Nearly every event of a long reply is a content_block_delta in Anthropic's canonical
// field order; for those, the one string that matters is cut out of the data line directly (JSON-decoded only when
// it has escapes) instead of JSON.parse building an event object per delta. The shape is checked exactly: anything
// that does not match byte for byte (another field order, extra fields, gateway quirks) returns false and takes
// the general path, so this changes speed, never results.

export interface DeltaSink {
  appendText(index: number, text: string): void;
  appendThinking(index: number, thinking: string): void;
  appendJson(index: number, partialJson: string): void;
}

const PREFIX = '{"type":"content_block_delta","index":';
const DELTA = ',"delta":{"type":"';
const TEXT = 'text_delta","text":"';
const THINKING = 'thinking_delta","thinking":"';
const JSON_DELTA = 'input_json_delta","partial_json":"';
const QUOTE = 34;
const BRACE = 125;
const BACKSLASH = '\\';

const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * `s.startsWith(p, i)`, but several times faster in the V8 of Node 20 (measured: 200-300 ns against 35-90 ns for
 * the 80-character head below): a slice compared as a whole is one memory comparison.
 */
export function startsAt(s: string, i: number, p: string): boolean {
  return s.slice(i, i + p.length) === p;
}

/** `lastHead` behind the SSE lines Anthropic sends it in: see tryCachedEvent. */
const EVENT_DATA = 'event: content_block_delta\ndata: ';

/**
 * Recognises canonical deltas, remembering the head of the last one that matched (from `{` to the value's opening
 * quote: `…"index":0,"delta":{"type":"text_delta","text":"`), its index and kind: consecutive deltas of one block
 * share it, so one comparison replaces the step-by-step checks. One per decoder (per stream), so two streams never
 * share what either saw.
 */
export class FastDeltaReader {
  private lastHead = '';
  private lastIndex = 0;
  private lastKind: 0 | 1 | 2 = 0;
  private lastEventHead = '';

  constructor(private readonly sink: DeltaSink) {}

  /**
   * `data` from `start` to `end` is one event's data. The range form lets the SSE decoder pass a slice of its input
   * without copying it out first.
   */
  tryDelta(data: string, start = 0, end = data.length): boolean {
    let i: number;
    let index: number;
    let kind: 0 | 1 | 2;
    if (this.lastHead !== '' && startsAt(data, start, this.lastHead)) {
      i = start + this.lastHead.length;
      index = this.lastIndex;
      kind = this.lastKind;
    } else {
      if (!startsAt(data, start, PREFIX)) return false;
      i = start + PREFIX.length;
      let c = data.charCodeAt(i);
      if (c < 48 || c > 57) return false;
      // JSON numbers have no leading zeros.
      if (c === 48 && isDigit(data.charCodeAt(i + 1))) return false;
      index = 0;
      const digitsEnd = i + 9;
      do {
        index = index * 10 + (c - 48);
        c = data.charCodeAt(++i);
      } while (isDigit(c) && i < digitsEnd);
      if (!startsAt(data, i, DELTA)) return false;
      i += DELTA.length;
      // Dispatch on the first letter of the delta type: one char read instead of trying each prefix in turn.
      const t = data.charCodeAt(i);
      if (t === 116 && startsAt(data, i, TEXT)) {
        kind = 0;
        i += TEXT.length;
      } else if (t === 116 && startsAt(data, i, THINKING)) {
        kind = 1;
        i += THINKING.length;
      } else if (t === 105 && startsAt(data, i, JSON_DELTA)) {
        kind = 2;
        i += JSON_DELTA.length;
      } else {
        return false;
      }
      // Its own copy, so the reader does not keep the (possibly large) decoded input alive.
      this.lastHead = `${PREFIX}${index}${DELTA}${kind === 0 ? TEXT : kind === 1 ? THINKING : JSON_DELTA}`;
      this.lastEventHead = EVENT_DATA + this.lastHead;
      this.lastIndex = index;
      this.lastKind = kind;
    }
    return takeValue(data, this.sink, i, end, index, kind);
  }

  /**
   * A whole SSE event, `s[start, end)` without its blank line, that is the canonical `event: content_block_delta`
   * line and one `data: ` line with the last matched head: one comparison instead of checking the lines and the head
   * apart (about a tenth of the work per 100-character delta). False when it is not (then check it the long way).
   */
  tryCachedEvent(s: string, start: number, end: number): boolean {
    if (this.lastEventHead === '' || !startsAt(s, start, this.lastEventHead)) return false;
    const i = start + this.lastEventHead.length;
    // One data line only (several would be joined with newlines by the parser).
    const lf = s.indexOf('\n', i);
    if (lf !== -1 && lf < end) return false;
    return takeValue(s, this.sink, i, end, this.lastIndex, this.lastKind);
  }
}

/** The string value from `i` (after its opening quote) to the closing `"}}` at `end`, to the sink. */
function takeValue(
  data: string,
  sink: DeltaSink,
  i: number,
  end: number,
  index: number,
  kind: 0 | 1 | 2,
): boolean {
  // The value must run to the closing `"}}` that ends the data.
  const close = end - 3;
  if (
    close < i ||
    data.charCodeAt(close) !== QUOTE ||
    data.charCodeAt(close + 1) !== BRACE ||
    data.charCodeAt(close + 2) !== BRACE
  ) {
    return false;
  }
  let value: string;
  const slash = data.indexOf(BACKSLASH, i);
  if (slash === -1 || slash >= close) {
    // Without escapes, a quote inside would mean the string ended early (more fields follow): not our shape.
    if (data.indexOf('"', i) !== close) return false;
    value = data.slice(i, close);
  } else {
    // JSON.parse of the quoted slice fails unless it is exactly one string literal.
    try {
      value = JSON.parse(data.slice(i - 1, close + 1)) as string;
    } catch {
      return false;
    }
  }
  if (kind === 0) sink.appendText(index, value);
  else if (kind === 1) sink.appendThinking(index, value);
  else sink.appendJson(index, value);
  return true;
}

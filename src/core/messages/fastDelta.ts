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

export function tryFastDelta(data: string, sink: DeltaSink): boolean {
  if (!data.startsWith(PREFIX)) return false;
  let i = PREFIX.length;
  let c = data.charCodeAt(i);
  if (c < 48 || c > 57) return false;
  let index = 0;
  do {
    index = index * 10 + (c - 48);
    c = data.charCodeAt(++i);
  } while (c >= 48 && c <= 57 && i < PREFIX.length + 9);
  if (!data.startsWith(DELTA, i)) return false;
  i += DELTA.length;
  let kind: 0 | 1 | 2;
  if (data.startsWith(TEXT, i)) {
    kind = 0;
    i += TEXT.length;
  } else if (data.startsWith(THINKING, i)) {
    kind = 1;
    i += THINKING.length;
  } else if (data.startsWith(JSON_DELTA, i)) {
    kind = 2;
    i += JSON_DELTA.length;
  } else {
    return false;
  }
  // The value must run to the closing `"}}` that ends the data.
  const end = data.length - 3;
  if (
    end < i ||
    data.charCodeAt(end) !== QUOTE ||
    data.charCodeAt(end + 1) !== BRACE ||
    data.charCodeAt(end + 2) !== BRACE
  ) {
    return false;
  }
  let value: string;
  if (data.indexOf(BACKSLASH, i) === -1) {
    // Without escapes, a quote inside would mean the string ended early (more fields follow): not our shape.
    if (data.indexOf('"', i) !== end) return false;
    value = data.slice(i, end);
  } else {
    // JSON.parse of the quoted slice fails unless it is exactly one string literal.
    try {
      value = JSON.parse(data.slice(i - 1, end + 1)) as string;
    } catch {
      return false;
    }
  }
  if (kind === 0) sink.appendText(index, value);
  else if (kind === 1) sink.appendThinking(index, value);
  else sink.appendJson(index, value);
  return true;
}

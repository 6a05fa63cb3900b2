// Turns response body bytes into JSON events. eventsource-parser does the SSE framing (any chunk split, CRLF,
// comments, missing `event:` lines); each event is routed by its JSON `type`, not its SSE event name, because
// gateways drop or rename the `event:` line. `[DONE]` (OpenAI-style) ends the stream.
//
// With a fast sink, whole events are cut out of the text here first, and a canonical delta event (an optional
// `event:` line and one `data:` line holding a content_block_delta, see fastDelta.ts) goes straight to the sink.
// Every other event is handed to the parser whole, so the parser is always at an event boundary when an event
// skips it and sees exactly the lines it would have seen. That saves the parser's per-chunk line buffering and its
// event object for the bulk of a reply, which is what small network chunks (one per event, as servers flush them)
// cost most. The first CR in the stream (CRLF or CR line ends) hands everything to the parser from then on.
//
// Neither holds more than MAX_SSE_EVENT_BYTES of one event: a line or an event that never ends is an error, not a
// buffer that grows until the host runs out of memory (docs/threat-model.md, R6). The framer checks once per chunk,
// the parser through its `maxBufferSize`.
import { createParser, type EventSourceParser, type ParseError } from 'eventsource-parser';
import { ApiError } from './errors';
import { FastDeltaReader, startsAt, type DeltaSink } from './fastDelta';
import { l10n } from '../l10n';

export interface SseJsonDecoder {
  /** Feeds raw bytes; may throw what the handler throws, or an ApiError for data that is not JSON. */
  feed(bytes: Uint8Array): void;
  /** Flushes a final event not followed by a blank line. */
  end(): void;
  /** True once `data: [DONE]` was seen. */
  readonly done: boolean;
}

/** One event (or line): a whole long reply is well under 1 MiB, and most events are a few hundred bytes. */
export const MAX_SSE_EVENT_BYTES = 4 * 1024 * 1024;

function eventTooLarge(): ApiError {
  return new ApiError({
    kind: 'invalid_response',
    message: l10n.t(
      'The endpoint sent an SSE event larger than {0} MiB (a line or an event that does not end); reading stopped there.',
      MAX_SSE_EVENT_BYTES / (1024 * 1024),
    ),
  });
}

const STREAM = { stream: true };
const LF = 10;
const CR = 13;
/** How far back a line feed may be for a search of all of `held` to be cheaper than a view of the new bytes. */
const FAR_LF = 4096;

export type JsonEventHandler = (event: Record<string, unknown>) => void;

/** `fast`: when given, canonical content_block_delta events go straight to it without building an event object. */
export function createSseJsonDecoder(onJson: JsonEventHandler, fast?: DeltaSink): SseJsonDecoder {
  // One streaming decoder for the text, in order; the framer below decodes whole events apart (clean cuts, see there).
  const text = new TextDecoder('utf-8');
  let done = false;
  const reader = fast === undefined ? undefined : new FastDeltaReader(fast);
  const parser: EventSourceParser = createParser({
    // Characters, not bytes: the same bound, loose by at most the width of UTF-8 characters.
    maxBufferSize: MAX_SSE_EVENT_BYTES,
    onError(error: ParseError) {
      // Unknown fields and bad `retry` values are ignored, as the SSE spec says.
      if (error.type === 'max-buffer-size-exceeded') throw eventTooLarge();
    },
    onEvent(message) {
      const data = message.data;
      if (data === '' || done) return;
      if (data === '[DONE]') {
        done = true;
        return;
      }
      if (reader !== undefined && reader.tryDelta(data)) return;
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch {
        throw new ApiError({
          kind: 'invalid_response',
          message: l10n.t('The endpoint sent an SSE event whose data is not JSON: {0}', data.slice(0, 120)),
        });
      }
      if (typeof value !== 'object' || value === null) return;
      const event = value as Record<string, unknown>;
      // Route by JSON type; fall back to the event name only when the JSON carries none.
      if (typeof event.type !== 'string' && message.event) event.type = message.event;
      onJson(event);
    },
  });
  const frames = reader === undefined ? undefined : createFramer(text, parser, reader, () => done);
  // Whether the bytes so far end at a line boundary: decides what end() may flush.
  let atLineEnd = true;
  return {
    feed(bytes) {
      if (frames) {
        if (bytes.length === 0) return;
        const last = bytes[bytes.length - 1];
        atLineEnd = last === LF || last === CR;
        return frames.feed(bytes);
      }
      const chunk = text.decode(bytes, STREAM);
      if (chunk.length === 0) return;
      const last = chunk.charCodeAt(chunk.length - 1);
      atLineEnd = last === LF || last === CR;
      parser.feed(chunk);
    },
    end() {
      frames?.flush();
      const rest = text.decode();
      if (rest !== '') {
        parser.feed(rest);
        atLineEnd = false;
      }
      // A last event whose lines are complete but lack the closing blank line still counts. A line cut in the
      // middle (the connection dropped) is discarded, as the SSE spec says, so it reads as a truncation.
      if (atLineEnd) parser.feed('\n');
    },
    get done() {
      return done;
    },
  };
}

/**
 * Holds the bytes of an incomplete event and decodes only whole events (up to a blank line), so a chunk that
 * completes no event costs a copy and no decoding, and no text is joined.
 */
type Utf8Decoder = InstanceType<typeof TextDecoder>;

function createFramer(
  text: Utf8Decoder,
  parser: EventSourceParser,
  reader: FastDeltaReader,
  isDone: () => boolean,
) {
  // A Buffer, for its toString(): V8's UTF-8 decoding straight from a range of the buffer, the same decoder (and
  // the same replacement of invalid bytes) that a non-fatal TextDecoder uses, minus TextDecoder's per-call wrapper
  // and the subarray a range would need. Each piece is copied in whole (a memcpy); whole events are decoded from
  // the front and the rest moved down, so a 128-byte piece costs no view objects at all.
  let held = Buffer.allocUnsafe(1024);
  let heldLength = 0;
  // Off until the parser has seen the start of the stream (a leading BOM is its business), and off for good once a
  // CR shows up (then blank lines are not simply `\n\n`).
  let primed = false;
  let direct = false;

  function hold(bytes: Uint8Array): void {
    const need = heldLength + bytes.length;
    if (need > held.length) {
      const bigger = Buffer.allocUnsafe(Math.max(need, held.length * 2));
      held.copy(bigger, 0, 0, heldLength);
      held = bigger;
    }
    held.set(bytes, heldLength);
    heldLength = need;
  }

  /**
   * The first `n` held bytes, whole events, decoded, and dropped from `held`. Decoding in these pieces gives the
   * same text as chunk by chunk: the bytes start and end at line feeds, so no character is cut. The first piece of
   * the stream goes through the streaming decoder, which drops a leading BOM once, as before.
   */
  let first = true;
  function takeWhole(n: number): string {
    let s: string;
    if (first) {
      first = false;
      s = text.decode(held.subarray(0, n), STREAM);
    } else s = held.toString(undefined, 0, n);
    held.copyWithin(0, n, heldLength);
    heldLength -= n;
    lastLf -= n;
    return s;
  }

  function release(): string {
    const bytes = held.subarray(0, heldLength);
    heldLength = 0;
    lastLf = -1;
    return text.decode(bytes, STREAM);
  }

  // Where the last line feed in `held` is (-1: none). A search back from the end of the held bytes stops there at
  // the latest, so it is short, unless the pending event has a very long line: then the new bytes are searched alone.
  let lastLf = -1;

  /**
   * Where the last whole event in `held` ends (after its blank line), if that blank line ends in the new bytes (from
   * `from` on); 0 if none does. Searches `held`, a Buffer, whose lastIndexOf (a memrchr) is about 4x faster than
   * Uint8Array's on a 128-byte piece, with no view object to make.
   */
  function lastCut(from: number): number {
    const base = from - lastLf > FAR_LF ? from : 0;
    const bytes = base === 0 ? held : held.subarray(base, heldLength);
    let k = bytes.lastIndexOf(LF, heldLength - 1 - base);
    if (k !== -1 && k + base >= from) lastLf = k + base;
    while (k !== -1 && k + base >= from) {
      const at = k + base;
      if (at > 0 && held[at - 1] === LF) return at + 1;
      // held[at - 1] is not a line feed, so the next candidate is before it.
      if (at - 2 < from) return 0;
      k = bytes.lastIndexOf(LF, k - 2);
    }
    return 0;
  }

  /** One whole event, `s[start, end)`, without its closing blank line: a canonical delta goes to the sink. */
  function fastEvent(s: string, start: number, end: number): boolean {
    if (reader.tryCachedEvent(s, start, end)) return true;
    let at = start;
    if (s.charCodeAt(at) === 101 && startsAt(s, at, 'event:')) {
      // The event name does not matter: a canonical delta carries its type in the JSON.
      at = s.indexOf('\n', at) + 1;
      if (at === 0 || at >= end) return false;
    }
    if (s.charCodeAt(at) !== 100 || !startsAt(s, at, 'data:')) return false;
    at += s.charCodeAt(at + 5) === 32 ? 6 : 5;
    // One data line only (several would be joined with newlines by the parser).
    const lf = s.indexOf('\n', at);
    if (lf !== -1 && lf < end) return false;
    return reader.tryDelta(s, at, end);
  }

  /** `s` is whole events, each ending with a blank line. */
  function scan(s: string): void {
    let at = 0;
    for (;;) {
      const blank = s.indexOf('\n\n', at);
      if (blank === -1) break;
      if (!primed || isDone() || !fastEvent(s, at, blank)) {
        parser.feed(s.slice(at, blank + 2));
        primed = true;
      }
      at = blank + 2;
    }
    // At most one more line feed: an empty line after an event, which dispatches nothing.
    if (at < s.length) parser.feed(s.slice(at));
  }

  /** From now on the parser frames everything; it is at an event boundary, so it just continues. */
  function goDirect(before: string): void {
    direct = true;
    if (before !== '') parser.feed(before);
    if (heldLength > 0) parser.feed(release());
  }

  return {
    feed(bytes: Uint8Array): void {
      if (direct) return parser.feed(text.decode(bytes, STREAM));
      const before = heldLength;
      // The caller may reuse `bytes` once this returns: all of it is copied.
      hold(bytes);
      const cut = lastCut(before);
      if (cut === 0) {
        // CR line ends make no `\n\n`: notice them here, or every event would wait for the end of the stream.
        if (bytes.indexOf(CR) !== -1) goDirect('');
        else if (heldLength > MAX_SSE_EVENT_BYTES) throw eventTooLarge();
        return;
      }
      const s = takeWhole(cut);
      if (s.indexOf('\r') !== -1) goDirect(s);
      else scan(s);
    },
    /** Hands an incomplete last event to the parser (end of stream). */
    flush(): void {
      if (heldLength > 0) parser.feed(release());
    },
  };
}

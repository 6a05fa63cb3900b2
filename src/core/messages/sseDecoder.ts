// Turns response body bytes into JSON events. eventsource-parser does the SSE framing (any chunk split, CRLF,
// comments, missing `event:` lines); each event is routed by its JSON `type`, not its SSE event name, because
// gateways drop or rename the `event:` line. `[DONE]` (OpenAI-style) ends the stream.
import { createParser, type EventSourceParser } from 'eventsource-parser';
import { ApiError } from './errors';
import { tryFastDelta, type DeltaSink } from './fastDelta';

export interface SseJsonDecoder {
  /** Feeds raw bytes; may throw what the handler throws, or an ApiError for data that is not JSON. */
  feed(bytes: Uint8Array): void;
  /** Flushes a final event not followed by a blank line. */
  end(): void;
  /** True once `data: [DONE]` was seen. */
  readonly done: boolean;
}

const STREAM = { stream: true };

export type JsonEventHandler = (event: Record<string, unknown>) => void;

/** `fast`: when given, canonical content_block_delta events go straight to it without building an event object. */
export function createSseJsonDecoder(onJson: JsonEventHandler, fast?: DeltaSink): SseJsonDecoder {
  const text = new TextDecoder('utf-8');
  let done = false;
  const parser: EventSourceParser = createParser({
    onEvent(message) {
      const data = message.data;
      if (data === '' || done) return;
      if (data === '[DONE]') {
        done = true;
        return;
      }
      if (fast !== undefined && tryFastDelta(data, fast)) return;
      let value: unknown;
      try {
        value = JSON.parse(data);
      } catch {
        throw new ApiError({
          kind: 'invalid_response',
          message: `The endpoint sent an SSE event whose data is not JSON: ${data.slice(0, 120)}`,
        });
      }
      if (typeof value !== 'object' || value === null) return;
      const event = value as Record<string, unknown>;
      // Route by JSON type; fall back to the event name only when the JSON carries none.
      if (typeof event.type !== 'string' && message.event) event.type = message.event;
      onJson(event);
    },
  });
  // Whether the bytes so far end at a line boundary: decides what end() may flush.
  let atLineEnd = true;
  return {
    feed(bytes) {
      const chunk = text.decode(bytes, STREAM);
      if (chunk.length === 0) return;
      const last = chunk.charCodeAt(chunk.length - 1);
      atLineEnd = last === 10 || last === 13;
      parser.feed(chunk);
    },
    end() {
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

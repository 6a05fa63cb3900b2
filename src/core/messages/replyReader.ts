// Reads one reply's body into a Message (or, for the model list and token counts, a JSON value), in either wire
// format: an SSE stream through the decoder and the accumulator, or one JSON body read whole. Every way a body can
// be wrong ends in an ApiError that says what happened, with the partial reply kept: too large (a cap on whole
// bodies here, on one SSE event in sseDecoder.ts), no content but keep-alives (transport.ts), cut off, not JSON.
import { mapChatCompletion, ChatStreamMapper } from '../chatCompletions/streamMapping';
import { MessageAccumulator, type StreamCallbacks } from './accumulator';
import { ApiError, errorFromEvent, errorFromResponse, isErrorPayload } from './errors';
import { redact } from './redact';
import type { AttemptReply } from './requestRunner';
import { MessageSchema, type Message } from './schema';
import { createSseJsonDecoder } from './sseDecoder';
import { bodyTooLarge, MAX_JSON_BODY_BYTES, readBody, readText } from './transport';
import { l10n } from '../l10n';

export interface ReaderConfig {
  apiFormat: 'messages' | 'chat-completions';
  /** Taken out of every error text (the key). */
  secrets: readonly string[];
  /** Longest wait between two content events of a stream (RequestControl.watchContent). */
  contentTimeoutMs: number;
}

/** A reply to a request for a Message read whole: the attempt's answer and the model asked for. */
export interface WholeReply extends AttemptReply {
  model: string;
}

/** A streamed reply: also who hears it grow. */
export interface MessageReply extends WholeReply {
  callbacks: StreamCallbacks;
}

const BLANK = new Set([0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf]);

export class ReplyReader {
  constructor(private readonly config: ReaderConfig) {}

  private get isChat(): boolean {
    return this.config.apiFormat === 'chat-completions';
  }

  /** A streamed reply, calling back as it grows. */
  async stream(reply: MessageReply): Promise<Message> {
    const { response, control, state, model, callbacks, requestId } = reply;
    const secrets = this.config.secrets;
    const contentType = response.headers.get('content-type') ?? '';
    if (/json|html/i.test(contentType)) return this.whole(reply);
    const acc = new MessageAccumulator(callbacks, model, secrets, requestId);
    const mapper = this.isChat ? new ChatStreamMapper((e) => acc.handle(e), model, secrets) : undefined;
    // Canonical deltas skip the event object (see fastDelta.ts); they always follow a content_block_start, which
    // takes the general path and marks the reply as started. onEvent needs every event, so it turns that off.
    const fast = mapper || callbacks.onEvent ? undefined : acc;
    const decoder = createSseJsonDecoder((event) => {
      if (mapper) return mapper.push(event);
      if (typeof event.type !== 'string' && isErrorPayload(event)) {
        throw errorFromEvent(event, requestId, secrets);
      }
      acc.handle(event);
      if (!state.replyStarted && event.type !== 'ping' && event.type !== 'message_start') {
        state.replyStarted = true;
      }
    }, fast);
    // Some gateways label SSE as text/plain or not at all: without the SSE type, the first bytes decide.
    let mode: 'sse' | 'sniff' | 'whole' = contentType.includes('text/event-stream') ? 'sse' : 'sniff';
    const held: Uint8Array[] = [];
    let heldBytes = 0;
    control.watchContent(this.config.contentTimeoutMs, () => acc.progress);
    try {
      await readBody(response, control, (bytes) => {
        if (mode === 'sse') return decoder.feed(bytes);
        heldBytes += bytes.length;
        if (heldBytes > MAX_JSON_BODY_BYTES) throw bodyTooLarge(response, MAX_JSON_BODY_BYTES);
        // The reader reuses its buffer: keep copies.
        held.push(bytes.slice());
        if (mode === 'whole') return;
        // Everything held so far was blank: the first other byte of these decides.
        const first = bytes.find((b) => !BLANK.has(b));
        if (first === undefined) return;
        mode = first === 0x7b /* { */ || first === 0x3c /* < */ ? 'whole' : 'sse';
        if (mode === 'sse') for (const h of held.splice(0)) decoder.feed(h);
      });
      if (mode !== 'sse' && held.length > 0) {
        const message = this.parseReply(new TextDecoder().decode(concat(held)), reply);
        replay(message, new MessageAccumulator(callbacks, model, secrets, requestId));
        return message;
      }
      decoder.end();
      mapper?.finish(decoder.done);
    } catch (err) {
      let error = control.toApiError(err, secrets);
      if (mapper && acc.started) state.replyStarted = true;
      const partial = acc.snapshot();
      // The connection dropping after the reply began is, to the user, the reply breaking off.
      if (error.kind === 'network' && partial) {
        error = new ApiError({
          kind: 'truncated',
          message: l10n.t(
            'The connection dropped mid-reply ({0}): the partial reply is kept.',
            error.message,
          ),
          requestId,
          status: response.status,
          cause: err,
        });
      }
      throw error.withPartial(partial);
    }
    if (!acc.complete) {
      const partial = acc.snapshot();
      throw new ApiError({
        kind: 'truncated',
        message: partial
          ? 'The reply stream ended before it was complete (no message_stop): the partial reply is kept.'
          : 'The reply stream ended before the reply started.',
        requestId,
        status: response.status,
        retryable: !partial,
        partial,
      });
    }
    return acc.finalMessage();
  }

  /**
   * A streaming request answered with one JSON or HTML body (a gateway error with HTTP 200, or an endpoint that
   * ignored `stream: true`): read whole, then played through the callbacks.
   */
  private async whole(reply: MessageReply): Promise<Message> {
    const message = await this.message(reply);
    replay(
      message,
      new MessageAccumulator(reply.callbacks, reply.model, this.config.secrets, reply.requestId),
    );
    return message;
  }

  /** A Message read whole (create()). */
  async message(reply: WholeReply): Promise<Message> {
    const text = await readText(reply.response, reply.control, {
      maxBytes: MAX_JSON_BODY_BYTES,
      overflow: 'fail',
    });
    return this.parseReply(text, reply);
  }

  /** A JSON value read whole (the model list, a token count); an error body with HTTP 200 is an error. */
  async json(reply: AttemptReply): Promise<unknown> {
    const text = await readText(reply.response, reply.control, {
      maxBytes: MAX_JSON_BODY_BYTES,
      overflow: 'fail',
    });
    const json = this.parseJson(text, reply.response);
    if (isErrorPayload(json)) throw this.errorBody(text, reply.response);
    return json;
  }

  /** A whole JSON reply: a Message (or chat completion), or an error body that arrived with HTTP 200. */
  private parseReply(text: string, reply: WholeReply): Message {
    const json = this.parseJson(text, reply.response);
    if (isErrorPayload(json)) throw this.errorBody(text, reply.response);
    const { model, requestId } = reply;
    if (this.isChat) {
      const acc = new MessageAccumulator({}, model, this.config.secrets, requestId);
      mapChatCompletion(json, (e) => acc.handle(e), model, this.config.secrets);
      return acc.finalMessage();
    }
    const parsed = MessageSchema.safeParse(json);
    if (!parsed.success) {
      throw new ApiError({
        kind: 'invalid_response',
        message: l10n.t(
          "The endpoint's reply is not a Message: {0} {1}",
          parsed.error.issues[0]?.path.join('.') ?? '',
          parsed.error.issues[0]?.message ?? '',
        ),
        requestId,
      });
    }
    return parsed.data;
  }

  /**
   * JSON.parse, saying what the body was when it is not JSON: cut off (a truncation: reply bytes arrived, so it is
   * not retried blindly), not JSON at all, or empty. An HTML page is described as a page (errorFromResponse).
   */
  private parseJson(text: string, response: Response): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      const trimmed = text.trim();
      if (trimmed.startsWith('<')) throw this.errorBody(text, response);
      const status = `HTTP ${response.status}`;
      const first = `${trimmed.slice(0, 120).replace(/\s+/g, ' ')}${trimmed.length > 120 ? '…' : ''}`;
      const cut = /^[[{]/.test(trimmed) && endsEarly(err, trimmed);
      const message =
        trimmed === ''
          ? `The endpoint's reply was empty (${status}).`
          : cut
            ? `The endpoint's reply was cut off (${status}, ${Buffer.byteLength(text)} bytes of JSON); first bytes: ${first}`
            : `The endpoint's reply was not valid JSON (${status}); first bytes: ${first}`;
      return this.fail(cut ? 'truncated' : 'invalid_response', message, response);
    }
  }

  private fail(kind: 'truncated' | 'invalid_response', message: string, response: Response): never {
    throw new ApiError({
      kind,
      status: response.status,
      message: redact(message, this.config.secrets),
      requestId: response.headers.get('request-id') ?? response.headers.get('x-request-id') ?? undefined,
    });
  }

  private errorBody(text: string, response: Response): ApiError {
    return errorFromResponse(text, {
      status: response.status,
      headers: response.headers,
      secrets: this.config.secrets,
    });
  }
}

/** Whether JSON.parse failed because the text stopped, not because of a wrong character. */
function endsEarly(err: unknown, text: string): boolean {
  const message = err instanceof Error ? err.message : '';
  if (/end of JSON input|Unterminated/i.test(message)) return true;
  const at = /at position (\d+)/.exec(message);
  return at !== null && Number(at[1]) >= text.length - 1;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Plays a complete message through an accumulator so streaming callbacks (text included) fire for it too. */
function replay(message: Message, acc: MessageAccumulator): void {
  acc.handle({ type: 'message_start', message: { ...message, content: [] } });
  message.content.forEach((block, index) => {
    const b = block as Record<string, unknown>;
    if (b.type === 'text' && typeof b.text === 'string') {
      acc.handle({ type: 'content_block_start', index, content_block: { ...b, text: '' } });
      if (b.text !== '')
        acc.handle({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text } });
    } else if (b.type === 'thinking' && typeof b.thinking === 'string') {
      acc.handle({ type: 'content_block_start', index, content_block: { ...b, thinking: '' } });
      acc.handle({
        type: 'content_block_delta',
        index,
        delta: { type: 'thinking_delta', thinking: b.thinking },
      });
    } else if (b.type === 'tool_use' || b.type === 'server_tool_use') {
      acc.handle({ type: 'content_block_start', index, content_block: { ...b, input: {} } });
      const json = JSON.stringify(b.input ?? {});
      acc.handle({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: json },
      });
    } else {
      acc.handle({ type: 'content_block_start', index, content_block: b });
    }
    acc.handle({ type: 'content_block_stop', index });
  });
  acc.handle({ type: 'message_delta', delta: { stop_reason: message.stop_reason }, usage: message.usage });
  acc.handle({ type: 'message_stop' });
}

// The local endpoint's vocabulary: what a test can script (replies, faults) and what it records.

/** One block of a scripted reply. Tool input is JSON-encoded and streamed in awkwardly split pieces. */
export type ReplyBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; name: string; input: unknown; id?: string };

export interface ScriptedReply {
  content: ReplyBlock[];
  /** Defaults to `tool_use` when a tool_use block is present, else `end_turn`. */
  stopReason?: string;
  stopSequence?: string | null;
  model?: string;
  /** Overrides the usage numbers the endpoint computes. */
  usage?: { input_tokens?: number; output_tokens?: number };
  /** Characters per text/thinking delta (default: the endpoint's `chunkSize`). */
  chunkSize?: number;
  /** Milliseconds between events (default: the endpoint's `delayMs`). */
  delayMs?: number;
  /** A fault applied to this reply only. */
  fault?: Fault;
}

/** Exact bytes, written in the given pieces (for differential and framing tests). */
export interface RawReply {
  raw: string;
  /** Byte lengths of successive writes; the rest goes in one final write. */
  splits?: number[];
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
}

export type Reply = ScriptedReply | RawReply;

export type Fault =
  /** Any HTTP status with Anthropic's error body (or `body`), and retry headers. */
  | {
      type: 'status';
      status: number;
      errorType?: string;
      message?: string;
      retryAfter?: string;
      retryAfterMs?: number;
      shouldRetry?: boolean;
      body?: string | Record<string, unknown>;
      /** Keep sending the (text) body forever, until the client hangs up: a runaway error page. */
      endless?: boolean;
    }
  /** The gateway error body `{success:false,error:{code,message},trace_id}`, by default with HTTP 200. */
  | { type: 'gateway-error'; httpStatus?: number; code?: string; message?: string; traceId?: string }
  /** A proxy's HTML error page. */
  | { type: 'html'; status?: number }
  /** A status with an empty body. */
  | { type: 'empty'; status: number }
  /** The connection is destroyed before any response: a network error. */
  | { type: 'reset' }
  /** No response headers at all until the client gives up (or `ms` passes, then the socket is reset). */
  | { type: 'hang'; ms?: number }
  /**
   * The stream ends after N events (no message_stop): cleanly at the TCP level, or with `midEvent` after half of
   * event N's bytes, or with `reset` by destroying the connection.
   */
  | { type: 'cut'; afterEvents: number; midEvent?: boolean; reset?: boolean }
  /** An `event: error` after N events. */
  | { type: 'error-event'; afterEvents: number; errorType?: string; message?: string }
  /** After N events nothing more is sent until the client gives up (or `ms` passes, then the stream ends). */
  | { type: 'stall'; afterEvents: number; ms?: number }
  /**
   * A redirect (301, 302, 303, 307, 308) to `location` (absolute, or a path on this endpoint), with a short body.
   * The client must never follow one to another origin (docs/threat-model.md, K4).
   */
  | { type: 'redirect'; status: number; location: string }
  /**
   * HTTP 401 whose message echoes the key the request carried, in one form: its first 24 characters, its last 16,
   * base64 of the key, base64url of it, the base64 of `user:<key>` (a Basic auth echo), of `Bearer <key>`, or the
   * key URL-encoded (docs/threat-model.md, K1).
   */
  | { type: 'echo-key'; form: EchoForm }
  /** HTTP 200 labelled `content-encoding: gzip` whose bytes are not gzip. */
  | { type: 'bad-gzip'; contentType?: string }
  /**
   * HTTP 200 whose body never ends: an HTML page, a JSON value, or (`untyped`) a JSON value with no content type.
   * It stops after a safety limit (so a client without a cap fails its test instead of exhausting memory) and
   * records what it sent in the request's `sentBytes` and `hungUp`.
   */
  | { type: 'endless-body'; body: 'html' | 'json' | 'untyped' }
  /** After N events, one SSE data line that never ends (the same safety limit and records as endless-body). */
  | { type: 'endless-line'; afterEvents: number }
  /**
   * After N events, only keep-alive comments (`: keepalive`) or `ping` events, one every `everyMs` (default 5),
   * until the client hangs up or `limit` of them (default 4000) were sent; then the stream ends.
   */
  | { type: 'keepalive'; afterEvents: number; form: 'comment' | 'ping'; everyMs?: number; limit?: number }
  /** Gateway-style stream quirks. */
  | {
      type: 'quirks';
      noEventLines?: boolean;
      noDeltaType?: boolean;
      usageInDelta?: boolean;
      sparseMessageStart?: boolean;
    };

export type EchoForm = 'prefix' | 'suffix' | 'base64' | 'base64url' | 'basic' | 'bearer-base64' | 'url';

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** The reply status the endpoint chose. */
  status: number;
  at: number;
  /** For a body that never ends: the bytes written so far. */
  sentBytes?: number;
  /** For a body that never ends, once its connection closed: true if the client hung up, false if the limit ended it. */
  hungUp?: boolean;
}

export interface EndpointOptions {
  port?: number;
  /** Expected key; when unset any key (or none) is accepted. */
  apiKey?: string;
  /** Where the key must be: `either` accepts both headers. */
  auth?: 'x-api-key' | 'bearer' | 'either';
  /** Require the anthropic-version header on Messages routes (default true). */
  requireVersion?: boolean;
  /** Model ids for /v1/models. */
  models?: string[];
  /** Default characters per delta. */
  chunkSize?: number;
  /** Default milliseconds between events (0: as fast as possible). */
  delayMs?: number;
  /** Where the endpoint logs one line per request (default: nowhere). */
  log?: (line: string) => void;
  /**
   * Serve https with this key and certificate (at start only), e.g. `testCertificate()` from tlsCertificate.ts.
   * Clients must be told to trust it.
   */
  tls?: { key: string; cert: string };
  /**
   * Enforce a context window the way the API does: a Messages request whose prompt (counted like usage) is over it
   * gets 400 invalid_request_error "prompt is too long: N tokens > M maximum", one whose prompt plus max_tokens is
   * over it "input length and `max_tokens` exceed context limit"; Chat Completions gets context_length_exceeded.
   */
  contextWindow?: number;
}

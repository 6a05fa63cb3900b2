// A real HTTP server on 127.0.0.1 speaking Anthropic's Messages API and the OpenAI-compatible Chat Completions
// format: scripted replies (or a default one built from the request), request checks like the real API's,
// recorded requests, fault injection, and a control API over HTTP for tests running in another process.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { buildChatChunks, buildChatCompletion, checkChatBody, promptTokens } from './chatReply';
import { PromptCache, promptTokensOf } from './cacheUsage';
import { compactionReply, defaultReply, summarizeChat, summarizeMessages } from './defaultReply';
import { checkAuth, checkMessagesBody, type CheckFailure } from './requestChecks';
import { applyQuirks, buildMessage, buildStreamEvents, nextId } from './replyEvents';
import { anthropicError, PRE_RESPONSE, preResponseFault, sendJson } from './faultResponses';
import { writeFrames, writeRaw } from './streamWriter';
import type { EndpointOptions, Fault, RawReply, RecordedRequest, Reply, ScriptedReply } from './types';

export type * from './types';

type Json = Record<string, unknown>;

export interface Endpoint {
  url: string;
  port: number;
  /** Every API request received (control requests excluded), oldest first. */
  requests: RecordedRequest[];
  /** Queues replies, used one per API request in order; a string is a text reply. */
  script(...replies: (Reply | string)[]): void;
  /** Applies a fault to the next `times` API requests (default 1; 0 = until cleared); null clears it. */
  setFault(fault: Fault | null, options?: { times?: number }): void;
  /** Changes options (expected key, auth mode, delays) at run time. */
  configure(options: Partial<EndpointOptions>): void;
  /** Back to the start: options as given to startEndpoint, no script, no fault, no requests, empty prompt cache. */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_MODELS = [
  'claude-opus-4-5',
  'claude-sonnet-4-5',
  'claude-haiku-4-5',
  'claude-opus-4-1',
  'claude-sonnet-4-0',
  'claude-3-7-sonnet-latest',
  'claude-3-5-haiku-latest',
];

const isRaw = (r: Reply): r is RawReply => 'raw' in r;

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

export async function startEndpoint(initial: EndpointOptions = {}): Promise<Endpoint> {
  const options: EndpointOptions = { ...initial };
  const requests: RecordedRequest[] = [];
  /** Stream frames written since the last reset: how far replies have got, for tests in other processes. */
  let framesWritten = 0;
  const onFrame = () => framesWritten++;
  const queue: Reply[] = [];
  const cache = new PromptCache();
  let fault: { fault: Fault; remaining: number } | undefined;
  const sockets = new Set<Socket>();

  const takeFault = (own: Fault | undefined): Fault | undefined => {
    if (own) return own;
    if (!fault) return undefined;
    const f = fault.fault;
    if (fault.remaining > 0 && --fault.remaining === 0) fault = undefined;
    return f;
  };

  /**
   * The fault for the next reply: the queued reply's own, else the global one. A global fault that replaces the
   * whole response leaves the queued reply for the next request, so "fail twice, then answer" scripts work.
   */
  const takeReplyFault = (): Fault | undefined => {
    const head = queue[0];
    const own = head && !isRaw(head) ? head.fault : undefined;
    const f = takeFault(own);
    if (own && PRE_RESPONSE.has(own.type)) queue.shift();
    return f;
  };

  const nextReply = (fallback: () => ScriptedReply): Reply => queue.shift() ?? fallback();

  async function handleMessages(
    req: IncomingMessage,
    res: ServerResponse,
    body: unknown,
    record: RecordedRequest,
  ) {
    const failure: CheckFailure | undefined = checkMessagesBody(body, false);
    if (failure) return anthropicError(res, failure.status, failure.type, failure.message);
    const b = body as Json;
    const tooLong = contextRefusal(b);
    if (tooLong) return anthropicError(res, 400, 'invalid_request_error', tooLong);
    const f = takeReplyFault();
    if (preResponseFault(res, f, { chat: false, record })) return;
    const asked = summarizeMessages(b);
    const reply = compactionReply(asked) ?? nextReply(() => defaultReply(asked));
    const requestId = nextId('req');
    if (isRaw(reply)) return writeRaw(res, reply, { 'request-id': requestId });
    record.status = 200;
    const usage = cache.usageFor(b);
    if (b.stream !== true) {
      const message = buildMessage(reply, String(b.model), usage);
      if (f?.type === 'cut' || f?.type === 'stall') {
        const text = JSON.stringify(message);
        res.writeHead(200, { 'content-type': 'application/json', 'request-id': requestId });
        return writeFrames(res, [text.slice(0, text.length >> 1), text.slice(text.length >> 1)], {
          delayMs: 0,
          fault: f.type === 'cut' ? { type: 'cut', afterEvents: 1 } : { ...f, afterEvents: 1 },
          errorFrame: () => '',
        });
      }
      return sendJson(res, 200, message, { 'request-id': requestId });
    }
    const quirks = f?.type === 'quirks' ? f : undefined;
    const frames = buildStreamEvents(reply, String(b.model), usage, options.chunkSize ?? 12).map((event) => {
      const e = quirks ? applyQuirks(event, quirks) : event;
      return `${quirks?.noEventLines ? '' : `event: ${String(e.type)}\n`}data: ${JSON.stringify(e)}\n\n`;
    });
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'request-id': requestId,
    });
    res.flushHeaders();
    await writeFrames(res, frames, {
      delayMs: reply.delayMs ?? options.delayMs ?? 0,
      fault: f,
      onFrame,
      errorFrame: (type, message) =>
        `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId })}\n\n`,
      lineHead:
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"',
      pingFrame: 'event: ping\ndata: {"type": "ping"}\n\n',
      record,
    });
  }

  /** The API's refusal of a request over the context window, if this one is. */
  function contextRefusal(b: Json): string | undefined {
    const window = options.contextWindow;
    if (!window) return undefined;
    const prompt = promptTokensOf(b);
    if (prompt > window) return `prompt is too long: ${prompt} tokens > ${window} maximum`;
    const maxTokens = Number(b.max_tokens ?? 0);
    if (prompt + maxTokens > window)
      return `input length and \`max_tokens\` exceed context limit: ${prompt} + ${maxTokens} > ${window}, decrease input length or \`max_tokens\` and try again`;
    return undefined;
  }

  async function handleChat(res: ServerResponse, body: unknown, record: RecordedRequest) {
    const problem = checkChatBody(body);
    if (problem)
      return sendJson(res, 400, {
        error: { message: problem, type: 'invalid_request_error', param: 'messages', code: null },
      });
    const b = body as Json;
    const window = options.contextWindow;
    if (window && promptTokens(b) > window)
      return sendJson(res, 400, {
        error: {
          message: `This model's maximum context length is ${window} tokens. However, your messages resulted in ${promptTokens(b)} tokens. Please reduce the length of the messages.`,
          type: 'invalid_request_error',
          param: 'messages',
          code: 'context_length_exceeded',
        },
      });
    const f = takeReplyFault();
    if (preResponseFault(res, f, { chat: true, record })) return;
    const reply = nextReply(() => defaultReply(summarizeChat(b)));
    if (isRaw(reply)) return writeRaw(res, reply, {});
    record.status = 200;
    if (b.stream !== true) return sendJson(res, 200, buildChatCompletion(reply, b));
    const frames = buildChatChunks(reply, b, options.chunkSize ?? 12).map(
      (c) => `data: ${JSON.stringify(c)}\n\n`,
    );
    frames.push('data: [DONE]\n\n');
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    res.flushHeaders();
    await writeFrames(res, frames, {
      delayMs: reply.delayMs ?? options.delayMs ?? 0,
      fault: f,
      onFrame,
      errorFrame: (type, message) => `data: ${JSON.stringify({ error: { message, type, code: type } })}\n\n`,
      lineHead: 'data: {"choices":[{"index":0,"delta":{"content":"',
      record,
    });
  }

  function handleModels(res: ServerResponse, query: Record<string, string>, anthropicShape: boolean) {
    const ids = options.models ?? DEFAULT_MODELS;
    if (!anthropicShape) {
      return sendJson(res, 200, {
        object: 'list',
        data: ids.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'local' })),
      });
    }
    const limit = Math.min(1000, Math.max(1, Number(query.limit ?? 20) || 20));
    const start = query.after_id ? ids.indexOf(query.after_id) + 1 : 0;
    const page = ids.slice(start, start + limit);
    sendJson(res, 200, {
      data: page.map((id, i) => ({
        type: 'model',
        id,
        display_name: id.replace(/-/g, ' '),
        created_at: new Date(Date.UTC(2025, 0, 1 + i)).toISOString(),
      })),
      has_more: start + limit < ids.length,
      first_id: page[0] ?? null,
      last_id: page[page.length - 1] ?? null,
    });
  }

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string) {
    const text = req.method === 'POST' ? await readBody(req) : '';
    const body = (text ? JSON.parse(text) : {}) as Json;
    switch (`${req.method} ${path}`) {
      case 'GET /__control/health':
        return sendJson(res, 200, {
          ok: true,
          endpoint: 'claude-messages local stand-in',
          queued: queue.length,
          framesWritten,
        });
      case 'GET /__control/requests':
        return sendJson(res, 200, { requests });
      case 'POST /__control/script': {
        const replies = (Array.isArray(body) ? body : ((body.replies as unknown[] | undefined) ?? [])) as (
          Reply | string
        )[];
        endpoint.script(...replies);
        return sendJson(res, 200, { queued: queue.length });
      }
      case 'POST /__control/fault':
        endpoint.setFault((body.fault as Fault | null | undefined) ?? null, {
          times: body.times as number | undefined,
        });
        return sendJson(res, 200, { ok: true });
      case 'POST /__control/configure':
        endpoint.configure(body as Partial<EndpointOptions>);
        return sendJson(res, 200, { ok: true });
      case 'POST /__control/reset':
        endpoint.reset();
        return sendJson(res, 200, { ok: true });
      default:
        return sendJson(res, 404, { error: `unknown control route ${path}` });
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '');
    if (path.startsWith('/__control/')) return handleControl(req, res, path);
    const text = req.method === 'POST' ? await readBody(req) : '';
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );
    let body: unknown = undefined;
    let parseError = false;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        parseError = true;
      }
    }
    const record: RecordedRequest = {
      method: req.method ?? '',
      path,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      status: 0,
      at: Date.now(),
    };
    requests.push(record);
    res.on('finish', () => {
      if (record.status === 0) record.status = res.statusCode;
      options.log?.(`${record.method} ${path} -> ${record.status}`);
    });
    // A server that moved redirects before it looks at the key, on every route.
    if (fault?.fault.type === 'redirect') {
      preResponseFault(res, takeFault(undefined), { chat: false, record });
      return;
    }
    const chat = path === '/v1/chat/completions';
    const auth = checkAuth(headers, chat ? { ...options, auth: options.auth ?? 'bearer' } : options);
    if (auth) {
      if (chat)
        return sendJson(res, 401, {
          error: { message: auth.message, type: 'invalid_request_error', code: 'invalid_api_key' },
        });
      return anthropicError(res, auth.status, auth.type, auth.message);
    }
    const isModels = req.method === 'GET' && (path === '/v1/models' || path.startsWith('/v1/models/'));
    if (!chat && !isModels && options.requireVersion !== false && !headers['anthropic-version']) {
      return anthropicError(res, 400, 'invalid_request_error', 'anthropic-version: header is required');
    }
    if (parseError)
      return anthropicError(res, 400, 'invalid_request_error', 'There was an error parsing the body');
    if (req.method === 'POST' && path === '/v1/messages') return handleMessages(req, res, body, record);
    if (req.method === 'POST' && chat) return handleChat(res, body, record);
    if (req.method === 'POST' && path === '/v1/messages/count_tokens') {
      const failure = checkMessagesBody(body, true);
      if (failure) return anthropicError(res, failure.status, failure.type, failure.message);
      if (preResponseFault(res, takeFault(undefined), { chat: false, record })) return;
      const b = body as Json;
      return sendJson(res, 200, { input_tokens: promptTokensOf(b) });
    }
    if (isModels && path === '/v1/models') {
      const f = takeFault(undefined);
      if (preResponseFault(res, f, { chat: !headers['anthropic-version'], record })) return;
      return handleModels(res, record.query, headers['anthropic-version'] !== undefined);
    }
    if (isModels) {
      const id = decodeURIComponent(path.slice('/v1/models/'.length));
      if (!(options.models ?? DEFAULT_MODELS).includes(id))
        return anthropicError(res, 404, 'not_found_error', `model: ${id}`);
      return sendJson(res, 200, { type: 'model', id, display_name: id, created_at: '2025-01-01T00:00:00Z' });
    }
    return anthropicError(res, 404, 'not_found_error', `Not found: ${req.method} ${path}`);
  }

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) anthropicError(res, 500, 'api_error', `local endpoint failure: ${String(err)}`);
      else res.destroy();
    });
  };
  const server = options.tls ? createTlsServer(options.tls, onRequest) : createServer(onRequest);
  server.on('connection', (socket: Socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  const endpoint: Endpoint = {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    requests,
    script(...replies) {
      for (const r of replies)
        queue.push(typeof r === 'string' ? { content: [{ type: 'text', text: r }] } : r);
    },
    setFault(f, opts) {
      fault = f ? { fault: f, remaining: opts?.times ?? 1 } : undefined;
    },
    configure(next) {
      Object.assign(options, next);
    },
    reset() {
      for (const key of Object.keys(options) as (keyof EndpointOptions)[]) delete options[key];
      Object.assign(options, initial);
      queue.length = 0;
      fault = undefined;
      requests.length = 0;
      framesWritten = 0;
      cache.clear();
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return endpoint;
}

export { promptTokens };

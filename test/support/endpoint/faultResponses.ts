// Responses that replace a whole reply: Anthropic's error body, and the faults injected before any reply byte
// (any status with retry headers, the gateway body, an HTML page, an empty body, a reset, a hang, a redirect, a key
// echoed back, a corrupt gzip body, a body that never ends).
import type { ServerResponse } from 'node:http';
import { pumpEndless } from './endless';
import { nextId } from './replyEvents';
import type { EchoForm, Fault, RecordedRequest } from './types';

export const PRE_RESPONSE = new Set<Fault['type']>([
  'status',
  'gateway-error',
  'html',
  'empty',
  'reset',
  'hang',
  'redirect',
  'echo-key',
  'bad-gzip',
  'endless-body',
]);

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export const anthropicError = (
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  headers = {},
) => {
  const requestId = nextId('req');
  sendJson(
    res,
    status,
    { type: 'error', error: { type, message }, request_id: requestId },
    { 'request-id': requestId, ...headers },
  );
};

const errorTypeFor = (status: number): string =>
  ({
    400: 'invalid_request_error',
    401: 'authentication_error',
    402: 'billing_error',
    403: 'permission_error',
    404: 'not_found_error',
    413: 'request_too_large',
    429: 'rate_limit_error',
    500: 'api_error',
    504: 'timeout_error',
    529: 'overloaded_error',
  })[status] ?? 'api_error';

/** The key a request carried, in the form an endpoint that echoes it might show. */
export function echoKey(headers: Record<string, string>, form: EchoForm): string {
  const key = headers['x-api-key'] || headers.authorization?.replace(/^Bearer\s+/i, '') || '';
  const base64 = (text: string) => Buffer.from(text).toString('base64');
  switch (form) {
    case 'prefix':
      return `${key.slice(0, 24)}…`;
    case 'suffix':
      return `…${key.slice(-16)}`;
    case 'base64':
      return base64(key);
    case 'base64url':
      return Buffer.from(key).toString('base64url');
    case 'basic':
      return `Basic ${base64(`user:${key}`)}`;
    case 'bearer-base64':
      return base64(`Bearer ${key}`);
    case 'url':
      return encodeURIComponent(key);
  }
}

export interface FaultContext {
  /** Answer in the Chat Completions error shape. */
  chat: boolean;
  record: RecordedRequest;
}

/** Faults that replace the whole response. True when one was applied. */
export function preResponseFault(res: ServerResponse, f: Fault | undefined, ctx: FaultContext): boolean {
  if (!f) return false;
  const { chat, record } = ctx;
  switch (f.type) {
    case 'status': {
      const headers: Record<string, string> = {};
      if (f.retryAfter !== undefined) headers['retry-after'] = f.retryAfter;
      if (f.retryAfterMs !== undefined) headers['retry-after-ms'] = String(f.retryAfterMs);
      if (f.shouldRetry !== undefined) headers['x-should-retry'] = String(f.shouldRetry);
      if (f.endless) {
        res.writeHead(f.status, { 'content-type': 'text/plain', ...headers });
        const piece = typeof f.body === 'string' ? f.body : 'runaway error page ';
        void pumpEndless(res, { head: '', piece }, record);
      } else if (f.body !== undefined) {
        const text = typeof f.body === 'string' ? f.body : JSON.stringify(f.body);
        res.writeHead(f.status, {
          'content-type': typeof f.body === 'string' ? 'text/plain' : 'application/json',
          ...headers,
        });
        res.end(text);
      } else if (chat) {
        sendJson(
          res,
          f.status,
          { error: { message: f.message ?? `HTTP ${f.status}`, type: errorTypeFor(f.status), code: null } },
          headers,
        );
      } else {
        anthropicError(
          res,
          f.status,
          f.errorType ?? errorTypeFor(f.status),
          f.message ?? `Injected HTTP ${f.status}`,
          headers,
        );
      }
      return true;
    }
    case 'gateway-error':
      sendJson(res, f.httpStatus ?? 200, {
        success: false,
        error: { code: f.code ?? 'api_error', message: f.message ?? 'upstream request failed' },
        trace_id: f.traceId ?? nextId('trace'),
      });
      return true;
    case 'html': {
      const status = f.status ?? 502;
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end(
        `<!DOCTYPE html><html><head><title>${status} Bad Gateway</title></head><body><center><h1>${status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>`,
      );
      return true;
    }
    case 'empty':
      res.writeHead(f.status, { 'content-length': '0' });
      res.end();
      return true;
    case 'reset':
      res.socket?.destroy();
      return true;
    case 'hang': {
      const timer = f.ms === undefined ? undefined : setTimeout(() => res.socket?.destroy(), f.ms);
      res.once('close', () => timer && clearTimeout(timer));
      return true;
    }
    case 'redirect':
      res.writeHead(f.status, { location: f.location, 'content-type': 'text/plain' });
      res.end(`Moved to ${f.location}`);
      return true;
    case 'echo-key':
      anthropicError(
        res,
        401,
        'authentication_error',
        `invalid credentials: ${echoKey(record.headers, f.form)}`,
      );
      return true;
    case 'bad-gzip':
      res.writeHead(200, { 'content-type': f.contentType ?? 'application/json', 'content-encoding': 'gzip' });
      res.end('this body says gzip but is plain text, not gzip at all');
      return true;
    case 'endless-body': {
      const json = { head: '{"type":"message","content":[{"type":"text","text":"', piece: 'runaway ' };
      if (f.body === 'html') {
        res.writeHead(200, { 'content-type': 'text/html' });
        void pumpEndless(res, { head: '<!DOCTYPE html><html><body>', piece: '<p>runaway page</p>' }, record);
      } else {
        res.writeHead(200, f.body === 'json' ? { 'content-type': 'application/json' } : {});
        void pumpEndless(res, json, record);
      }
      return true;
    }
    default:
      return false;
  }
}

// Responses that replace a whole reply: Anthropic's error body, and the faults injected before any reply byte
// (any status with retry headers, the gateway body, an HTML page, an empty body, a reset, a hang).
import type { ServerResponse } from 'node:http';
import { nextId } from './replyEvents';
import type { Fault } from './types';

export const PRE_RESPONSE = new Set<Fault['type']>([
  'status',
  'gateway-error',
  'html',
  'empty',
  'reset',
  'hang',
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

/** Faults that replace the whole response. True when one was applied. */
export function preResponseFault(res: ServerResponse, f: Fault | undefined, chat: boolean): boolean {
  if (!f) return false;
  switch (f.type) {
    case 'status': {
      const headers: Record<string, string> = {};
      if (f.retryAfter !== undefined) headers['retry-after'] = f.retryAfter;
      if (f.retryAfterMs !== undefined) headers['retry-after-ms'] = String(f.retryAfterMs);
      if (f.shouldRetry !== undefined) headers['x-should-retry'] = String(f.shouldRetry);
      if (f.endless) {
        res.writeHead(f.status, { 'content-type': 'text/plain', ...headers });
        const piece = typeof f.body === 'string' ? f.body : 'runaway error page '.repeat(800);
        const pump = () => {
          if (res.destroyed || res.writableEnded) return;
          if (res.write(piece)) setImmediate(pump);
          else res.once('drain', pump);
        };
        res.once('close', () => res.destroy());
        pump();
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
    default:
      return false;
  }
}

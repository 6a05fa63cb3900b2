// The "Claude Messages" log: one line per request attempt (endpoint, model, status, request id, timings, retries).
// Content (what was asked) is logged only with claudeMessages.verboseLogging on; the key never, even then.
import { redact } from './redact';
import type { MessagesClient, RequestLogEntry } from './client';
import type { MessagesRequest } from './schema';

/** Where log lines go: the host passes VS Code's LogOutputChannel, tests a list. */
export interface RequestLog {
  info(line: string): void;
  warn(line: string): void;
}

export function requestLogLine(baseUrl: string, e: RequestLogEntry): string {
  const ms = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v)}ms`);
  return (
    `${e.method} ${baseUrl}${e.endpoint} model=${e.model ?? '-'} attempt=${e.attempt} status=${e.status ?? '-'} ` +
    `outcome=${e.outcome}${e.errorKind ? ` kind=${e.errorKind}` : ''} request-id=${e.requestId ?? '-'} ` +
    `headers=${ms(e.headersMs)} total=${ms(e.durationMs)}${e.retryInMs !== undefined ? ` retry-in=${ms(e.retryInMs)}` : ''}`
  );
}

/** The client's onLog for one endpoint: retries and failures as warnings, the rest as info. */
export function requestLogger(log: RequestLog, baseUrl: string) {
  return (e: RequestLogEntry) => {
    const line = requestLogLine(baseUrl, e);
    if (e.outcome === 'ok') log.info(line);
    else log.warn(line);
  };
}

/** With verbose logging on: the request body as sent (minus nothing but the key, which is never in a body). */
export function logRequestContent(log: RequestLog, request: MessagesRequest, key: string | undefined): void {
  const body = JSON.stringify(request);
  const shown = body.length > 20_000 ? `${body.slice(0, 20_000)}… (${body.length} chars)` : body;
  log.info(`request body: ${redact(shown, [key])}`);
}

/**
 * With verbose logging, every request the client sends is logged with its body first. `key` is false when verbose
 * logging is off (the client is returned untouched), else the key to redact (bodies never hold it; belt and braces).
 */
export function withContentLogging(
  client: MessagesClient,
  log: RequestLog,
  key: string | undefined | false,
): MessagesClient {
  if (key === false) return client;
  const stream = client.stream.bind(client);
  const create = client.create.bind(client);
  client.stream = (request, callbacks, signal) => {
    logRequestContent(log, request, key);
    return stream(request, callbacks, signal);
  };
  client.create = (request, signal) => {
    logRequestContent(log, request, key);
    return create(request, signal);
  };
  return client;
}

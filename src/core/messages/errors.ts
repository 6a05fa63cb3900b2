// One typed error for everything that can go wrong talking to an endpoint: HTTP errors (Anthropic's body, the
// gateway body, HTML or text pages, empty bodies), gateway errors inside HTTP 200, SSE error events, network
// failures, timeouts, truncation, redirects and aborts. `kind` is what the UI switches on; the key never appears
// here (redact.ts).
import { l10n } from '../l10n';
import { redact } from './redact';
import { retryAfterFromHeaders, statusIsRetryable } from './retry';
import type { Message } from './schema';

export type ApiErrorKind =
  | 'auth'
  | 'permission'
  | 'billing'
  | 'rate_limit'
  | 'overloaded'
  | 'not_found'
  | 'invalid_request'
  | 'too_large'
  | 'gateway'
  | 'server'
  | 'network'
  | 'timeout'
  | 'truncated'
  | 'aborted'
  | 'invalid_response'
  | 'redirect'
  | 'retry_turn'
  | 'unsupported';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  message: string;
  status?: number;
  type?: string;
  code?: string;
  requestId?: string;
  retryable?: boolean;
  retryAfterMs?: number;
  partial?: Message;
  /** For kind 'redirect': where the endpoint pointed (redacted), and the base URL that would reach it directly. */
  redirectTo?: string;
  suggestedBaseUrl?: string;
  cause?: unknown;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly status: number | undefined;
  /** Anthropic's error type (`overloaded_error`) or the gateway's `error.code`. */
  readonly type: string | undefined;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  /** The reply as far as it got, for 'truncated' and 'aborted' (and mid-stream errors). */
  partial: Message | undefined;
  readonly redirectTo: string | undefined;
  readonly suggestedBaseUrl: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.status = init.status;
    this.type = init.type;
    this.code = init.code;
    this.requestId = init.requestId;
    this.retryable = init.retryable ?? false;
    this.retryAfterMs = init.retryAfterMs;
    this.partial = init.partial;
    this.redirectTo = init.redirectTo;
    this.suggestedBaseUrl = init.suggestedBaseUrl;
  }

  /** Same error, carrying the partial reply (errors are built before the stream state is known). */
  withPartial(partial: Message | undefined): ApiError {
    this.partial = partial;
    return this;
  }
}

const typeToKind: Record<string, ApiErrorKind> = {
  authentication_error: 'auth',
  permission_error: 'permission',
  billing_error: 'billing',
  not_found_error: 'not_found',
  rate_limit_error: 'rate_limit',
  overloaded_error: 'overloaded',
  invalid_request_error: 'invalid_request',
  request_too_large: 'too_large',
  timeout_error: 'timeout',
  api_error: 'server',
};

export function kindForStatus(status: number): ApiErrorKind {
  if (status === 401) return 'auth';
  if (status === 402) return 'billing';
  if (status === 403) return 'permission';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'too_large';
  if (status === 429) return 'rate_limit';
  if (status === 529) return 'overloaded';
  if (status === 502 || status === 503) return 'gateway';
  if (status >= 500) return 'server';
  return 'invalid_request';
}

function kindForType(type: string | undefined, status: number | undefined): ApiErrorKind {
  const known = type ? typeToKind[type] : undefined;
  // `api_error` is the generic type: a 502/503/504 carrying it says more through its status.
  if (known === 'server' && status !== undefined && status !== 200) return kindForStatus(status);
  if (known) return known;
  if (type && /auth|unauthori[sz]ed|api_key|invalid_key/i.test(type)) return 'auth';
  if (type && /rate|limit|quota/i.test(type)) return 'rate_limit';
  if (type && /overload|capacity/i.test(type)) return 'overloaded';
  return status !== undefined && status !== 200 ? kindForStatus(status) : 'server';
}

/** A 429 about money (credit balance, spend limit, quota exhausted) will not clear by waiting: never loop on it. */
export function isSpendLimit(message: string, type?: string): boolean {
  return (
    type === 'billing_error' ||
    /credit balance|spend(ing)? limit|usage limit|billing|insufficient (funds|quota|balance)|quota exceeded|exceeded your current quota/i.test(
      message,
    )
  );
}

export function isRetryableKind(kind: ApiErrorKind): boolean {
  return (
    kind === 'rate_limit' ||
    kind === 'overloaded' ||
    kind === 'server' ||
    kind === 'gateway' ||
    kind === 'network' ||
    kind === 'timeout'
  );
}

interface ParsedErrorBody {
  type?: string;
  code?: string;
  message?: string;
  requestId?: string;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}

/**
 * Reads an error out of a JSON value in any of the shapes endpoints use: Anthropic's
 * `{type:'error', error:{type,message}, request_id}`, the gateway's `{success:false, error:{code,message}, trace_id}`,
 * OpenAI's `{error:{message,type,code}}`, or a bare `{message}` / `{detail}`. Returns undefined when it is not one.
 */
export function parseErrorBody(value: unknown): ParsedErrorBody | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const requestId = str(v.request_id) ?? str(v.trace_id) ?? str(v.requestId);
  const e = v.error;
  if (typeof e === 'object' && e !== null) {
    const err = e as Record<string, unknown>;
    return { type: str(err.type), code: str(err.code), message: str(err.message) ?? str(err.msg), requestId };
  }
  if (typeof e === 'string') return { type: str(v.type), message: e, requestId };
  if (v.success === false || v.type === 'error') {
    return { code: str(v.code), message: str(v.message) ?? str(v.msg), requestId };
  }
  const message = str(v.message) ?? str(v.detail);
  if (message !== undefined && Object.keys(v).length <= 4) return { code: str(v.code), message, requestId };
  return undefined;
}

/** True when a 200 JSON body is in fact a gateway error (`success:false`, `type:'error'`, or an `error` object). */
export function isErrorPayload(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.success === false || v.type === 'error' || (typeof v.error === 'object' && v.error !== null);
}

export interface ErrorContext {
  status: number;
  headers?: Headers;
  secrets?: readonly (string | undefined)[];
}

function titleFor(kind: ApiErrorKind): string {
  switch (kind) {
    case 'auth':
      return l10n.t('The endpoint rejected the API key');
    case 'permission':
      return l10n.t('The key is not allowed to do this');
    case 'billing':
      return l10n.t('The account has no credit or hit its spend limit');
    case 'rate_limit':
      return l10n.t('Rate limited by the endpoint');
    case 'overloaded':
      return l10n.t('The endpoint is overloaded');
    case 'not_found':
      return l10n.t('Not found (check the base URL and model)');
    case 'too_large':
      return l10n.t('The request is too large');
    case 'gateway':
      return l10n.t('A gateway or proxy in front of the endpoint failed');
    case 'timeout':
      return l10n.t('The endpoint timed out');
    default:
      return l10n.t('The endpoint returned an error');
  }
}

function textSnippet(body: string): string {
  const stripped = body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<title>([\s\S]*?)<\/title>/i, '$1: ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return stripped.length > 200 ? `${stripped.slice(0, 200)}…` : stripped;
}

/** Builds the error for a failed reply from its status, headers and body text. */
export function errorFromResponse(body: string, ctx: ErrorContext): ApiError {
  const { status, headers } = ctx;
  const headerRequestId = headers?.get('request-id') ?? headers?.get('x-request-id') ?? undefined;
  let parsed: ParsedErrorBody | undefined;
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      parsed = parseErrorBody(JSON.parse(trimmed));
    } catch {
      parsed = undefined;
    }
  }
  const isHtml = /^<(!doctype|html|head|body)/i.test(trimmed);
  const type = parsed?.type;
  const code = parsed?.code;
  // 401/403 mean the key whatever the body calls it (OpenAI-style gateways say `invalid_request_error`).
  let kind = status === 401 || status === 403 ? kindForStatus(status) : kindForType(type ?? code, status);
  if (isHtml && status < 500 && status !== 429 && status !== 401 && status !== 403) kind = 'gateway';
  const detail = parsed?.message ?? (trimmed === '' ? undefined : textSnippet(trimmed));
  if (kind === 'rate_limit' && detail && isSpendLimit(detail, type)) kind = 'billing';
  const statusText = status === 200 ? l10n.t('HTTP 200 with an error body') : `HTTP ${status}`;
  const message = `${titleFor(kind)} (${statusText}${type || code ? `, ${type ?? code}` : ''})${
    detail ? `: ${detail}` : `: ${isHtml ? l10n.t('an HTML error page') : l10n.t('empty body')}`
  }`;
  return new ApiError({
    kind,
    status,
    type: type ?? code,
    code,
    message: redact(message, ctx.secrets ?? []),
    requestId: parsed?.requestId ?? headerRequestId,
    // A 200 carrying an error body has no meaningful status: judge by what the body says.
    retryable:
      kind !== 'billing' && (status === 200 ? isRetryableKind(kind) : statusIsRetryable(status, headers)),
    retryAfterMs: retryAfterFromHeaders(headers),
  });
}

/** The error for an SSE `error` event (`{type:'error', error:{type,message}}`) or a gateway body inside a stream. */
export function errorFromEvent(
  value: unknown,
  requestId: string | undefined,
  secrets: readonly (string | undefined)[],
) {
  const parsed = parseErrorBody(value) ?? {};
  const type = parsed.type ?? parsed.code;
  let kind = kindForType(type, undefined);
  if (kind === 'rate_limit' && parsed.message && isSpendLimit(parsed.message, type)) kind = 'billing';
  return new ApiError({
    kind,
    type,
    code: parsed.code,
    message: redact(
      `${titleFor(kind)} (${l10n.t('mid-stream')}${type ? `, ${type}` : ''}): ${parsed.message ?? l10n.t('no message')}`,
      secrets,
    ),
    requestId: parsed.requestId ?? requestId,
    retryable: isRetryableKind(kind),
  });
}

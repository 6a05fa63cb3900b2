// Redirects, followed by hand (docs/threat-model.md, K4). fetch's own following would send `x-api-key` (undici
// strips only Authorization) and, on a 307/308, the whole conversation to wherever the endpoint points, over plain
// http too. So every request goes out with `redirect: 'manual'`: a redirect within the same origin (scheme, host
// and port, where the key goes anyway) is followed the way fetch follows it (307/308 keep the method and body;
// 301/302 turn a POST into a GET without a body, as 303 does anything), at most MAX_REDIRECTS times. A redirect to
// any other origin is not followed: the error names the target and, when the target is an API address, the base
// URL that would reach it directly, for the user to set if they trust it.
import { ApiError } from './errors';
import { redact } from './redact';

export const MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Enough of a target to recognise it; a runaway Location header is not shown whole. */
const MAX_SHOWN = 300;

export interface OutgoingRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

export interface RedirectPolicy {
  fetch: typeof globalThis.fetch;
  /** Taken out of a target before it is shown (an endpoint may put the key in the query). */
  secrets: readonly (string | undefined)[];
}

/** fetch, following redirects only within the origin of `url`; throws ApiError kind 'redirect' for any other. */
export async function fetchSameOrigin(
  url: string,
  request: OutgoingRequest,
  policy: RedirectPolicy,
): Promise<Response> {
  const origin = new URL(url).origin;
  let current = url;
  let { method, body, headers } = request;
  for (let hops = 0; ; hops++) {
    const response = await policy.fetch(current, {
      method,
      headers,
      body,
      signal: request.signal,
      redirect: 'manual',
    });
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    // A 3xx without a Location is not a redirect anyone could follow: it is reported as the HTTP error it is.
    if (location === null) return response;
    // The redirect's own body is not wanted; dropping it frees the connection.
    await response.body?.cancel().catch(() => undefined);
    const status = response.status;
    const target = parse(location, current);
    if (target === undefined || target.origin !== origin) {
      throw refused({ status, from: current, target, location }, policy.secrets);
    }
    if (hops >= MAX_REDIRECTS) {
      throw new ApiError({
        kind: 'redirect',
        status,
        message: redact(
          `The endpoint redirected more than ${MAX_REDIRECTS} times (last to ${shown(target.href)}); check the base URL.`,
          policy.secrets,
        ),
        redirectTo: redact(shown(target.href), policy.secrets),
      });
    }
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = withoutBodyHeaders(headers);
    }
    current = target.href;
  }
}

function parse(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

function shown(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

function withoutBodyHeaders(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _type, 'content-length': _length, ...rest } = headers;
  return rest;
}

/**
 * The base URL that reaches a redirect target directly: everything before its `/v1/` (Messages API addresses all
 * have one). Undefined when the target is not such an address (a login page, say).
 */
export function baseUrlFor(target: URL): string | undefined {
  const path = target.pathname;
  const at = path.lastIndexOf('/v1/');
  const end = at !== -1 ? at : path.endsWith('/v1') ? path.length - 3 : -1;
  if (end === -1) return undefined;
  return `${target.origin}${path.slice(0, end)}`;
}

interface Refusal {
  status: number;
  from: string;
  target: URL | undefined;
  location: string;
}

function refused(r: Refusal, secrets: readonly (string | undefined)[]): ApiError {
  const to = shown(r.target?.href ?? r.location);
  const lead = `The endpoint redirected to ${to} (HTTP ${r.status})`;
  const notSent = 'so the key and the request were not sent there';
  let message: string;
  let suggested: string | undefined;
  if (r.target === undefined || (r.target.protocol !== 'https:' && r.target.protocol !== 'http:')) {
    message = `${lead}, which is not an address the client can use; check the base URL.`;
  } else if (new URL(r.from).protocol === 'https:' && r.target.protocol === 'http:') {
    message = `${lead}, an unencrypted (http) address, ${notSent}; check the base URL, and keep it on https.`;
  } else {
    suggested = baseUrlFor(r.target);
    message = suggested
      ? `${lead}, another origin, ${notSent}; set the base URL to ${suggested} if you trust it.`
      : `${lead}, another origin, ${notSent}; check the base URL.`;
  }
  return new ApiError({
    kind: 'redirect',
    status: r.status,
    message: redact(message, secrets),
    redirectTo: redact(to, secrets),
    suggestedBaseUrl: suggested === undefined ? undefined : redact(suggested, secrets),
  });
}

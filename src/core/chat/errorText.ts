// Turns any failure of a turn into words a user can act on. The client's errors never carry the key.
import { ApiError, isRetryableKind } from '../messages/errors';

export interface ErrorDescription {
  kind: string;
  message: string;
  retryable: boolean;
}

export function describeError(e: unknown): ErrorDescription {
  if (!(e instanceof ApiError)) {
    return {
      kind: 'internal',
      message: `Something went wrong: ${e instanceof Error ? e.message : String(e)}`,
      retryable: true,
    };
  }
  const ref = [e.code ?? e.type, e.requestId ? `request id ${e.requestId}` : undefined]
    .filter(Boolean)
    .join(', ');
  const suffix = ref ? ` (${ref})` : '';
  const wait = e.retryAfterMs !== undefined ? ` Try again in ${Math.ceil(e.retryAfterMs / 1000)} s.` : '';
  const advice: Partial<Record<string, string>> = {
    auth: 'The endpoint refused the key. Run "Claude: Set API Key", and check that the key belongs to this endpoint and that the auth header setting (x-api-key or bearer) is the one it expects.',
    permission: 'The key is valid but not allowed to do this.',
    billing: 'The account behind this key has a billing or spend-limit problem.',
    rate_limit: `Rate limited by the endpoint.${wait}`,
    overloaded: `The endpoint is overloaded right now.${wait || ' Try again shortly.'}`,
    not_found:
      'The endpoint answered "not found": check the base URL, the model id, and whether this endpoint speaks the Messages API or only Chat Completions (setting claudeMessages.apiFormat).',
    network: 'Could not reach the endpoint: check the base URL and your network or proxy.',
    timeout: 'The endpoint stopped answering in time.',
    truncated: 'The reply was cut off before it finished.',
  };
  const lead = advice[e.kind];
  const message = lead ? `${lead}\n${e.message}${suffix}` : `${e.message}${suffix}`;
  return {
    kind: e.kind,
    message,
    // Whether the view offers Retry: what the client retries by itself, and a reply cut off mid-way (the client
    // never re-sends one whose reply had started, but the user may).
    retryable: e.retryable || isRetryableKind(e.kind) || e.kind === 'truncated',
  };
}

// Turns any failure of a turn into words a user can act on. The client's errors never carry the key.
import { ApiError, isRetryableKind } from '../messages/errors';
import { l10n } from '../l10n';

export interface ErrorDescription {
  kind: string;
  message: string;
  retryable: boolean;
}

export function describeError(e: unknown): ErrorDescription {
  if (!(e instanceof ApiError)) {
    return {
      kind: 'internal',
      message: l10n.t('Something went wrong: {0}', e instanceof Error ? e.message : String(e)),
      retryable: true,
    };
  }
  const ref = [e.code ?? e.type, e.requestId ? l10n.t('request id {0}', e.requestId) : undefined]
    .filter(Boolean)
    .join(', ');
  const suffix = ref ? ` (${ref})` : '';
  const wait =
    e.retryAfterMs !== undefined ? ' ' + l10n.t('Try again in {0} s.', Math.ceil(e.retryAfterMs / 1000)) : '';
  const advice: Partial<Record<string, string>> = {
    auth: l10n.t(
      'The endpoint refused the key. Run "Claude: Set API Key", and check that the key belongs to this endpoint and that the auth header setting (x-api-key or bearer) is the one it expects.',
    ),
    permission: l10n.t('The key is valid but not allowed to do this.'),
    billing: l10n.t('The account behind this key has a billing or spend-limit problem.'),
    rate_limit: l10n.t('Rate limited by the endpoint.') + wait,
    overloaded:
      l10n.t('The endpoint is overloaded right now.') + (wait || ' ' + l10n.t('Try again shortly.')),
    not_found: l10n.t(
      'The endpoint answered "not found": check the base URL, the model id, and whether this endpoint speaks the Messages API or only Chat Completions (setting claudeMessages.apiFormat).',
    ),
    network: l10n.t('Could not reach the endpoint: check the base URL and your network or proxy.'),
    timeout: l10n.t('The endpoint stopped answering in time.'),
    truncated: l10n.t('The reply was cut off before it finished.'),
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

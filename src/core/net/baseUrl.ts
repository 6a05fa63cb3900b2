// Base URLs as people paste them: the API root (`https://host`), the root with its version (`https://host/v1`), or
// a whole request URL copied from a gateway's docs (`https://host/v1/messages`, `.../v1/chat/completions`,
// `.../v1/models`), with or without a trailing slash. All of them name the same API root; the extension adds the
// request path itself. Users trip over this in every client (continue#13048), so it is decided here, once.
import { l10n } from '../l10n';

/** Request paths the extension adds itself; a base URL ending in one of them means the root before it. */
const REQUEST_PATHS = [
  '/v1/messages/count_tokens',
  '/v1/messages',
  '/v1/chat/completions',
  '/v1/models',
  '/v1',
] as const;

export interface NormalisedBaseUrl {
  /** The API root requests are built on: no trailing slash, no `/v1`, no request path. */
  url: string;
  /** What was cut off the end of what the user entered (`/v1/messages`), when anything was. */
  dropped?: string;
  /** The wire format the dropped path belongs to, when it names one. */
  impliedFormat?: 'messages' | 'chat-completions';
}

/**
 * The API root for a base URL as entered, or why it cannot be one. Only the end of the path is touched: a gateway
 * whose API lives under a prefix (`https://host/api/anthropic`) keeps its prefix.
 */
export function normaliseBaseUrl(raw: unknown): NormalisedBaseUrl | { problem: string } {
  if (typeof raw !== 'string' || raw.trim() === '')
    return {
      problem: l10n.t("is empty: set it to https://api.anthropic.com or your gateway's root URL."),
    };
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: l10n.t('"{0}" is not a URL: it should look like https://api.anthropic.com.', text) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { problem: l10n.t('"{0}" is not an http(s) URL.', text) };
  if (url.username || url.password)
    return {
      problem: l10n.t('must not contain a user name or password: store the key with "Claude: Set API Key".'),
    };
  if (url.search || url.hash)
    return { problem: l10n.t('"{0}" has a query or fragment; give only the API root.', text) };
  const path = url.pathname.replace(/\/+$/, '');
  const lower = path.toLowerCase();
  const root = `${url.protocol}//${url.host}`;
  for (const tail of REQUEST_PATHS) {
    if (lower.endsWith(tail)) {
      const prefix = path.slice(0, path.length - tail.length);
      return {
        url: root + prefix,
        dropped: tail,
        impliedFormat:
          tail === '/v1/chat/completions'
            ? 'chat-completions'
            : tail.startsWith('/v1/messages')
              ? 'messages'
              : undefined,
      };
    }
  }
  return { url: root + path };
}

/**
 * The sentence Test Connection shows about the base URL: what was used and what the extension adds, so a user who
 * pasted a request URL sees why it works (and which format the pasted path belongs to, when that differs).
 */
export function describeBaseUrl(
  entered: string,
  used: string,
  apiFormat: 'messages' | 'chat-completions',
): string | undefined {
  const n = normaliseBaseUrl(entered);
  if ('problem' in n || n.dropped === undefined) return undefined;
  const path = apiFormat === 'chat-completions' ? '/v1/chat/completions' : '/v1/messages';
  const note = l10n.t(
    'Using {0} (the {1} you entered is added by the extension: it requests {2}).',
    used,
    n.dropped,
    path,
  );
  if (n.impliedFormat && n.impliedFormat !== apiFormat)
    return `${note} ${l10n.t(
      'The address you entered is a {0} address, but claudeMessages.apiFormat is "{1}": set apiFormat to "{0}" if this endpoint speaks only that.',
      n.impliedFormat,
      apiFormat,
    )}`;
  return note;
}

// What to do about a failed connection step, in words. Network failures are told apart by the error codes Node's
// fetch (undici) puts in `cause`; HTTP failures by the ApiError's kind, status and the endpoint's own code.
import { l10n } from '../l10n';
import type { ApiError } from '../messages/errors';
import { NetworkSettingError } from '../net/networkFetch';
import { codesOf, ProxyFailure, tlsFailure } from '../net/networkErrors';

export type NetworkClass = 'dns' | 'refused' | 'tls' | 'timeout' | 'reset' | 'proxy' | 'setting' | 'other';

export interface NetworkFailure {
  kind: NetworkClass;
  code?: string;
  detail: string;
  /** What to do, when the failure itself says (a proxy, a certificate, a setting). */
  advice?: string;
}

const TLS_CODE =
  /^(EPROTO|ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;

/** Finds a ProxyFailure or NetworkSettingError in the cause chain. */
function findCause<T>(err: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 6; depth++) {
    if (e instanceof type) return e;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyNetworkError(err: unknown, host = 'The endpoint'): NetworkFailure {
  const proxy = findCause(err, ProxyFailure);
  if (proxy) return { kind: 'proxy', code: proxy.code, detail: proxy.message, advice: proxy.advice };
  const setting = findCause(err, NetworkSettingError);
  if (setting)
    return {
      kind: 'setting',
      code: setting.code,
      detail: setting.message,
      advice: l10n.t('Fix the setting in your user settings (Preferences: Open User Settings (JSON)).'),
    };
  const tlsProblem = tlsFailure(err, host);
  if (tlsProblem)
    return { kind: 'tls', code: tlsProblem.code, detail: tlsProblem.detail, advice: tlsProblem.advice };
  const codes = codesOf(err);
  const message = (err as { message?: string } | null)?.message ?? String(err);
  const has = (re: RegExp) => codes.find((c) => re.test(c));
  let code: string | undefined;
  if ((code = has(/^(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)$/)))
    return { kind: 'dns', code, detail: l10n.t('The host name could not be resolved ({0}).', code) };
  if ((code = has(/^ECONNREFUSED$/)))
    return {
      kind: 'refused',
      code,
      detail: l10n.t(
        'The connection was refused (ECONNREFUSED): nothing is listening at that address and port.',
      ),
    };
  if ((code = has(TLS_CODE)))
    return { kind: 'tls', code, detail: l10n.t('The TLS (https) handshake failed ({0}).', code) };
  if ((code = has(/^(TIMEOUT|UND_ERR_CONNECT_TIMEOUT|UND_ERR_HEADERS_TIMEOUT|ETIMEDOUT)$/)))
    return {
      kind: 'timeout',
      code,
      detail: l10n.t('No answer in time ({0}).', code === 'TIMEOUT' ? l10n.t('timed out') : code),
    };
  if ((code = has(/^(ECONNRESET|UND_ERR_SOCKET|EPIPE|ENETUNREACH|EHOSTUNREACH)$/)))
    return { kind: 'reset', code, detail: l10n.t('The connection failed ({0}).', code) };
  if (/ssl|tls|certificate/i.test(message))
    return { kind: 'tls', detail: l10n.t('The TLS (https) handshake failed: {0}', message) };
  return {
    kind: 'other',
    code: codes[0],
    detail: l10n.t('Could not reach the endpoint: {0}.', codes[0] ?? message),
  };
}

export function adviceForNetwork(f: NetworkFailure, baseUrl: string): string {
  if (f.advice) return f.advice;
  let host = baseUrl;
  try {
    host = new URL(baseUrl).host;
  } catch {
    /* validated earlier; keep the text */
  }
  switch (f.kind) {
    case 'dns':
      return l10n.t(
        'Check the spelling of "{0}" in the base URL, and your network or VPN: the name must resolve from this machine.',
        host,
      );
    case 'refused':
      return l10n.t(
        'Check the port and scheme in the base URL ({0}) and that the gateway is running.',
        baseUrl,
      );
    case 'tls':
      return l10n.t(
        'If the endpoint speaks plain HTTP, use http://; if it uses a company certificate, add its CA to the system store (or NODE_EXTRA_CA_CERTS); check the host name matches the certificate.',
      );
    case 'timeout':
      return l10n.t(
        "{0} did not answer: check a firewall or proxy (VS Code's http.proxy setting), or try again.",
        host,
      );
    case 'reset':
      return l10n.t(
        'The connection was cut: a proxy or firewall may block it, or the endpoint expects https.',
      );
    default:
      return l10n.t('Check the base URL and your network or proxy settings.');
  }
}

export interface AdviceContext {
  apiFormat: 'messages' | 'chat-completions';
  authHeader: 'x-api-key' | 'bearer';
  model: string;
}

/** What to do about an endpoint's error in a given step. Gateway codes and trace ids are quoted for its operator. */
export function adviceForError(e: ApiError, ctx: AdviceContext, step: 'key' | 'message'): string {
  const other = ctx.authHeader === 'bearer' ? 'x-api-key' : 'bearer';
  const ref = [e.code ?? e.type, e.requestId ? l10n.t('trace/request id {0}', e.requestId) : undefined]
    .filter(Boolean)
    .join(', ');
  const quote = ref ? ' ' + l10n.t('When asking its operator, quote: {0}.', ref) : '';
  switch (e.kind) {
    case 'auth':
      return (
        l10n.t(
          'The key was refused by this host. Run "Claude: Set API Key" with a key issued for this endpoint; if the key is right, this host may expect the key as {0} (setting authHeader).',
          other,
        ) + quote
      );
    case 'permission':
      return (
        l10n.t('The key is valid but not allowed to do this (wrong workspace, model or region).') + quote
      );
    case 'billing':
      return l10n.t('The account behind this key is out of credit or hit its spend limit.') + quote;
    case 'not_found':
      if (mentionsModel(e, ctx.model))
        return (
          l10n.t(
            'This endpoint does not know the model "{0}": pick one it lists (claudeMessages.model).',
            ctx.model,
          ) + quote
        );
      return ctx.apiFormat === 'messages'
        ? l10n.t(
            'POST /v1/messages was not found: this endpoint may speak only Chat Completions (switch apiFormat to "chat-completions"), or the base URL has a wrong path.',
          ) + quote
        : l10n.t(
            'POST /v1/chat/completions was not found: switch apiFormat to "messages", or check the base URL\'s path.',
          ) + quote;
    case 'rate_limit':
    case 'overloaded':
      return (
        l10n.t(
          'The endpoint is busy or rate-limiting this key; the connection itself works. Try again shortly.',
        ) + quote
      );
    case 'invalid_request':
      return step === 'message'
        ? l10n.t(
            'The endpoint refused the request itself: check the model id, anthropicVersion and anthropicBeta settings.',
          ) + quote
        : l10n.t('The endpoint refused the request.') + quote;
    case 'gateway':
    case 'server':
      return (
        l10n.t('The endpoint (or a gateway in front of it) reported its own failure.') +
        (quote || ' ' + l10n.t('Try again, or contact its operator.'))
      );
    case 'timeout':
      return l10n.t('The endpoint did not answer in time: check a proxy or firewall, or try again.');
    case 'redirect':
      return adviceForRedirect(e);
    case 'network':
      return adviceForNetwork(classifyNetworkError(e.cause ?? e), '');
    default:
      return l10n.t('Unexpected answer from the endpoint.') + quote;
  }
}

/** Where the endpoint pointed and what to set; the key never follows a redirect (docs/threat-model.md, K4). */
function adviceForRedirect(e: ApiError): string {
  const never = l10n.t('The key and the request are never sent along a redirect to another origin.');
  if (e.suggestedBaseUrl)
    return `${l10n.t('The endpoint redirected to {0}; set the base URL to {1} if you trust it.', e.redirectTo ?? '?', e.suggestedBaseUrl)} ${never}`;
  return `${l10n.t('The endpoint redirected to {0}, which is not followed.', e.redirectTo ?? '?')} ${never} ${l10n.t('Check the base URL (and keep it on https).')}`;
}

/** A 404 about the model (Anthropic: "model: x"; gateways name the id) rather than about the path. */
export function mentionsModel(e: ApiError, model: string): boolean {
  return (model !== '' && e.message.includes(model)) || /\bmodel:/i.test(e.message);
}

// Network failures in words a user can act on: a proxy that refused (naming it as host:port, never its password)
// and a certificate the connection did not trust (naming the problem: self-signed, unknown issuer, expired, wrong
// host). Used by the transport (the chat's error) and by Test Connection's advice.
import { l10n } from '../l10n';

export type ProxyProblem = 'auth' | 'tunnel' | 'unreachable';

/** A request failed at the proxy: thrown by the proxy-aware fetch in place of fetch's own TypeError. */
export class ProxyFailure extends Error {
  readonly code = 'PROXY_FAILURE';
  constructor(
    readonly problem: ProxyProblem,
    /** host:port of the proxy. */
    readonly proxy: string,
    message: string,
    readonly advice: string,
    readonly status?: number,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'ProxyFailure';
  }
}

/** Error codes in an error's cause chain (AggregateError included), innermost first. */
export function codesOf(err: unknown, depth = 0): string[] {
  if (depth > 6 || typeof err !== 'object' || err === null) return [];
  const e = err as { code?: unknown; cause?: unknown; errors?: unknown; name?: unknown };
  const own = typeof e.code === 'string' ? [e.code] : [];
  if (e.name === 'TimeoutError') own.push('TIMEOUT');
  const nested = [
    ...codesOf(e.cause, depth + 1),
    ...(Array.isArray(e.errors) ? e.errors.flatMap((x) => codesOf(x, depth + 1)) : []),
  ];
  return [...nested, ...own];
}

function messagesOf(err: unknown, depth = 0): string[] {
  if (depth > 6 || typeof err !== 'object' || err === null) return [];
  const e = err as { message?: unknown; cause?: unknown };
  return [...(typeof e.message === 'string' ? [e.message] : []), ...messagesOf(e.cause, depth + 1)];
}

/**
 * What a failure that happened while going through `proxy` means. The proxy's answer to CONNECT is in undici's
 * message ("Proxy response (407) !== 200 when HTTP Tunneling"); a failure to connect at all is the proxy's, since
 * only the proxy is contacted directly.
 */
export function proxyFailure(
  err: unknown,
  proxy: { display: string; source: string; authorization?: string },
  target: URL,
): ProxyFailure | undefined {
  const status = messagesOf(err)
    .map((m) => /Proxy response \((\d{3})\)|Proxy Authentication Required \((\d{3})\)/.exec(m))
    .find(Boolean);
  const code = Number(status?.[1] ?? status?.[2]);
  const where = `${target.hostname}:${target.port || (target.protocol === 'https:' ? '443' : '80')}`;
  // 407 is the standard answer; some proxies (tinyproxy) answer 401 to credentials that are wrong.
  if (code === 407 || code === 401) {
    const message = proxy.authorization
      ? l10n.t('The proxy {0} refused the user name and password (HTTP {1}).', proxy.display, code)
      : l10n.t('The proxy {0} asks for a user name and password (HTTP {1}).', proxy.display, code);
    const advice = l10n.t(
      'Put them in the proxy address ({0}: http://user:password@{1}), or set http.proxyAuthorization in your user settings.',
      proxy.source,
      proxy.display,
    );
    return new ProxyFailure('auth', proxy.display, message, advice, code, err);
  }
  if (code) {
    const message =
      code >= 500
        ? l10n.t('The proxy {0} could not reach {1} (HTTP {2} to CONNECT).', proxy.display, where, code)
        : l10n.t(
            'The proxy {0} refused to open a tunnel to {1} (HTTP {2} to CONNECT).',
            proxy.display,
            where,
            code,
          );
    const advice = l10n.t(
      'The proxy must allow CONNECT to {0}: ask its administrator. If the endpoint is reachable without the proxy, add its host to http.noProxy.',
      where,
    );
    return new ProxyFailure('tunnel', proxy.display, message, advice, code, err);
  }
  const net = codesOf(err).find((c) =>
    /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|ECONNRESET|EHOSTUNREACH|ENETUNREACH|UND_ERR_SOCKET)$/.test(
      c,
    ),
  );
  if (net) {
    const message = l10n.t('Could not connect to the proxy {0} ({1}).', proxy.display, net);
    const advice = l10n.t(
      'Check the proxy address in {0} and that the proxy is running. To go without it, set http.proxySupport to "off" or add the endpoint\'s host to http.noProxy.',
      proxy.source,
    );
    return new ProxyFailure('unreachable', proxy.display, message, advice, undefined, err);
  }
  return undefined;
}

export type TlsProblem =
  'self-signed' | 'unknown-issuer' | 'expired' | 'not-yet-valid' | 'wrong-host' | 'other';

const TLS_CODES: Record<string, TlsProblem> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-issuer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-issuer',
  CERT_UNTRUSTED: 'unknown-issuer',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-host',
};

export interface TlsFailure {
  problem: TlsProblem;
  code: string;
  /** What is wrong with the certificate. */
  detail: string;
  /** How to fix it. */
  advice: string;
}

/** A certificate problem behind a failed request, when that is what it was. */
export function tlsFailure(err: unknown, host: string): TlsFailure | undefined {
  const codes = codesOf(err);
  const known = codes.find((c) => c in TLS_CODES);
  const code =
    known ??
    codes.find((c) =>
      /^(EPROTO|ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)/.test(
        c,
      ),
    );
  if (!code) return undefined;
  const problem: TlsProblem = (known && TLS_CODES[known]) || 'other';
  const trust = l10n.t(
    "If you trust it (a company CA, or a TLS-inspecting proxy's), trust the CA that issued it: add it to the operating system's certificate store, point NODE_EXTRA_CA_CERTS at its PEM file, or list the PEM file in claudeMessages.tls.caCertificates (user settings).",
  );
  switch (problem) {
    case 'self-signed':
      return {
        problem,
        code,
        detail: l10n.t(
          "{0}'s certificate is self-signed, or its chain ends in a CA this machine does not trust ({1}).",
          host,
          code,
        ),
        advice: trust,
      };
    case 'unknown-issuer':
      return {
        problem,
        code,
        detail: l10n.t("{0}'s certificate was issued by a CA this machine does not trust ({1}).", host, code),
        advice: trust,
      };
    case 'expired':
      return {
        problem,
        code,
        detail: l10n.t("{0}'s certificate has expired ({1}).", host, code),
        advice: l10n.t("The endpoint's operator must renew it. Check this computer's date and time too."),
      };
    case 'not-yet-valid':
      return {
        problem,
        code,
        detail: l10n.t("{0}'s certificate is not valid yet ({1}).", host, code),
        advice: l10n.t("Check this computer's date and time."),
      };
    case 'wrong-host':
      return {
        problem,
        code,
        detail: l10n.t("{0}'s certificate was issued for another host name ({1}).", host, code),
        advice: l10n.t(
          'Use the host name the certificate names in the base URL, or ask the operator for a certificate that names {0}.',
          host,
        ),
      };
    default:
      return {
        problem,
        code,
        detail: l10n.t('The TLS (https) handshake with {0} failed ({1}).', host, code),
        advice: l10n.t(
          'If the endpoint speaks plain HTTP, use http:// in the base URL; if it uses a company certificate, trust its CA (the operating system store, NODE_EXTRA_CA_CERTS, or claudeMessages.tls.caCertificates).',
        ),
      };
  }
}

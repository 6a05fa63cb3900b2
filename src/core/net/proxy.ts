// Which proxy, if any, a request to a URL goes through. The host passes VS Code's settings (`http.proxy`,
// `http.noProxy`, `http.proxySupport`, `http.proxyAuthorization`) and the process environment in as plain values;
// this file decides, so the rules are unit-tested without VS Code. The order follows VS Code's own:
// `http.proxySupport: "off"` means no proxy at all; a host in `http.noProxy` or `NO_PROXY` goes direct; else
// `http.proxy`; else the environment (lowercase before uppercase, as curl and undici read them).
import { BlockList, isIP } from 'node:net';
import { l10n } from '../l10n';

export type ProxySupport = 'off' | 'on' | 'fallback' | 'override';

/** The network settings as the host read them: plain values, no VS Code. */
export interface NetworkOptions {
  /** `http.proxy` (empty or absent: none). May carry `user:password@`. */
  proxy?: string;
  /** `http.noProxy`: hosts that never go through the proxy. */
  noProxy?: readonly string[];
  /** `http.proxyStrictSSL`: verify an https proxy's own certificate (default true). */
  proxyStrictSSL?: boolean;
  /** `http.proxySupport`; "off" turns every proxy off, the environment's too. */
  proxySupport?: ProxySupport;
  /** `http.proxyAuthorization`: the whole Proxy-Authorization header value, sent to the proxy only. */
  proxyAuthorization?: string;
  /** The process environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY and their lowercase forms). */
  env?: Readonly<Record<string, string | undefined>>;
  /** `claudeMessages.tls.caCertificates`: PEM files whose CAs are trusted in addition to the default ones. */
  caCertificates?: readonly string[];
  /** `claudeMessages.tls.rejectUnauthorized` from user settings only; false turns certificate checks off. */
  verifyCertificates?: boolean;
}

export interface ProxyRoute {
  kind: 'proxy';
  /** The proxy's URL with its credentials, for the connection only: never shown or logged. */
  url: string;
  /** `host:port`, what messages name. */
  display: string;
  /** Where it came from: `http.proxy` or the variable's name. */
  source: string;
  /** The Proxy-Authorization value, from the URL's credentials or `http.proxyAuthorization`. */
  authorization?: string;
  /** Secrets to keep out of every message: the password and the authorization value. */
  secrets: string[];
}

export interface DirectRoute {
  kind: 'direct';
  /** Why no proxy, when one is configured: for Test Connection's report. */
  reason?: string;
}

export type Route = ProxyRoute | DirectRoute | { kind: 'invalid'; problem: string };

const envOf = (env: NetworkOptions['env'], ...names: string[]) => {
  for (const n of names) {
    const v = env?.[n]?.trim();
    if (v) return { value: v, name: n };
  }
  return undefined;
};

/** Decides the route for one request URL. */
export function routeFor(target: string | URL, options: NetworkOptions): Route {
  const url = typeof target === 'string' ? new URL(target) : target;
  const env = options.env;
  const fromSetting = options.proxy?.trim() ? { value: options.proxy.trim(), name: 'http.proxy' } : undefined;
  const fromEnv =
    url.protocol === 'https:'
      ? envOf(env, 'https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY')
      : envOf(env, 'http_proxy', 'HTTP_PROXY');
  const chosen = fromSetting ?? fromEnv;
  if (!chosen) return { kind: 'direct' };
  if (options.proxySupport === 'off')
    return { kind: 'direct', reason: l10n.t('http.proxySupport is "off", so no proxy is used.') };
  const bypass = [...(options.noProxy ?? []), ...splitList(envOf(env, 'no_proxy', 'NO_PROXY')?.value)];
  const match = bypass.find((entry) => bypasses(url, entry));
  if (match !== undefined)
    return {
      kind: 'direct',
      reason: l10n.t(
        '{0} matches "{1}" in http.noProxy or NO_PROXY, so it is reached directly.',
        url.host,
        match,
      ),
    };
  return parseProxy(chosen.value, chosen.name, options.proxyAuthorization);
}

/** A proxy URL as users write it: `http://user:pass@host:port`, or just `host:port` (http assumed). */
export function parseProxy(raw: string, source: string, authorization?: string): Route {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return {
      kind: 'invalid',
      problem: l10n.t(
        'The proxy in {0} is not a URL: it should look like http://proxy.example.com:3128.',
        source,
      ),
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return {
      kind: 'invalid',
      problem: l10n.t(
        'The proxy in {0} uses {1}, which is not supported: use an http:// or https:// proxy.',
        source,
        url.protocol.replace(/:$/, ''),
      ),
    };
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const display = `${url.hostname}:${port}`;
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const header = authorization?.trim()
    ? authorization.trim()
    : user || password
      ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
      : undefined;
  const secrets = [password, url.password, header, header?.replace(/^Basic\s+/i, '')].filter(
    (s): s is string => typeof s === 'string' && s.length >= 4,
  );
  url.username = '';
  url.password = '';
  return {
    kind: 'proxy',
    url: url.href,
    display,
    source,
    authorization: header,
    secrets,
  };
}

function splitList(value: string | undefined): string[] {
  return value ? value.split(/[\s,]+/).filter(Boolean) : [];
}

/**
 * Whether a no-proxy entry covers the URL: `*`; a host name, which covers its subdomains too (`example.com`,
 * `.example.com`, `*.example.com`); an IP address; an IP range in CIDR form (`10.0.0.0/8`); any of these with
 * `:port` to cover one port only.
 */
export function bypasses(url: URL, rawEntry: string): boolean {
  let entry = rawEntry.trim().toLowerCase();
  if (!entry) return false;
  if (entry === '*') return true;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
  if (cidr?.[1] && cidr[2]) {
    const family = isIP(cidr[1]);
    const hostFamily = isIP(host);
    if (!family || family !== hostFamily) return false;
    const list = new BlockList();
    try {
      list.addSubnet(cidr[1], Number(cidr[2]), family === 6 ? 'ipv6' : 'ipv4');
    } catch {
      return false;
    }
    return list.check(host, family === 6 ? 'ipv6' : 'ipv4');
  }
  const withPort = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(entry);
  if (withPort?.[1]) {
    if (withPort[2] !== port) return false;
    entry = withPort[1];
  }
  entry = entry.replace(/^\[|\]$/g, '');
  if (isIP(entry)) return entry === host;
  entry = entry.replace(/^\*?\./, '');
  return host === entry || host.endsWith(`.${entry}`);
}

/** What Test Connection's report says about the route of a request: direct, which proxy and from where. */
export function describeRoute(route: Route): string {
  switch (route.kind) {
    case 'proxy':
      return l10n.t(
        'Through the proxy {0} (from {1}), tunnelled with CONNECT: the proxy sees only the host and port, never the key or the request.',
        route.display,
        route.source,
      );
    case 'invalid':
      return route.problem;
    default:
      return route.reason ?? l10n.t('Direct (no proxy is configured in http.proxy or the environment).');
  }
}

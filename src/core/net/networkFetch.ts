// The one way the extension makes HTTP requests: `createNetworkFetch(options)` returns a fetch that goes through the
// proxy the settings and environment choose (routeFor in proxy.ts), trusts the CAs the user listed in addition to
// the default ones, and honours certificate verification being turned off (user settings only). Every request of the
// Messages client (chat, models, count_tokens, Test Connection, the language-model provider) uses it, and so must
// MCP over HTTP.
//
// Why undici's own fetch and not the global one: Node's fetch cannot take a proxy or extra CAs without a dispatcher
// from the same undici, and VS Code's extension host may replace the global fetch with its own proxy support
// (`http.fetchAdditionalSupport`), so what a request does would depend on the host. With a proxy, extra CAs or
// verification off, the request goes through undici's ProxyAgent / Agent here, whatever the host patched. undici is
// large (about 500 KB), so it is loaded on the first request that needs it; a direct request with default TLS uses
// the host's fetch as before and loads nothing (docs/performance.md, P7).
//
// The key never reaches the proxy (docs/threat-model.md, K7): ProxyAgent tunnels with CONNECT for https and plain
// http targets alike (`proxyTunnel: true`), so the proxy sees only `CONNECT host:port` and its own
// Proxy-Authorization; the request's headers and body travel inside the tunnel.
import { readFile } from 'node:fs/promises';
import * as tls from 'node:tls';
import { l10n } from '../l10n';
import { proxyFailure, tlsFailure } from './networkErrors';
import { routeFor, type NetworkOptions, type ProxyRoute, type Route } from './proxy';

import type * as UndiciModule from 'undici';

type Undici = typeof UndiciModule;
type Dispatcher = UndiciModule.Dispatcher;

export interface NetworkAccess {
  /** Same signature as the global fetch; pass it as `fetch` in MessagesClientConfig. */
  fetch: typeof globalThis.fetch;
  /** Where a request to `url` goes (for reports): direct, through which proxy, or why the proxy setting is unusable. */
  route(url: string | URL): Route;
  /** False when certificate verification is off. */
  verifiesCertificates: boolean;
  /** The PEM files listed in claudeMessages.tls.caCertificates. */
  caCertificates: readonly string[];
  /** Secrets of the proxy (password, authorization) to keep out of messages. */
  secrets: readonly string[];
  /** Closes the pooled connections of the dispatchers made so far. */
  close(): Promise<void>;
}

/** A setting that makes every request fail until it is fixed: a CA file that cannot be read, a bad proxy URL. */
export class NetworkSettingError extends Error {
  readonly code = 'NETWORK_SETTING';
  constructor(message: string) {
    super(message);
    this.name = 'NetworkSettingError';
  }
}

export interface NetworkFetchDeps {
  /** Loads undici; the host build points this at a separately bundled file (esbuild.mjs). */
  loadUndici?: () => Promise<Undici>;
  /** The fetch for direct requests with default TLS; the global fetch by default. */
  directFetch?: typeof globalThis.fetch;
}

export function createNetworkFetch(options: NetworkOptions, deps: NetworkFetchDeps = {}): NetworkAccess {
  const verify = options.verifyCertificates !== false;
  const caFiles = (options.caCertificates ?? []).filter((f) => f.trim() !== '');
  const customTls = !verify || caFiles.length > 0;
  const load = deps.loadUndici ?? (() => import('undici'));
  const direct = deps.directFetch ?? ((input, init) => globalThis.fetch(input, init));
  let undici: Promise<Undici> | undefined;
  let cas: Promise<string[]> | undefined;
  const dispatchers = new Map<string, Promise<Dispatcher>>();
  const secrets = new Set<string>();

  const dispatcherFor = (route: ProxyRoute | undefined): Promise<Dispatcher> => {
    const id = route ? route.url + (route.authorization ?? '') : 'direct';
    let d = dispatchers.get(id);
    if (!d) {
      d = (async () => {
        const u = await (undici ??= load());
        const ca = await (cas ??= trustedCas(caFiles));
        const requestTls = { ca, rejectUnauthorized: verify };
        if (!route) return new u.Agent({ connect: requestTls });
        return new u.ProxyAgent({
          uri: route.url,
          token: route.authorization,
          // CONNECT for http targets too: the proxy never sees a request line, header or body (K7).
          proxyTunnel: true,
          requestTls,
          proxyTls: { ca, rejectUnauthorized: verify && options.proxyStrictSSL !== false },
        });
      })();
      d.catch(() => dispatchers.delete(id));
      dispatchers.set(id, d);
    }
    return d;
  };

  const networkFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const target = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const route = routeFor(target, options);
    if (route.kind === 'invalid') throw new NetworkSettingError(route.problem);
    if (route.kind === 'proxy') for (const s of route.secrets) secrets.add(s);
    const proxy = route.kind === 'proxy' ? route : undefined;
    if (!proxy && !customTls) return direct(input, init);
    const dispatcher = await dispatcherFor(proxy);
    const u = await undici!;
    try {
      // undici's Response is the same class Node's fetch returns, typed by undici-types.
      return (await u.fetch(target, {
        ...(init as object),
        dispatcher,
      })) as unknown as Response;
    } catch (err) {
      if (init?.signal?.aborted) throw err;
      const failure = proxy && proxyFailure(err, proxy, target);
      // Thrown as fetch throws (a TypeError whose cause says why); the failure keeps undici's error as its cause.
      if (failure) throw new TypeError(`fetch failed: ${failure.message}`, { cause: failure }); // eslint-disable-line preserve-caught-error
      throw err;
    }
  };

  return {
    fetch: networkFetch as typeof globalThis.fetch,
    route: (url) => routeFor(typeof url === 'string' ? new URL(url) : url, options),
    verifiesCertificates: verify,
    caCertificates: caFiles,
    get secrets() {
      return [...secrets];
    },
    close: async () => {
      const all = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.all(all.map((d) => d.then((x) => x.close()).catch(() => undefined)));
    },
  };
}

/**
 * The CAs a connection trusts: Node's defaults (its bundled roots and NODE_EXTRA_CA_CERTS), the operating system's
 * store where Node can read it (`tls.getCACertificates('system')`, Node 22.15+ and 24), and the user's PEM files.
 * Passing `ca` replaces Node's list, so the defaults are included explicitly: the user's CAs are added, never
 * substituted.
 */
export async function trustedCas(files: readonly string[]): Promise<string[]> {
  const get = (tls as { getCACertificates?: (type: 'default' | 'system') => string[] }).getCACertificates;
  const base: string[] = get ? get('default') : [...tls.rootCertificates, ...(await extraFromEnv())];
  let system: string[];
  try {
    system = get ? get('system') : [];
  } catch {
    system = []; // a store Node cannot read is not the user's problem here
  }
  const own: string[] = [];
  for (const file of files) own.push(...(await readPemFile(file)));
  return [...new Set([...base, ...system, ...own])];
}

async function extraFromEnv(): Promise<string[]> {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return splitPem(await readFile(file, 'utf8'));
  } catch {
    return []; // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at start-up
  }
}

const PEM = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function splitPem(text: string): string[] {
  return text.match(PEM) ?? [];
}

/** One PEM file's certificates, or an error naming the file and the setting. */
export async function readPemFile(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code ?? String(err);
    throw new NetworkSettingError(
      l10n.t('claudeMessages.tls.caCertificates lists "{0}", which cannot be read ({1}).', file, code),
    );
  }
  const certs = splitPem(text);
  if (certs.length === 0)
    throw new NetworkSettingError(
      l10n.t(
        'claudeMessages.tls.caCertificates lists "{0}", which holds no PEM certificate (-----BEGIN CERTIFICATE-----).',
        file,
      ),
    );
  for (const pem of certs) {
    try {
      new (await import('node:crypto')).X509Certificate(pem);
    } catch {
      throw new NetworkSettingError(
        l10n.t(
          'claudeMessages.tls.caCertificates lists "{0}", which holds a certificate that cannot be parsed.',
          file,
        ),
      );
    }
  }
  return certs;
}

/** The certificate problem behind a failed request, for messages; re-exported for the transport. */
export { tlsFailure };

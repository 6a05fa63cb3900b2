// The host's side of the network path: reads VS Code's proxy settings (`http.proxy`, `http.noProxy`,
// `http.proxyStrictSSL`, `http.proxySupport`, `http.proxyAuthorization`), the environment and the extension's TLS
// settings into the plain options core's createNetworkFetch takes, and keeps one NetworkAccess per distinct set of
// options (its connection pools are reused across requests; a change of settings starts a new one and closes the
// old one once its requests are done). Everything that decides where a request goes, or whom it trusts, is read
// from user values only: a repository's .vscode/settings.json could otherwise point the user's traffic at its own
// proxy or turn certificate checks off (docs/threat-model.md, K2 and K7).
import * as vscode from 'vscode';
import { createNetworkFetch, type NetworkAccess } from '../../core/net/networkFetch';
import type { NetworkOptions, ProxySupport } from '../../core/net/proxy';
import { userValue } from '../userSettings';

const ENV_NAMES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'];

/** An `http.*` setting as the user set it (never a workspace's), else VS Code's default. */
function httpUser<T>(key: string): T | undefined {
  const i = vscode.workspace.getConfiguration('http').inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue;
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : [];

/** The network options as configured now. */
export function readNetworkOptions(): NetworkOptions {
  const env: Record<string, string | undefined> = {};
  for (const name of ENV_NAMES) env[name] = process.env[name];
  const support = httpUser<string>('proxySupport');
  const authorization = httpUser<unknown>('proxyAuthorization');
  return {
    proxy: httpUser<string>('proxy') ?? undefined,
    noProxy: strings(httpUser('noProxy')),
    proxyStrictSSL: httpUser<boolean>('proxyStrictSSL') !== false,
    proxySupport: (['off', 'on', 'fallback', 'override'].includes(support ?? '')
      ? support
      : 'override') as ProxySupport,
    proxyAuthorization: typeof authorization === 'string' && authorization.trim() ? authorization : undefined,
    env,
    caCertificates: strings(userValue('tls.caCertificates')),
    verifyCertificates: userValue<boolean>('tls.rejectUnauthorized') !== false,
  };
}

let current: { key: string; access: NetworkAccess } | undefined;

/**
 * The proxy-aware fetch and route for every request the extension makes: the Messages client (through
 * `clientConfig`), Test Connection, the language-model provider, and MCP over HTTP (`networkAccess().fetch`).
 */
export function networkAccess(): NetworkAccess {
  const options = readNetworkOptions();
  const key = JSON.stringify(options);
  if (current?.key !== key) {
    const old = current?.access;
    current = { key, access: createNetworkFetch(options) };
    void old?.close();
  }
  return current.access;
}

/** Whether certificate verification is off now (user settings only), for the chat view's notice. */
export function certificateChecksOff(): boolean {
  return userValue<boolean>('tls.rejectUnauthorized') === false;
}

/** The settings whose change means a new NetworkAccess (and, for the view, a new notice). */
export function affectsNetwork(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('http') || e.affectsConfiguration('claudeMessages.tls');
}

export function disposeNetworkAccess(): void {
  void current?.access.close();
  current = undefined;
}

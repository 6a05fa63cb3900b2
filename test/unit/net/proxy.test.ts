// The proxy decision (src/core/net/proxy.ts): which proxy a request goes through, from VS Code's settings and the
// environment, which hosts bypass it, and that the proxy's password never appears in what is shown.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bypasses,
  describeRoute,
  routeFor,
  type NetworkOptions,
  type Route,
} from '../../../src/core/net/proxy';

const proxyOf = (url: string, options: NetworkOptions): Route => routeFor(url, options);
const via = (r: Route) => (r.kind === 'proxy' ? `${r.display} (${r.source})` : r.kind);

describe('the proxy decision', () => {
  it('no setting and no environment: direct', () => {
    assert.equal(via(proxyOf('https://api.anthropic.com/v1/messages', { env: {} })), 'direct');
  });

  it('http.proxy wins over the environment', () => {
    const r = proxyOf('https://gw/v1/messages', {
      proxy: 'http://settings-proxy:3128',
      env: { HTTPS_PROXY: 'http://env-proxy:8080' },
    });
    assert.equal(via(r), 'settings-proxy:3128 (http.proxy)');
  });

  it('environment: lowercase before uppercase; https targets fall back to http_proxy; http targets never use HTTPS_PROXY', () => {
    assert.equal(
      via(proxyOf('https://gw/', { env: { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' } })),
      'lower:1 (https_proxy)',
    );
    assert.equal(
      via(proxyOf('https://gw/', { env: { HTTPS_PROXY: 'http://upper:2' } })),
      'upper:2 (HTTPS_PROXY)',
    );
    assert.equal(
      via(proxyOf('https://gw/', { env: { HTTP_PROXY: 'http://plain:3' } })),
      'plain:3 (HTTP_PROXY)',
    );
    assert.equal(via(proxyOf('http://gw/', { env: { HTTPS_PROXY: 'http://upper:2' } })), 'direct');
    assert.equal(
      via(proxyOf('http://gw/', { env: { http_proxy: 'http://plain:3' } })),
      'plain:3 (http_proxy)',
    );
    // An empty variable counts as unset, and a proxy without a scheme is http.
    assert.equal(
      via(proxyOf('https://gw/', { env: { https_proxy: '  ', HTTPS_PROXY: 'corp-proxy:8080' } })),
      'corp-proxy:8080 (HTTPS_PROXY)',
    );
    assert.equal(via(proxyOf('https://gw/', { proxy: 'http://p' })), 'p:80 (http.proxy)');
  });

  it('http.proxySupport "off" turns every proxy off, the environment\'s too, and says so', () => {
    const r = proxyOf('https://gw/', {
      proxy: 'http://p:1',
      proxySupport: 'off',
      env: { HTTPS_PROXY: 'http://e:2' },
    });
    assert.equal(r.kind, 'direct');
    assert.match(describeRoute(r), /http\.proxySupport is "off"/);
    for (const support of ['on', 'fallback', 'override'] as const)
      assert.equal(proxyOf('https://gw/', { proxy: 'http://p:1', proxySupport: support }).kind, 'proxy');
  });

  it('http.noProxy and NO_PROXY send matching hosts direct, and say which entry matched', () => {
    const options: NetworkOptions = {
      proxy: 'http://p:1',
      noProxy: ['internal.example.com', '10.0.0.0/8'],
      env: { NO_PROXY: 'localhost,.corp.example, 127.0.0.1' },
    };
    const direct = (url: string) => proxyOf(url, options).kind === 'direct';
    assert.ok(direct('https://internal.example.com/v1'));
    assert.ok(direct('https://api.internal.example.com/v1'), 'a domain covers its subdomains');
    assert.ok(direct('https://gw.corp.example/v1'));
    assert.ok(direct('http://127.0.0.1:8080/v1'));
    assert.ok(direct('http://10.1.2.3/v1'));
    assert.ok(direct('http://localhost:3000/v1'));
    assert.ok(
      !direct('https://notinternal.example.com/v1'),
      'a suffix is matched at a dot, not inside a word',
    );
    assert.ok(!direct('https://api.anthropic.com/v1'));
    assert.ok(!direct('http://11.0.0.1/v1'));
    assert.match(
      describeRoute(proxyOf('https://internal.example.com/', options)),
      /matches "internal\.example\.com"/,
    );
  });

  it('no-proxy entries: *, *.domain, .domain, host:port, IPv6, and a CIDR only for addresses of its family', () => {
    const u = (s: string) => new URL(s);
    assert.ok(bypasses(u('https://anything/'), '*'));
    assert.ok(bypasses(u('https://a.b.example/'), '*.example'));
    assert.ok(bypasses(u('https://example/'), '.example'));
    assert.ok(bypasses(u('https://gw:8443/'), 'gw:8443'));
    assert.ok(!bypasses(u('https://gw/'), 'gw:8443'), 'another port is not covered');
    assert.ok(bypasses(u('https://gw/'), 'gw:443'), 'the scheme default port counts');
    assert.ok(bypasses(u('http://[::1]:9/'), '::1'));
    assert.ok(bypasses(u('http://[::1]:9/'), '[::1]:9'));
    assert.ok(!bypasses(u('http://gw/'), '10.0.0.0/8'));
    assert.ok(!bypasses(u('http://10.0.0.1/'), 'fe80::/10'));
    assert.ok(!bypasses(u('http://gw/'), '  '));
  });

  it('credentials: the route carries a Basic header for the proxy; what is shown has no password', () => {
    const r = proxyOf('https://gw/', { proxy: 'http://alice:s3cr%40t-pass@proxy.corp:3128' });
    assert.equal(r.kind, 'proxy');
    if (r.kind !== 'proxy') return;
    assert.equal(r.display, 'proxy.corp:3128');
    assert.equal(r.url, 'http://proxy.corp:3128/');
    assert.equal(r.authorization, `Basic ${Buffer.from('alice:s3cr@t-pass').toString('base64')}`);
    assert.ok(r.secrets.includes('s3cr@t-pass'));
    const shown = describeRoute(r);
    assert.match(shown, /proxy\.corp:3128 \(from http\.proxy\)/);
    assert.doesNotMatch(shown, /s3cr|alice/);
  });

  it('http.proxyAuthorization is sent as the header, in place of the URL credentials', () => {
    const r = proxyOf('https://gw/', {
      proxy: 'http://u:p@proxy:1',
      proxyAuthorization: 'Negotiate abc123token',
    });
    assert.ok(r.kind === 'proxy' && r.authorization === 'Negotiate abc123token');
    assert.ok(r.kind === 'proxy' && r.secrets.includes('Negotiate abc123token'));
  });

  it('an unusable proxy setting is a clear problem naming where it came from', () => {
    const socks = proxyOf('https://gw/', { proxy: 'socks5://p:1080' });
    assert.ok(socks.kind === 'invalid');
    assert.match(describeRoute(socks), /http\.proxy uses socks5, which is not supported/);
    const bad = proxyOf('https://gw/', { env: { HTTPS_PROXY: 'http://[bad' } });
    assert.ok(bad.kind === 'invalid');
    assert.match(describeRoute(bad), /The proxy in HTTPS_PROXY is not a URL/);
  });
});

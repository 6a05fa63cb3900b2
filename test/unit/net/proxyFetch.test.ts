// Requests through a real proxy (Debian's tinyproxy, test/support/proxy/tinyproxy.ts) to the local endpoint, with
// the proxy-aware fetch (createNetworkFetch) the host passes to every client. What is checked: the endpoint gets
// the request through the proxy (tinyproxy logs the CONNECT, the endpoint sees the request); the proxy gets no key
// (docs/threat-model.md, K7: its log and the bytes sent to it before the tunnel opened hold none, with the
// tunnelled plain-http request as the positive control); a proxy that refuses is named, with advice, and its
// password is never shown.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { diagnose } from '../../../src/core/connection/diagnose';
import { ApiError } from '../../../src/core/messages/errors';
import { createNetworkFetch, type NetworkAccess } from '../../../src/core/net/networkFetch';
import type { NetworkOptions } from '../../../src/core/net/proxy';
import { startEndpoint, type Endpoint } from '../../support/endpoint/server';
import { makeTestCa, type TestCa } from '../../support/endpoint/testCa';
import { refusingPort, startTinyproxy, type TestProxy } from '../../support/proxy/tinyproxy';
import { ask, clientFor, KEY, rejection } from '../core/helpers';

const USER = 'proxyuser';
const PASSWORD = 'proxy-Pa55word-xyz';

describe('requests through a real proxy (tinyproxy)', () => {
  let ep: Endpoint;
  let tlsEp: Endpoint;
  let ca: TestCa;
  let proxy: TestProxy;
  let denying: TestProxy;
  const opened: NetworkAccess[] = [];
  const access = (options: NetworkOptions) => {
    const a = createNetworkFetch({ env: {}, ...options });
    opened.push(a);
    return a;
  };

  before(async () => {
    ca = makeTestCa();
    ep = await startEndpoint({ apiKey: KEY });
    tlsEp = await startEndpoint({ apiKey: KEY, tls: ca.leaf('good') });
    const port = (e: Endpoint) => Number(new URL(e.url).port);
    proxy = await startTinyproxy({
      connectPorts: [port(ep), port(tlsEp)],
      auth: { user: USER, password: PASSWORD },
    });
    // A proxy whose CONNECT rule does not include the endpoint's port: it answers 403.
    denying = await startTinyproxy({ connectPorts: [443] });
  });
  beforeEach(() => {
    ep.reset();
    tlsEp.reset();
    proxy.resetRecording();
  });
  after(async () => {
    await Promise.all(opened.map((a) => a.close()));
    await proxy.close();
    await denying.close();
    await ep.close();
    await tlsEp.close();
  });

  it('an http endpoint through an authenticating proxy: CONNECT in the proxy log, the request at the endpoint, no key at the proxy', async () => {
    const net = access({ proxy: proxy.urlWithAuth });
    ep.script('through the proxy');
    const m = await clientFor(ep, { fetch: net.fetch }).stream(ask());
    assert.deepEqual(m.content, [{ type: 'text', text: 'through the proxy' }]);
    const port = new URL(ep.url).port;
    assert.match(proxy.log(), new RegExp(`CONNECT 127\\.0\\.0\\.1:${port}`), 'tinyproxy logged the tunnel');
    assert.equal(ep.requests.find((r) => r.path === '/v1/messages')?.headers['x-api-key'], KEY);
    const sent = proxy.sent().toString('latin1');
    const connectHead = sent.slice(0, sent.indexOf('\r\n\r\n'));
    assert.match(connectHead, new RegExp(`^CONNECT 127\\.0\\.0\\.1:${port} HTTP/1\\.1`));
    assert.match(connectHead, /proxy-authorization: Basic /i);
    assert.ok(!connectHead.includes(KEY), 'the key was in the request to the proxy');
    assert.ok(!proxy.log().includes(KEY), "the key is in the proxy's log");
    // Positive control: the recording does see what travels in the tunnel (plain http here), so the checks above
    // would catch a key sent as a proxy request.
    assert.ok(sent.includes(KEY), 'the recording would show the key if it were sent');
    assert.ok(!/POST http:\/\//.test(sent), 'no absolute-form (forwarded) request reached the proxy');
  });

  it('an https endpoint through the proxy: the proxy is given no key at all, not even inside the tunnel', async () => {
    const net = access({ proxy: proxy.urlWithAuth, caCertificates: [ca.caFile] });
    tlsEp.script('over tls, through the proxy');
    const m = await clientFor(tlsEp, { fetch: net.fetch }).stream(ask());
    assert.deepEqual(m.content, [{ type: 'text', text: 'over tls, through the proxy' }]);
    assert.match(proxy.log(), new RegExp(`CONNECT 127\\.0\\.0\\.1:${new URL(tlsEp.url).port}`));
    assert.ok(proxy.sent().length > 0);
    assert.ok(!proxy.sent().includes(Buffer.from(KEY)), 'the key crossed the proxy in clear');
  });

  it("the environment's HTTP_PROXY with credentials is used for an http endpoint; NO_PROXY sends it direct", async () => {
    const viaEnv = access({ env: { HTTP_PROXY: proxy.urlWithAuth } });
    ep.script('env proxy');
    await clientFor(ep, { fetch: viaEnv.fetch }).stream(ask());
    assert.match(proxy.sent().toString('latin1'), /^CONNECT /);
    proxy.resetRecording();
    const bypass = access({ env: { HTTP_PROXY: proxy.urlWithAuth, NO_PROXY: '127.0.0.1' } });
    ep.script('direct');
    await clientFor(ep, { fetch: bypass.fetch }).stream(ask());
    assert.equal(proxy.sent().length, 0, 'a host in NO_PROXY went through the proxy');
    assert.equal(ep.requests.filter((r) => r.path === '/v1/messages').length, 2);
  });

  it('wrong credentials: an error naming the proxy (host:port, 401/407) with advice, never its password', async () => {
    const wrong = access({ proxy: `http://${USER}:not-the-password@${proxy.hostPort}` });
    const err = await rejection(clientFor(ep, { fetch: wrong.fetch }).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.equal(err.kind, 'network');
    assert.match(
      err.message,
      new RegExp(
        `The proxy ${proxy.hostPort.replace(/\./g, '\\.')} refused the user name and password \\(HTTP 40[17]\\)`,
      ),
    );
    assert.match(err.message, /http:\/\/user:password@/);
    assert.doesNotMatch(err.message, /not-the-password/);
    assert.equal(err.retryable, false);
    assert.equal(ep.requests.length, 0);
  });

  it('no credentials for a proxy that needs them: it asks for them', async () => {
    const none = access({ proxy: proxy.url });
    const err = await rejection(clientFor(ep, { fetch: none.fetch }).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.match(
      err.message,
      new RegExp(`The proxy ${proxy.hostPort.replace(/\./g, '\\.')} asks for a user name and password`),
    );
  });

  it('a proxy that denies CONNECT to the port: refused to open a tunnel, with advice', async () => {
    const net = access({ proxy: denying.url });
    const err = await rejection(clientFor(ep, { fetch: net.fetch }).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.match(
      err.message,
      new RegExp(
        `The proxy ${denying.hostPort.replace(/\./g, '\\.')} refused to open a tunnel to 127\\.0\\.0\\.1:\\d+ \\(HTTP 403`,
      ),
    );
    assert.match(err.message, /must allow CONNECT/);
    assert.equal(ep.requests.length, 0);
  });

  it('nothing listening at the proxy: could not connect to the proxy, named, with advice', async () => {
    const port = await refusingPort();
    const net = access({ proxy: `http://${USER}:${PASSWORD}@127.0.0.1:${port}` });
    const err = await rejection(clientFor(ep, { fetch: net.fetch, maxRetries: 0 }).stream(ask()));
    assert.ok(err instanceof ApiError);
    assert.match(
      err.message,
      new RegExp(`Could not connect to the proxy 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
    );
    assert.match(err.message, /http\.proxySupport/);
    assert.doesNotMatch(err.message, new RegExp(PASSWORD));
  });

  it('Test Connection says which proxy was used, and a refusing proxy fails the first step with the advice', async () => {
    const net = access({ proxy: proxy.urlWithAuth });
    const input = {
      profile: 'Default',
      model: 'claude-sonnet-4-5',
      keySource: 'test',
      client: {
        baseUrl: ep.url,
        apiKey: KEY,
        authHeader: 'x-api-key' as const,
        apiFormat: 'messages' as const,
        anthropicVersion: '2023-06-01',
        fetch: net.fetch,
      },
      network: net,
    };
    const ok = await diagnose(input);
    assert.equal(ok.ok, true);
    assert.equal(ok.proxy, proxy.hostPort);
    assert.ok(ok.network.some((l) => l.includes(`Through the proxy ${proxy.hostPort} (from http.proxy)`)));
    assert.ok(!JSON.stringify(ok).includes(PASSWORD));

    const wrong = access({ proxy: `http://${USER}:bad@${proxy.hostPort}` });
    const failed = await diagnose({
      ...input,
      client: { ...input.client, fetch: wrong.fetch },
      network: wrong,
    });
    const reach = failed.steps[0];
    assert.equal(reach?.status, 'fail');
    assert.match(reach?.detail ?? '', /refused the user name and password \(HTTP 40[17]\)/);
    assert.match(reach?.advice ?? '', /http\.proxyAuthorization/);
  });
});

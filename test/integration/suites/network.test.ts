// The network path inside the real extension host (docs/threat-model.md, K7): requests go through the proxy VS Code
// is configured with (a real tinyproxy started here on 127.0.0.1, with Basic auth, a CONNECT rule for the local
// endpoints' ports and a log), the proxy gets no key, a refusing proxy is named with advice; an endpoint with a
// certificate from a CA made by this suite fails clearly until the CA is listed in claudeMessages.tls.caCertificates;
// certificate checks can be turned off from user settings only, and the view and Test Connection say so; a base URL
// pasted with /v1/messages works. VS Code's own proxy support patches the host's global fetch; these requests do
// not depend on it (src/core/net/networkFetch.ts), which is what the proxySupport "off" test pins down.
import * as assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { DiagnosisReport } from '../../../src/core/connection/diagnose';
import { PROTOCOL_VERSION, type HostMessage } from '../../../src/shared/protocol';
import { startEndpoint, type Endpoint } from '../../support/endpoint/server';
import { makeTestCa, type TestCa } from '../../support/endpoint/testCa';
import { refusingPort, startTinyproxy, type TestProxy } from '../../support/proxy/tinyproxy';
import { posted, receive, removeWorkspaceSettings, writeWorkspaceSettings } from '../hooks';

const KEY = 'sk-integration-network-key-0123';
const USER = 'netuser';
const PASSWORD = 'net-Pa55word-q7';
const G = vscode.ConfigurationTarget.Global;
const ours = () => vscode.workspace.getConfiguration('claudeMessages');
const http = () => vscode.workspace.getConfiguration('http');

async function testConnection(): Promise<DiagnosisReport> {
  const r = await vscode.commands.executeCommand<DiagnosisReport | undefined>(
    'claudeMessages.testConnection',
  );
  assert.ok(r, 'Test Connection did not run');
  return r;
}
const statuses = (r: DiagnosisReport) => r.steps.map((s) => `${s.id}:${s.status}`).join(' ');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

suite('network: proxy, TLS trust, pasted base URLs (K7)', () => {
  let ep: Endpoint;
  let tlsEp: Endpoint;
  let ca: TestCa;
  let proxy: TestProxy;
  let savedKey: string | undefined;

  suiteSetup(async () => {
    ca = makeTestCa();
    ep = await startEndpoint({ apiKey: KEY, auth: 'x-api-key', models: ['claude-sonnet-4-5'] });
    tlsEp = await startEndpoint({ apiKey: KEY, auth: 'x-api-key', tls: ca.leaf('good') });
    const port = (e: Endpoint) => Number(new URL(e.url).port);
    proxy = await startTinyproxy({
      connectPorts: [port(ep), port(tlsEp)],
      auth: { user: USER, password: PASSWORD },
    });
    savedKey = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = KEY;
  });
  setup(() => {
    ep.reset();
    tlsEp.reset();
    proxy.resetRecording();
  });
  teardown(async () => {
    await removeWorkspaceSettings();
    await ours().update('baseUrl', undefined, G);
    await ours().update('tls.caCertificates', undefined, G);
    await ours().update('tls.rejectUnauthorized', undefined, G);
    await ours().update('languageModels.enabled', undefined, G);
    for (const key of ['proxy', 'proxySupport', 'noProxy']) await http().update(key, undefined, G);
  });
  suiteTeardown(async () => {
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
    await proxy.close();
    await ep.close();
    await tlsEp.close();
    rmSync(ca.dir, { recursive: true, force: true });
  });

  test('Test Connection and a chat turn go through http.proxy (CONNECT in its log); the proxy gets no key; a pasted /v1/messages works', async () => {
    await http().update('proxy', proxy.urlWithAuth, G);
    await ours().update('baseUrl', `${ep.url}/v1/messages`, G);
    const r = await testConnection();
    assert.equal(statuses(r), 'reach:pass key:pass models:pass message:pass');
    assert.equal(r.baseUrl, ep.url, 'the pasted URL was normalised');
    assert.equal(r.proxy, proxy.hostPort);
    const network = r.network.join('\n');
    assert.match(
      network,
      new RegExp(`Using ${escape(ep.url)} \\(the /v1/messages you entered is added by the extension`),
    );
    assert.match(network, new RegExp(`Through the proxy ${escape(proxy.hostPort)} \\(from http\\.proxy\\)`));
    assert.ok(!JSON.stringify(r).includes(PASSWORD), "the report holds the proxy's password");

    ep.script('through the proxy, in chat');
    await receive({ type: 'send', requestId: 'net-proxy-send', text: 'Hello through the proxy' });
    const posts = await posted();
    assert.ok(
      posts.some((m) => m.type === 'turnEnd' && m.requestId === 'net-proxy-send'),
      `no turnEnd: ${JSON.stringify(posts.map((m) => m.type))}`,
    );
    const sentToEndpoint = ep.requests.filter((q) => q.path === '/v1/messages');
    assert.ok(sentToEndpoint.length >= 2, 'the endpoint did not receive the test message and the chat turn');
    assert.ok(sentToEndpoint.every((q) => q.headers['x-api-key'] === KEY));

    const port = new URL(ep.url).port;
    assert.match(
      proxy.log(),
      new RegExp(`CONNECT 127\\.0\\.0\\.1:${port}`),
      "tinyproxy's log shows no CONNECT",
    );
    assert.ok(!proxy.log().includes(KEY), "the key is in the proxy's log");
    // This proxy's URL is new to the host, so its connections are new: each begins with what the proxy was asked.
    const sent = proxy.sent().toString('latin1');
    const requestsToProxy = sent
      .split(/(?=CONNECT 127\.0\.0\.1:\d+ HTTP\/1\.1\r\n)/)
      .map((part) => part.slice(0, part.indexOf('\r\n\r\n')));
    assert.ok(requestsToProxy.length > 0 && requestsToProxy.every((h) => h.startsWith('CONNECT ')));
    assert.ok(
      requestsToProxy.every((h) => !h.includes(KEY)),
      'a request to the proxy carried the key',
    );
    // Positive control: the plain-http request inside the tunnel passed the same recording, key and all.
    assert.ok(sent.includes(KEY));
  });

  test("the language-model provider's model list and requests go through the proxy too", async () => {
    await http().update('proxy', proxy.urlWithAuth, G);
    await ours().update('baseUrl', ep.url, G);
    await ours().update('languageModels.enabled', true, G);
    const models = await vscode.lm.selectChatModels({ vendor: 'claude-messages' });
    const sonnet = models.find((m) => m.id === 'Default/claude-sonnet-4-5');
    assert.ok(sonnet, `no Default/claude-sonnet-4-5 among: ${models.map((m) => m.id).join(', ')}`);
    ep.script('hello from behind the proxy');
    const response = await sonnet.sendRequest([vscode.LanguageModelChatMessage.User('Hi')]);
    let text = '';
    for await (const part of response.text) text += part;
    assert.equal(text, 'hello from behind the proxy');
    const paths = ep.requests.map((q) => q.path);
    assert.ok(paths.includes('/v1/messages'), `the endpoint saw: ${paths.join(', ')}`);
    // The endpoint is plain http, so the recording in front of the proxy holds the tunnelled requests themselves:
    // the model list and the message both crossed the proxy. (The tunnel may be one an earlier test opened: its
    // connection is kept alive and reused, so the CONNECT is looked for in tinyproxy's log, not in this recording.)
    const sent = proxy.sent().toString('latin1');
    assert.match(proxy.log(), new RegExp(`CONNECT 127\\.0\\.0\\.1:${new URL(ep.url).port}`));
    assert.doesNotMatch(
      sent,
      /(GET|POST) http:\/\//,
      'a request was forwarded to the proxy instead of tunnelled',
    );
    assert.match(sent, /GET \/v1\/models\?limit=100 HTTP\/1\.1\r\n/);
    assert.match(sent, /POST \/v1\/messages HTTP\/1\.1\r\n/);
    assert.ok(!proxy.log().includes(KEY));
  });

  test('wrong proxy credentials: Test Connection fails at the first step naming the proxy, never its password', async () => {
    await http().update('proxy', `http://${USER}:wrong-secret-pw@${proxy.hostPort}`, G);
    await ours().update('baseUrl', ep.url, G);
    const r = await testConnection();
    assert.equal(r.ok, false);
    const reach = r.steps[0];
    assert.equal(reach?.status, 'fail');
    assert.match(
      reach?.detail ?? '',
      new RegExp(`The proxy ${escape(proxy.hostPort)} refused the user name and password \\(HTTP 40[17]\\)`),
    );
    assert.match(reach?.advice ?? '', /http\.proxyAuthorization/);
    assert.ok(!JSON.stringify(r).includes('wrong-secret-pw'));
    assert.equal(ep.requests.length, 0);
  });

  test('a proxy that refuses connections: a chat turn fails with an error naming it, with advice', async () => {
    const port = await refusingPort();
    await http().update('proxy', `http://127.0.0.1:${port}`, G);
    await ours().update('baseUrl', ep.url, G);
    await receive({ type: 'send', requestId: 'net-refused', text: 'Hello?' });
    const error = (await posted()).find(
      (m): m is Extract<HostMessage, { type: 'turnError' }> =>
        m.type === 'turnError' && m.requestId === 'net-refused',
    );
    assert.ok(error, 'no turnError was posted');
    const text = JSON.stringify(error);
    assert.match(
      text,
      new RegExp(`Could not connect to the proxy 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`),
    );
    assert.match(text, /http\.proxySupport/);
    assert.equal(ep.requests.length, 0);
  });

  test('http.proxySupport "off": requests go direct, the proxy sees nothing, and the report says why', async () => {
    await http().update('proxy', proxy.urlWithAuth, G);
    await http().update('proxySupport', 'off', G);
    await ours().update('baseUrl', ep.url, G);
    const r = await testConnection();
    assert.equal(r.ok, true);
    assert.equal(r.proxy, undefined);
    assert.match(r.network.join('\n'), /http\.proxySupport is "off"/);
    assert.equal(proxy.sent().length, 0, 'a request reached the proxy');
  });

  test('a private CA: untrusted fails with the problem and the fix; listed in claudeMessages.tls.caCertificates it works', async () => {
    await ours().update('baseUrl', tlsEp.url, G);
    const untrusted = await testConnection();
    assert.equal(untrusted.ok, false);
    const reach = untrusted.steps[0];
    assert.match(reach?.detail ?? '', /certificate was issued by a CA this machine does not trust/);
    assert.match(reach?.advice ?? '', /NODE_EXTRA_CA_CERTS/);
    assert.match(reach?.advice ?? '', /claudeMessages\.tls\.caCertificates/);

    await ours().update('tls.caCertificates', [ca.caFile], G);
    const trusted = await testConnection();
    assert.equal(statuses(trusted), 'reach:pass key:pass models:pass message:pass');
    assert.match(
      trusted.network.join('\n'),
      new RegExp(`Also trusting the CAs in claudeMessages\\.tls\\.caCertificates: ${escape(ca.caFile)}`),
    );
  });

  test('certificate checks off in user settings: works, and the view and the report say they are off', async () => {
    await ours().update('baseUrl', tlsEp.url, G);
    await ours().update('tls.rejectUnauthorized', false, G);
    const r = await testConnection();
    assert.equal(r.ok, true);
    assert.equal(r.verifiesCertificates, false);
    assert.match(r.network.join('\n'), /TLS certificate verification is OFF/);
    await posted();
    await receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    const init = (await posted()).find((m): m is Extract<HostMessage, { type: 'init' }> => m.type === 'init');
    assert.equal(init?.setup.certificateChecksOff, true);
  });

  test("a workspace's settings cannot turn certificate checks off, add a CA or set the proxy", async () => {
    await ours().update('baseUrl', tlsEp.url, G);
    await writeWorkspaceSettings(
      {
        'claudeMessages.tls.rejectUnauthorized': false,
        'claudeMessages.tls.caCertificates': [ca.caFile],
        'http.proxy': proxy.urlWithAuth,
        'claudeMessages.tools.maxRounds': 3,
      },
      'claudeMessages.tools.maxRounds',
    );
    const r = await testConnection();
    assert.equal(r.ok, false, 'the workspace turned certificate checks off or added its CA');
    assert.equal(r.verifiesCertificates, true);
    assert.equal(r.proxy, undefined);
    assert.match(r.steps[0]?.detail ?? '', /does not trust/);
    assert.equal(proxy.sent().length, 0);
    await posted();
    await receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    const init = (await posted()).find((m): m is Extract<HostMessage, { type: 'init' }> => m.type === 'init');
    assert.notEqual(init?.setup.certificateChecksOff, true);
  });
});

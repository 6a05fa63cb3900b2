import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { describe, it, after } from 'node:test';
import { diagnose, type DiagnoseInput, type DiagnosisReport } from '../../../src/core/connection/diagnose';
import { formatReport } from '../../../src/core/connection/report';
import { KEY, useEndpoint } from '../core/helpers';

function input(baseUrl: string, over: Partial<DiagnoseInput['client']> = {}): DiagnoseInput {
  return {
    profile: 'Default',
    model: 'claude-sonnet-4-5',
    keySource: 'secret storage',
    timeoutMs: 5000,
    client: {
      baseUrl,
      apiKey: KEY,
      authHeader: 'x-api-key',
      apiFormat: 'messages',
      anthropicVersion: '2023-06-01',
      ...over,
    },
  };
}

const statuses = (r: DiagnosisReport) => r.steps.map((s) => `${s.id}:${s.status}`).join(' ');
const step = (r: DiagnosisReport, id: string) => r.steps.find((s) => s.id === id)!;

describe('Test Connection diagnosis', () => {
  const h = useEndpoint({ auth: 'x-api-key' });

  it('passes every step in x-api-key mode, with latencies and the model list', async () => {
    const r = await diagnose(input(h.ep.url));
    assert.equal(statuses(r), 'reach:pass key:pass models:pass message:pass');
    assert.ok(r.ok);
    for (const s of r.steps) assert.equal(typeof s.ms === 'number' || s.id === 'key', true);
    assert.ok(r.models.includes('claude-sonnet-4-5'));
    const sent = h.ep.requests.find((q) => q.path === '/v1/messages');
    assert.equal((sent?.body as { max_tokens: number }).max_tokens, 1);
    assert.equal(sent?.headers['x-api-key'], KEY);
    // The reach step goes without the key.
    assert.equal(h.ep.requests[0]?.headers['x-api-key'], undefined);
  });

  it('passes in Bearer mode when the endpoint wants Bearer', async () => {
    h.ep.configure({ auth: 'bearer' });
    const r = await diagnose(input(h.ep.url, { authHeader: 'bearer' }));
    assert.equal(statuses(r), 'reach:pass key:pass models:pass message:pass');
    const sent = h.ep.requests.find((q) => q.path === '/v1/messages');
    assert.equal(sent?.headers.authorization, `Bearer ${KEY}`);
  });

  it('a wrong key fails the key step with the 401 advice and skips the rest', async () => {
    const r = await diagnose(input(h.ep.url, { apiKey: 'sk-wrong-key-123456' }));
    assert.equal(statuses(r), 'reach:pass key:fail models:skip message:skip');
    assert.equal(step(r, 'key').status_code, 401);
    assert.match(step(r, 'key').advice ?? '', /key was refused by this host/);
    assert.match(step(r, 'key').advice ?? '', /Claude: Set API Key/);
    assert.ok(!formatReport(r).includes('sk-wrong-key-123456'), 'the report never holds the key');
  });

  it('the right key in the wrong header suggests the other auth header', async () => {
    const r = await diagnose(input(h.ep.url, { authHeader: 'bearer' }));
    assert.equal(step(r, 'key').status, 'fail');
    assert.match(step(r, 'key').advice ?? '', /expect the key as x-api-key/);
  });

  it('no key: the key step says to set one', async () => {
    const r = await diagnose(input(h.ep.url, { apiKey: undefined }));
    assert.equal(statuses(r), 'reach:pass key:fail models:skip message:skip');
    assert.match(step(r, 'key').advice ?? '', /Set API Key/);
  });

  it("a gateway's own error code and trace id are reported", async () => {
    h.ep.script({
      content: [{ type: 'text', text: 'x' }],
      fault: {
        type: 'gateway-error',
        httpStatus: 500,
        code: 'upstream_quota',
        message: 'quota gone',
        traceId: 'trace-abc-42',
      },
    });
    const r = await diagnose(input(h.ep.url));
    const m = step(r, 'message');
    assert.equal(m.status, 'fail');
    assert.equal(m.errorCode, 'upstream_quota');
    assert.equal(m.requestId, 'trace-abc-42');
    assert.match(m.advice ?? '', /quote: upstream_quota, trace\/request id trace-abc-42/);
    assert.match(formatReport(r), /request\/trace id trace-abc-42/);
  });

  it('an unknown model is reported as the model, not the format', async () => {
    h.ep.script({
      content: [{ type: 'text', text: 'x' }],
      fault: { type: 'status', status: 404, errorType: 'not_found_error', message: 'model: claude-nope' },
    });
    const r = await diagnose({ ...input(h.ep.url), model: 'claude-nope' });
    assert.equal(step(r, 'models').status, 'warn');
    assert.match(step(r, 'message').advice ?? '', /does not know the model "claude-nope"/);
  });

  describe('a gateway that speaks only Chat Completions', () => {
    let proxy: Server;
    let url = '';
    after(() => proxy?.close());

    it('404 on /v1/messages advises switching the format, and confirms chat-completions answers', async () => {
      // Only /v1/chat/completions is forwarded; everything else is a plain 404, as such gateways do.
      proxy = createServer((req, res) => {
        if (req.url !== '/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: `no route ${req.url}` } }));
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          void fetch(`${h.ep.url}/v1/chat/completions`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: req.headers.authorization ?? '',
              'x-api-key': String(req.headers['x-api-key'] ?? ''),
            },
            body: Buffer.concat(chunks),
          }).then(async (r) => {
            res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' });
            res.end(Buffer.from(await r.arrayBuffer()));
          });
        });
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;
      h.ep.configure({ auth: 'either' });
      const r = await diagnose(input(url));
      assert.equal(step(r, 'models').status, 'warn');
      const m = step(r, 'message');
      assert.equal(m.status, 'fail');
      assert.equal(m.status_code, 404);
      assert.match(m.advice ?? '', /speaks Chat Completions/);
      assert.match(m.advice ?? '', /"chat-completions"/);
    });
  });

  it('connection refused is told apart, with what to check', async () => {
    const port = await freePort();
    const r = await diagnose(input(`http://127.0.0.1:${port}`));
    assert.equal(statuses(r), 'reach:fail key:skip models:skip message:skip');
    assert.match(step(r, 'reach').detail, /ECONNREFUSED/);
    assert.match(step(r, 'reach').advice ?? '', /port and scheme/);
  });

  it('https to a plain-HTTP port is a TLS failure', async () => {
    const r = await diagnose(input(h.ep.url.replace('http:', 'https:')));
    assert.equal(step(r, 'reach').status, 'fail');
    assert.match(step(r, 'reach').detail, /TLS/);
    assert.match(step(r, 'reach').advice ?? '', /plain HTTP, use http:\/\//);
  });

  it('the markdown report lists each step with its latency', async () => {
    const r = await diagnose(input(h.ep.url));
    const md = formatReport(r);
    assert.match(md, /^# Claude: Test Connection: PASSED/);
    assert.match(md, /## 1\. Reach the endpoint: \[PASS\] \(\d+ ms\)/);
    assert.match(md, /## 4\. Send a one-token message: \[PASS\] \(\d+ ms\)/);
    assert.ok(!md.includes(KEY));
  });
});

/** A port nothing listens on: bound, read, released. */
async function freePort(): Promise<number> {
  const srv = createTcpServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

// Test Connection and redirects (docs/threat-model.md, K4): a redirect to another origin is never followed, and the
// report says where the endpoint pointed and what to do, at the step where it happened.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { diagnose, type DiagnoseInput, type DiagnosisReport } from '../../../src/core/connection/diagnose';
import { formatReport, summarize } from '../../../src/core/connection/report';
import { startCapture, type Capture } from '../../support/endpoint/capture';
import { KEY, useEndpoint } from '../core/helpers';

function input(baseUrl: string): DiagnoseInput {
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
    },
  };
}

const statuses = (r: DiagnosisReport) => r.steps.map((s) => `${s.id}:${s.status}`).join(' ');
const step = (r: DiagnosisReport, id: string) => r.steps.find((s) => s.id === id)!;

describe('Test Connection: redirects (K4)', () => {
  const h = useEndpoint({ auth: 'x-api-key' });
  let capture: Capture;
  before(async () => {
    capture = await startCapture();
  });
  beforeEach(() => capture.reset());
  after(() => capture.close());

  it('an endpoint that redirects everything elsewhere: each step says where, the message step fails with the advice', async () => {
    const target = `${capture.url}/v1/messages`;
    h.ep.setFault({ type: 'redirect', status: 307, location: target }, { times: 0 });
    const r = await diagnose(input(h.ep.url));
    assert.equal(statuses(r), 'reach:warn key:warn models:warn message:fail');
    assert.equal(r.ok, false);
    const reach = step(r, 'reach');
    assert.match(reach.detail, /redirect \(HTTP 307\) to http:\/\/127\.0\.0\.1:\d+\/v1\/messages/);
    const message = step(r, 'message');
    assert.ok(message.detail.includes(`redirected to ${target}`), message.detail);
    assert.equal(message.status_code, 307);
    assert.ok(message.advice?.includes(`set the base URL to ${capture.url} if you trust it`), message.advice);
    assert.match(step(r, 'key').detail, /never sent along a redirect/);
    assert.match(summarize(r), /set the base URL to http:\/\/127\.0\.0\.1:\d+ if you trust it/);
    assert.match(formatReport(r), /redirected to http:\/\/127\.0\.0\.1:\d+\/v1\/messages/);
    assert.equal(capture.connections, 0, 'nothing reached the other origin');
  });

  it('only the message request redirected: the other steps pass, the message step reports the redirect', async () => {
    const target = `${capture.url}/v1/messages`;
    h.ep.script({
      content: [{ type: 'text', text: 'x' }],
      fault: { type: 'redirect', status: 308, location: target },
    });
    const r = await diagnose(input(h.ep.url));
    assert.equal(statuses(r), 'reach:pass key:pass models:pass message:fail');
    assert.ok(step(r, 'message').advice?.includes(`set the base URL to ${capture.url} if you trust it`));
    assert.equal(capture.connections, 0);
  });
});

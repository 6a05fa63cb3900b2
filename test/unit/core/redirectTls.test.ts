// A redirect from https to plain http is refused like any other origin change, and says the target is unencrypted
// (docs/threat-model.md, K4). The endpoint serves https with a throwaway certificate made by the openssl command
// (test/support/endpoint/tlsCertificate.ts). Trusting a certificate needs either a start-up setting
// (NODE_EXTRA_CA_CERTS) or a dispatcher from the undici package, so this file turns certificate checks off instead:
// `node --test` runs each file in its own process, and this one only talks to 127.0.0.1. What is under test is the
// redirect, not the certificate.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/messages/errors';
import { startCapture, type Capture } from '../../support/endpoint/capture';
import { startEndpoint, type Endpoint } from '../../support/endpoint/server';
import { testCertificate } from '../../support/endpoint/tlsCertificate';
import { ask, clientFor, KEY, rejection } from './helpers';

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

describe('a redirect from https to http (K4)', () => {
  let ep: Endpoint;
  let capture: Capture;
  before(async () => {
    ep = await startEndpoint({ apiKey: KEY, tls: testCertificate() });
    capture = await startCapture();
  });
  after(async () => {
    await ep.close();
    await capture.close();
  });

  test('the endpoint itself answers over https', async () => {
    assert.match(ep.url, /^https:/);
    ep.script('over tls');
    const m = await clientFor(ep).stream(ask());
    assert.deepEqual(m.content, [{ type: 'text', text: 'over tls' }]);
  });

  for (const status of [301, 302, 307, 308]) {
    test(`HTTP ${status} to plain http is refused as unencrypted; the http server receives nothing`, async () => {
      const target = `${capture.url}/v1/messages`;
      ep.setFault({ type: 'redirect', status, location: target }, { times: 0 });
      const err = await rejection(clientFor(ep).stream(ask('a private conversation')));
      assert.ok(err instanceof ApiError, String(err));
      assert.equal(err.kind, 'redirect');
      assert.ok(err.message.includes(`redirected to ${target}`), err.message);
      assert.match(err.message, /unencrypted/);
      assert.ok(!err.message.includes('set the base URL to http:'), 'never advises a plain-http base URL');
      assert.equal(capture.connections, 0);
      ep.setFault(null);
    });
  }
});

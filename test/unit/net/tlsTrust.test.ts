// Certificates from a private CA (made by the test with openssl, test/support/endpoint/testCa.ts) against the local
// https endpoint: without trust the error names the problem (self-signed, unknown issuer, expired, wrong host) and
// the fix; listing the CA's PEM file makes it work, adding to the default roots rather than replacing them;
// verification off works and Test Connection says so. No NODE_TLS_REJECT_UNAUTHORIZED here: trust is the subject.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { diagnose } from '../../../src/core/connection/diagnose';
import { ApiError } from '../../../src/core/messages/errors';
import { createNetworkFetch, trustedCas, type NetworkAccess } from '../../../src/core/net/networkFetch';
import type { NetworkOptions } from '../../../src/core/net/proxy';
import { startEndpoint, type Endpoint } from '../../support/endpoint/server';
import { makeTestCa, type TestCa } from '../../support/endpoint/testCa';
import { testCertificate } from '../../support/endpoint/tlsCertificate';
import { ask, clientFor, KEY, rejection } from '../core/helpers';
import * as tls from 'node:tls';

describe('TLS you can trust on purpose', () => {
  let ca: TestCa;
  const eps: Record<'good' | 'expired' | 'wrongHost' | 'selfSigned', Endpoint> = {} as never;
  const opened: NetworkAccess[] = [];
  const access = (options: NetworkOptions) => {
    const a = createNetworkFetch({ env: {}, ...options });
    opened.push(a);
    return a;
  };
  const failure = async (ep: Endpoint, net?: NetworkAccess) => {
    const err = await rejection(
      clientFor(ep, { maxRetries: 0, ...(net ? { fetch: net.fetch } : {}) }).stream(ask()),
    );
    assert.ok(err instanceof ApiError, String(err));
    return err;
  };

  before(async () => {
    ca = makeTestCa();
    eps.good = await startEndpoint({ apiKey: KEY, tls: ca.leaf('good') });
    eps.expired = await startEndpoint({ apiKey: KEY, tls: ca.leaf('expired') });
    eps.wrongHost = await startEndpoint({ apiKey: KEY, tls: ca.leaf('wrongHost') });
    eps.selfSigned = await startEndpoint({ apiKey: KEY, tls: testCertificate() });
  });
  after(async () => {
    await Promise.all(opened.map((a) => a.close()));
    for (const ep of Object.values(eps)) await ep.close();
    rmSync(ca.dir, { recursive: true, force: true });
  });

  it('a private CA not trusted: the error names an unknown issuer and the three ways to trust it', async () => {
    const err = await failure(eps.good);
    assert.equal(err.kind, 'network');
    assert.match(
      err.message,
      /127\.0\.0\.1:\d+'s certificate was issued by a CA this machine does not trust \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
    );
    assert.match(err.message, /operating system's certificate store/);
    assert.match(err.message, /NODE_EXTRA_CA_CERTS/);
    assert.match(err.message, /claudeMessages\.tls\.caCertificates/);
    assert.equal(err.retryable, false);
    assert.equal(eps.good.requests.length, 0);
  });

  it('a self-signed certificate is called self-signed', async () => {
    const err = await failure(eps.selfSigned);
    assert.match(err.message, /certificate is self-signed.*\(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
  });

  it('with the CA listed in claudeMessages.tls.caCertificates the request works', async () => {
    const net = access({ caCertificates: [ca.caFile] });
    eps.good.script('trusted on purpose');
    const m = await clientFor(eps.good, { fetch: net.fetch }).stream(ask());
    assert.deepEqual(m.content, [{ type: 'text', text: 'trusted on purpose' }]);
  });

  it('the listed CA is added to the default roots, not put in their place', async () => {
    const all = await trustedCas([ca.caFile]);
    assert.ok(all.includes(ca.caPem.trim()) || all.some((c) => c.trim() === ca.caPem.trim()));
    for (const root of tls.rootCertificates.slice(0, 5))
      assert.ok(all.includes(root), 'a default root is missing');
  });

  it('trusted CA, expired leaf: "has expired"', async () => {
    const err = await failure(eps.expired, access({ caCertificates: [ca.caFile] }));
    assert.match(err.message, /certificate has expired \(CERT_HAS_EXPIRED\)/);
    assert.match(err.message, /operator must renew it/);
  });

  it('trusted CA, leaf for another host: "issued for another host name"', async () => {
    const err = await failure(eps.wrongHost, access({ caCertificates: [ca.caFile] }));
    assert.match(
      err.message,
      /certificate was issued for another host name \(ERR_TLS_CERT_ALTNAME_INVALID\)/,
    );
  });

  it('verification off: the untrusted endpoint works, and Test Connection says verification is off', async () => {
    const net = access({ verifyCertificates: false });
    eps.good.script('unverified');
    const m = await clientFor(eps.good, { fetch: net.fetch }).stream(ask());
    assert.deepEqual(m.content, [{ type: 'text', text: 'unverified' }]);
    const report = await diagnose({
      profile: 'Default',
      model: 'claude-sonnet-4-5',
      keySource: 'test',
      client: {
        baseUrl: eps.good.url,
        apiKey: KEY,
        authHeader: 'x-api-key',
        apiFormat: 'messages',
        anthropicVersion: '2023-06-01',
        fetch: net.fetch,
      },
      network: net,
    });
    assert.equal(report.ok, true);
    assert.equal(report.verifiesCertificates, false);
    assert.ok(report.network.some((l) => /TLS certificate verification is OFF/.test(l)));
  });

  it('Test Connection reports the chain problem at its first step', async () => {
    const report = await diagnose({
      profile: 'Default',
      model: 'claude-sonnet-4-5',
      keySource: 'test',
      client: {
        baseUrl: eps.expired.url,
        apiKey: KEY,
        authHeader: 'x-api-key',
        apiFormat: 'messages',
        anthropicVersion: '2023-06-01',
        fetch: access({ caCertificates: [ca.caFile] }).fetch,
      },
    });
    const reach = report.steps[0];
    assert.equal(reach?.status, 'fail');
    assert.match(reach?.detail ?? '', /certificate has expired/);
    assert.match(reach?.advice ?? '', /renew/);
  });

  it('a CA file that is missing or holds no certificate: a clear error naming the file and the setting', async () => {
    const missing = join(ca.dir, 'nope.pem');
    const err = await failure(eps.good, access({ caCertificates: [missing] }));
    assert.match(
      err.message,
      /claudeMessages\.tls\.caCertificates lists ".*nope\.pem", which cannot be read \(ENOENT\)/,
    );
    const junk = join(ca.dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    const err2 = await failure(eps.good, access({ caCertificates: [junk] }));
    assert.match(err2.message, /holds no PEM certificate/);
  });
});

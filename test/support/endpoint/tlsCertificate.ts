// A throwaway self-signed certificate for 127.0.0.1, made when a test asks for one, so the local endpoint can serve
// https (`startEndpoint({ tls: testCertificate() })`) for tests about https-only behaviour, such as refusing a
// redirect from https to plain http. Made with the openssl command rather than kept in the repository: no private
// key sits in the source (or in a bundle that imports the endpoint), and none outlives the test run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsCertificate {
  key: string;
  cert: string;
}

export function testCertificate(): TlsCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'claude-messages-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

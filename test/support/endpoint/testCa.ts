// A throwaway private CA and leaf certificates it signs, made with the openssl command when a test asks (no key in
// the repository): a good leaf for 127.0.0.1, an expired one, and one issued for another host name. Tests serve
// them from the local endpoint (`startEndpoint({ tls })`) and trust the CA through its PEM file.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  /** The directory holding the CA's files; `caFile` is the PEM users would list. */
  dir: string;
  caFile: string;
  caPem: string;
  /** A leaf signed by this CA. */
  leaf(kind: 'good' | 'expired' | 'wrongHost'): { key: string; cert: string };
}

const ssl = (dir: string, args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });

export function makeTestCa(): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'claude-messages-ca-'));
  const ecKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl(dir, [
    'req',
    '-x509',
    ...ecKey,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=Claude Messages Test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  writeFileSync(join(dir, 'index.txt'), '');
  writeFileSync(join(dir, 'serial'), '1000\n');
  writeFileSync(
    join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `dir = ${dir}`,
      `database = ${join(dir, 'index.txt')}`,
      `new_certs_dir = ${dir}`,
      `serial = ${join(dir, 'serial')}`,
      'default_md = sha256',
      'policy = any',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
    ].join('\n') + '\n',
  );
  let n = 0;
  const leaf = (kind: 'good' | 'expired' | 'wrongHost') => {
    const name = `leaf${++n}`;
    const san = kind === 'wrongHost' ? 'DNS:gateway.example.invalid' : 'IP:127.0.0.1,DNS:localhost';
    writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\n`);
    ssl(dir, ['req', '-new', ...ecKey, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=leaf']);
    const validity =
      kind === 'expired' ? ['-startdate', '20200101000000Z', '-enddate', '20200102000000Z'] : ['-days', '1'];
    ssl(dir, [
      'ca',
      '-batch',
      '-notext',
      '-config',
      'ca.cnf',
      '-cert',
      'ca.pem',
      '-keyfile',
      'ca.key',
      '-in',
      `${name}.csr`,
      '-out',
      `${name}.pem`,
      '-extfile',
      `${name}.ext`,
      ...validity,
    ]);
    return {
      key: readFileSync(join(dir, `${name}.key`), 'utf8'),
      cert: readFileSync(join(dir, `${name}.pem`), 'utf8'),
    };
  };
  const caFile = join(dir, 'ca.pem');
  return { dir, caFile, caPem: readFileSync(caFile, 'utf8'), leaf };
}

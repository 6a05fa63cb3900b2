// A real forward proxy for tests: Debian's tinyproxy (/usr/bin/tinyproxy; `.ci/run` installs it), started on
// 127.0.0.1 with a generated config (a free port, CONNECT allowed to the given ports, optional Basic auth, a log
// file at level Info). In front of it sits a small TCP relay that records every byte the client sent towards the
// proxy, so a test can check what the proxy was given (the CONNECT line, and never the key) with a positive
// control: the same recording shows the key when a plain-http request travels inside the tunnel.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TINYPROXY = process.env.CLAUDE_MESSAGES_TINYPROXY ?? '/usr/bin/tinyproxy';

export interface ProxyOptions {
  /** Ports CONNECT may reach (tinyproxy refuses the others with 403). */
  connectPorts: number[];
  /** Require Basic auth with these credentials. */
  auth?: { user: string; password: string };
}

export interface TestProxy {
  /** host:port of the relay in front of tinyproxy: what the extension is configured with. */
  hostPort: string;
  /** `http://host:port` (no credentials). */
  url: string;
  /** `http://user:password@host:port` when auth is on. */
  urlWithAuth: string;
  /** tinyproxy's log so far. */
  log(): string;
  /** Every byte clients sent to the proxy so far (the request line, headers, and tunnelled bytes). */
  sent(): Buffer;
  /** Forgets the recorded bytes (the log is kept). */
  resetRecording(): void;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Waits until something accepts connections on the port, or the process exits. */
async function listening(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tinyproxy exited (${child.exitCode}): ${stderr()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function startTinyproxy(options: ProxyOptions): Promise<TestProxy> {
  const dir = mkdtempSync(join(tmpdir(), 'claude-messages-proxy-'));
  const port = await freePort();
  const logFile = join(dir, 'tinyproxy.log');
  const lines = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 60',
    `LogFile "${logFile}"`,
    'LogLevel Info',
    'MaxClients 20',
    'Allow 127.0.0.1',
    'DisableViaHeader Yes',
    ...options.connectPorts.map((p) => `ConnectPort ${p}`),
    ...(options.auth ? [`BasicAuth ${options.auth.user} ${options.auth.password}`] : []),
  ];
  const conf = join(dir, 'tinyproxy.conf');
  writeFileSync(conf, lines.join('\n') + '\n');
  let errText = '';
  const child = spawn(TINYPROXY, ['-d', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (b: Buffer) => (errText += b.toString()));
  child.on('error', (e) => (errText += String(e)));
  await listening(port, child, () => errText);

  // The recording relay: one upstream connection to tinyproxy per client connection, bytes copied both ways.
  const chunks: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const relay = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.on('data', (b: Buffer) => chunks.push(Buffer.from(b)));
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  const relayPort = (relay.address() as net.AddressInfo).port;
  const hostPort = `127.0.0.1:${relayPort}`;
  const auth = options.auth;
  return {
    hostPort,
    url: `http://${hostPort}`,
    urlWithAuth: auth
      ? `http://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@${hostPort}`
      : `http://${hostPort}`,
    log: () => {
      try {
        return readFileSync(logFile, 'utf8');
      } catch {
        return '';
      }
    },
    sent: () => Buffer.concat(chunks),
    resetRecording: () => void chunks.splice(0),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => relay.close(() => resolve()));
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on (bound, then closed): a "proxy" that refuses connections. */
export async function refusingPort(): Promise<number> {
  return freePort();
}

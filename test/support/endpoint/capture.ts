// A second origin that records whatever reaches it: every TCP connection, and every request's method, path, headers
// and body. Tests point a redirect at it and check that it received nothing (docs/threat-model.md, K4). It answers
// 404, so a client that does follow a redirect fails its test instead of waiting.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Capture {
  /** `http://127.0.0.1:<port>`: the same host as the endpoint, another port, so another origin. */
  url: string;
  /** TCP connections opened to it, whether or not a request followed. */
  readonly connections: number;
  requests: CapturedRequest[];
  reset(): void;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

export async function startCapture(): Promise<Capture> {
  const requests: CapturedRequest[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'capture server' } }),
      );
    });
  });
  server.on('connection', (socket) => {
    connections++;
    socket.unref();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get connections() {
      return connections;
    },
    requests,
    reset() {
      requests.length = 0;
      connections = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// An MCP server over HTTP built with the SDK, for tests: Streamable HTTP (with sessions) or
// the older SSE transport, on 127.0.0.1 only. Its tools: `add` (numbers), `slow` (waits until cancelled, and
// records the cancellation), `headers` (echoes the request's headers it was sent).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import * as z from 'zod';

export interface TestMcpHttpServer {
  url: string;
  /** Requests seen: method and path. */
  requests: { method: string; path: string; headers: IncomingMessage['headers'] }[];
  /** Resolves when a `slow` call was cancelled by the client. */
  cancelled: Promise<void>;
  close(): Promise<void>;
}

function build(seen: { lastHeaders: IncomingMessage['headers'] }, onCancel: () => void): McpServer {
  const server = new McpServer({ name: 'test-http', version: '1.0.0' });
  server.registerTool(
    'add',
    { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } },
    ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }),
  );
  server.registerTool(
    'slow',
    { description: 'Waits until cancelled.' },
    (extra) =>
      new Promise((resolve) => {
        extra.signal.addEventListener('abort', () => {
          onCancel();
          resolve({ content: [{ type: 'text', text: 'cancelled' }] });
        });
      }),
  );
  server.registerTool('headers', { description: 'The request headers.' }, () => ({
    content: [{ type: 'text', text: JSON.stringify(seen.lastHeaders) }],
  }));
  return server;
}

export async function startMcpHttpServer(mode: 'streamable' | 'sse'): Promise<TestMcpHttpServer> {
  const requests: TestMcpHttpServer['requests'] = [];
  const seen = { lastHeaders: {} as IncomingMessage['headers'] };
  let onCancel = () => {};
  const cancelled = new Promise<void>((resolve) => (onCancel = resolve));
  const sse = new Map<string, SSEServerTransport>();
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push({ method: req.method ?? '', path, headers: req.headers });
    seen.lastHeaders = req.headers;
    void (async () => {
      if (mode === 'streamable') {
        // One transport per session, as a real server keeps them: a cancellation reaches the call it cancels.
        const id = req.headers['mcp-session-id'];
        let transport = typeof id === 'string' ? sessions.get(id) : undefined;
        if (!transport) {
          if (id !== undefined) return void res.writeHead(404).end();
          const created = new StreamableHTTPServerTransport({
            sessionIdGenerator: () => randomUUID(),
            onsessioninitialized: (sid) => void sessions.set(sid, created),
          });
          transport = created;
          await build(seen, onCancel).connect(transport);
        }
        await transport.handleRequest(req, res);
        return;
      }
      // The old protocol: GET opens the event stream, POSTs go to the endpoint it names. A Streamable HTTP POST
      // to the main URL gets 405, as such servers answer.
      if (req.method === 'GET' && path === '/mcp') {
        const transport = new SSEServerTransport('/messages', res);
        sse.set(transport.sessionId, transport);
        res.on('close', () => sse.delete(transport.sessionId));
        await build(seen, onCancel).connect(transport);
        return;
      }
      if (req.method === 'POST' && path === '/messages') {
        const id = new URL(req.url ?? '/', 'http://x').searchParams.get('sessionId') ?? '';
        const transport = sse.get(id);
        if (!transport) return void res.writeHead(404).end();
        await transport.handlePostMessage(req, res);
        return;
      }
      res.writeHead(405).end();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    requests,
    cancelled,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

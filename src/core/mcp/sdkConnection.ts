// The MCP client on the official SDK: stdio servers as child processes, HTTP servers over Streamable HTTP with the
// older SSE transport as fallback. The only module that imports the SDK; esbuild makes it a bundle of its own
// (dist/mcp.js) that the host loads the first time a server starts, so activation never pays for it
// (docs/performance.md). Every HTTP request goes through the one `fetch` the caller gives (proxy support plugs in
// there). A stdio server's processes carry a marker in their environment, so closing sweeps the whole tree
// (processSweep.ts, as run_command does; docs/threat-model.md, G11).
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { newRunMarker, RUN_MARKER_ENV, sweepProcesses } from '../tools/processSweep';
import type { ConnectOptions, McpConnection, McpToolSpec } from './connection';
import { mcpCallResult, mcpToolSpec } from './results';

const CLIENT_INFO = { name: 'claude-messages', version: '0.1.0' };
/** A server that sends more than this many tools is cut here: a tool list is part of every request. */
const MAX_TOOLS = 256;

function lines(onLine: (line: string) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    const parts = pending.split(/\r?\n/);
    pending = parts.pop() ?? '';
    // A server that never ends a line cannot grow this without bound.
    if (pending.length > 64 * 1024) {
      parts.push(pending);
      pending = '';
    }
    for (const p of parts) if (p.trim() !== '') onLine(p);
  };
}

async function connectClient(transport: Transport, o: ConnectOptions): Promise<Client> {
  const client = new Client(CLIENT_INFO, { capabilities: {} });
  try {
    await client.connect(transport, { signal: o.signal, timeout: 60_000 });
    return client;
  } catch (e) {
    // A failed SSE transport would otherwise keep reconnecting its EventSource forever.
    await transport.close().catch(() => undefined);
    throw e;
  }
}

async function connectHttp(o: ConnectOptions, url: URL, headers: Record<string, string>): Promise<Client> {
  const requestInit = { headers };
  try {
    return await connectClient(new StreamableHTTPClientTransport(url, { fetch: o.fetch, requestInit }), o);
  } catch (streamable) {
    if (o.signal.aborted) throw streamable;
    // Servers from before Streamable HTTP (protocol 2024-11-05) answer its POST with an error; their SSE endpoint
    // is the same URL.
    try {
      return await connectClient(new SSEClientTransport(url, { fetch: o.fetch, requestInit }), o);
    } catch {
      throw streamable;
    }
  }
}

export async function connectMcp(o: ConnectOptions): Promise<McpConnection> {
  const t = o.server.transport;
  let client: Client;
  let marker: string | undefined;
  let closing = false;
  if (t.type === 'stdio') {
    marker = newRunMarker();
    const transport = new StdioClientTransport({
      command: t.command,
      args: t.args,
      env: { ...t.env, [RUN_MARKER_ENV]: marker },
      cwd: t.cwd,
      stderr: 'pipe',
    });
    transport.stderr?.on('data', lines(o.onStderr));
    try {
      client = await connectClient(transport, o);
    } catch (e) {
      await transport.close().catch(() => undefined);
      await sweepProcesses(marker, 'SIGKILL').catch(() => 0);
      throw e;
    }
  } else {
    client = await connectHttp(o, new URL(t.url), t.headers);
  }
  client.onclose = () => {
    if (!closing) o.onClosed(t.type === 'stdio' ? 'The server process exited.' : 'The connection closed.');
  };
  client.onerror = (e) => o.onStderr(`[client] ${e.message}`);

  return {
    async listTools(signal) {
      const specs: McpToolSpec[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor ? { cursor } : {}, { signal });
        for (const raw of page.tools) {
          const spec = mcpToolSpec(o.server.name, raw);
          if (spec && specs.length < MAX_TOOLS) specs.push(spec);
        }
        cursor = page.nextCursor;
      } while (cursor && specs.length < MAX_TOOLS);
      return specs;
    },
    async callTool(tool, input, { signal, timeoutMs }) {
      // On abort the SDK sends notifications/cancelled to the server and rejects here.
      const raw = await client.callTool({ name: tool, arguments: input }, undefined, {
        signal,
        timeout: timeoutMs,
      });
      return mcpCallResult(raw);
    },
    async close() {
      closing = true;
      await client.close().catch(() => undefined);
      if (marker) await sweepProcesses(marker, 'SIGKILL').catch(() => 0);
    },
  };
}

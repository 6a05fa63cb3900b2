// The contract between an MCP server's lifecycle (serverHandle.ts) and the SDK client that talks to it
// (sdkConnection.ts, a bundle of its own loaded on first use). Plain types: the lifecycle is tested with real
// servers and with scripted connections alike.
import type { ExternalCallResult } from '../tools/external/types';
import type { McpServerConfig } from './config';
import type { mcpToolSpec } from './results';

/** The one fetch every HTTP request of an MCP client goes through (proxies plug in here). */
export type McpFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export type McpToolSpec = NonNullable<ReturnType<typeof mcpToolSpec>>;

export interface McpConnection {
  listTools(signal: AbortSignal): Promise<McpToolSpec[]>;
  callTool(
    tool: string,
    input: Record<string, unknown>,
    o: { signal: AbortSignal; timeoutMs: number },
  ): Promise<ExternalCallResult>;
  /** Ends the connection and (stdio) the server's whole process tree. */
  close(): Promise<void>;
}

export interface ConnectOptions {
  server: McpServerConfig;
  fetch: McpFetch;
  /** Each line the server writes to stderr. */
  onStderr: (line: string) => void;
  /** The connection ended without close() (the server exited or the stream broke). */
  onClosed: (reason: string) => void;
  signal: AbortSignal;
}

export type Connect = (o: ConnectOptions) => Promise<McpConnection>;

/** A start that must not be retried on its own (the user declined to approve the server): no backoff restart. */
export class NoRetryError extends Error {
  override readonly name = 'NoRetryError';
}

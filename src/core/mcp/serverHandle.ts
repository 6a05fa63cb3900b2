// One MCP server's life: started on first use, its tools listed once per start, restarted after a crash with a
// growing delay, stopped with the extension. Timers and the clock come in, so the backoff is tested with mocked
// time; the connection comes in, so the same code runs against real servers and scripted ones.
import { l10n } from '../l10n';
import type { ExternalCallResult } from '../tools/external/types';
import type { McpServerConfig } from './config';
import {
  NoRetryError,
  type Connect,
  type McpConnection,
  type McpFetch,
  type McpToolSpec,
} from './connection';

export type ServerState = 'idle' | 'starting' | 'running' | 'restarting' | 'failed' | 'disabled' | 'stopped';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/** Restart delays: 1 s, 2 s, 4 s, ... up to 30 s; after this many crashes in a row the server is left failed. */
export const BACKOFF = { firstMs: 1000, maxMs: 30_000, maxCrashes: 5, stableMs: 60_000 } as const;
const START_TIMEOUT_MS = 60_000;

export function backoffMs(crashes: number): number {
  return Math.min(BACKOFF.maxMs, BACKOFF.firstMs * 2 ** Math.max(0, crashes - 1));
}

export interface ServerHandleOptions {
  config: McpServerConfig;
  connect: Connect;
  fetch: McpFetch;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  timers?: Timers;
  /** Told whenever the state, tools or last error change (the MCP Servers picker listens). */
  onChange?: () => void;
}

export class ServerHandle {
  state: ServerState = 'idle';
  lastError: string | undefined;
  tools: McpToolSpec[] = [];
  /** Crashes in a row without a stable run between them. */
  crashes = 0;
  private connection: McpConnection | undefined;
  private starting: Promise<McpConnection> | undefined;
  private restartTimer: unknown;
  private startedAt = 0;
  /** Counts starts, so a crash report from an old connection is told from the current one's. */
  private generation = 0;
  private readonly timers: Timers;

  constructor(private readonly o: ServerHandleOptions) {
    this.timers = o.timers ?? realTimers;
  }

  get name(): string {
    return this.o.config.name;
  }
  get config(): McpServerConfig {
    return this.o.config;
  }

  /** Connected, with its tools listed; starts it when it is not running. Rejects with a message for the user. */
  async ensureRunning(): Promise<McpConnection> {
    if (this.state === 'disabled') throw new Error(l10n.t('MCP server "{0}" is disabled.', this.name));
    if (this.state === 'stopped') throw new Error(l10n.t('MCP server "{0}" was stopped.', this.name));
    if (this.connection && this.state === 'running') return this.connection;
    return (this.starting ??= this.start().finally(() => (this.starting = undefined)));
  }

  private async start(): Promise<McpConnection> {
    this.cancelRestart();
    const generation = ++this.generation;
    this.set('starting');
    const abort = new AbortController();
    const timeout = this.timers.setTimeout(() => abort.abort(new Error('start timed out')), START_TIMEOUT_MS);
    let connection: McpConnection | undefined;
    try {
      connection = await this.o.connect({
        server: this.o.config,
        fetch: this.o.fetch,
        signal: abort.signal,
        onStderr: (line) => this.o.log('info', `[${this.name}] ${line}`),
        onClosed: (reason) => this.closed(generation, reason),
      });
      const tools = await connection.listTools(abort.signal);
      if (generation !== this.generation || this.isOff()) {
        await connection.close();
        throw new Error(l10n.t('MCP server "{0}" was stopped while it started.', this.name));
      }
      this.connection = connection;
      this.tools = tools;
      this.startedAt = this.timers.now();
      this.lastError = undefined;
      this.set('running');
      this.o.log('info', `MCP server "${this.name}" is running with ${tools.length} tools.`);
      return connection;
    } catch (e) {
      await connection?.close().catch(() => undefined);
      const message = e instanceof Error ? e.message : String(e);
      if (generation === this.generation && !this.isOff()) {
        this.lastError = message;
        this.o.log('error', `MCP server "${this.name}" did not start: ${message}`);
        if (e instanceof NoRetryError) this.set('failed');
        else {
          this.crashes++;
          this.scheduleRestartOrFail();
        }
      }
      throw new Error(l10n.t('MCP server "{0}" did not start: {1}', this.name, message), { cause: e });
    } finally {
      this.timers.clearTimeout(timeout);
    }
  }

  private isOff(): boolean {
    return this.state === 'disabled' || this.state === 'stopped';
  }

  /** The connection ended on its own: a crash. Restart after the backoff delay, or give up after too many. */
  private closed(generation: number, reason: string): void {
    if (generation !== this.generation || this.state !== 'running') return;
    this.connection = undefined;
    this.lastError = reason;
    if (this.timers.now() - this.startedAt >= BACKOFF.stableMs) this.crashes = 0;
    this.crashes++;
    this.o.log('warn', `MCP server "${this.name}" stopped unexpectedly: ${reason}`);
    this.scheduleRestartOrFail();
  }

  private scheduleRestartOrFail(): void {
    if (this.crashes >= BACKOFF.maxCrashes) {
      this.set('failed');
      this.o.log(
        'error',
        `MCP server "${this.name}" failed ${this.crashes} times in a row; not restarting it.`,
      );
      return;
    }
    const delay = backoffMs(this.crashes);
    this.set('restarting');
    this.restartTimer = this.timers.setTimeout(() => {
      this.restartTimer = undefined;
      this.ensureRunning().catch(() => undefined); // start() logged it and scheduled the next try
    }, delay);
  }

  private cancelRestart(): void {
    if (this.restartTimer !== undefined) this.timers.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  async callTool(
    tool: string,
    input: Record<string, unknown>,
    o: { signal: AbortSignal; timeoutMs: number },
  ): Promise<ExternalCallResult> {
    const connection = await this.ensureRunning();
    return connection.callTool(tool, input, o);
  }

  /** The user's "Restart": a fresh start, whatever the state (a disabled server stays disabled). */
  async restart(): Promise<void> {
    if (this.state === 'disabled' || this.state === 'stopped') return;
    await this.shutdown();
    this.crashes = 0;
    this.set('idle');
    await this.ensureRunning();
  }

  async disable(): Promise<void> {
    await this.shutdown();
    this.set('disabled');
  }

  enable(): void {
    if (this.state === 'disabled') this.set('idle');
  }

  /** Stopped for good (the extension ends, or the configuration changed). */
  async stop(): Promise<void> {
    await this.shutdown();
    this.set('stopped');
  }

  private async shutdown(): Promise<void> {
    this.cancelRestart();
    this.generation++;
    const c = this.connection;
    this.connection = undefined;
    this.tools = [];
    await c?.close().catch(() => undefined);
  }

  private set(state: ServerState): void {
    this.state = state;
    this.o.onChange?.();
  }
}

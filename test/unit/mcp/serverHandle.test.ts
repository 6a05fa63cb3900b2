// An MCP server's lifecycle against real servers from npm (server-everything for the protocol, server-memory as a
// realistic one) and the SDK-built HTTP server of test/support, plus the restart backoff with mocked timers.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { McpServerConfig } from '../../../src/core/mcp/config';
import { NoRetryError, type Connect, type McpConnection } from '../../../src/core/mcp/connection';
import { McpToolSource } from '../../../src/core/mcp/mcpToolSource';
import { connectMcp } from '../../../src/core/mcp/sdkConnection';
import { BACKOFF, backoffMs, ServerHandle, type Timers } from '../../../src/core/mcp/serverHandle';
import { startMcpHttpServer } from '../../support/mcp/httpServer';

const require = createRequire(import.meta.url);
const everything = require.resolve('@modelcontextprotocol/server-everything/dist/index.js');
const memory = require.resolve('@modelcontextprotocol/server-memory/dist/index.js');

const stdio = (name: string, script: string, env: Record<string, string> = {}): McpServerConfig => ({
  name,
  source: 'user',
  transport: { type: 'stdio', command: process.execPath, args: [script], env },
});

const logs: string[] = [];
const log = (level: string, message: string) => void logs.push(`${level} ${message}`);
const handles: ServerHandle[] = [];
function handle(config: McpServerConfig, extra: Partial<ConstructorParameters<typeof ServerHandle>[0]> = {}) {
  const h = new ServerHandle({ config, connect: connectMcp, fetch: globalThis.fetch, log, ...extra });
  handles.push(h);
  return h;
}
after(async () => {
  await Promise.all(handles.map((h) => h.stop()));
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Processes whose environment holds `entry` (KEY=value): the SDK does not hand out the server's pid. */
async function pidsWithEnv(entry: string): Promise<number[]> {
  const pids: number[] = [];
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const env = await readFile(`/proc/${d}/environ`, 'utf8').catch(() => '');
    if (env.split('\0').includes(entry)) pids.push(Number(d));
  }
  return pids;
}

function until(check: () => boolean | Promise<boolean>): Promise<void> {
  return new Promise((resolve) => {
    const tick = async () => ((await check()) ? resolve() : setTimeout(tick, 20));
    void tick();
  });
}

describe('MCP servers over stdio (real servers from npm)', () => {
  it('server-everything: lists tools, echoes, returns an image and resource links, cancels on abort', async () => {
    const h = handle(stdio('everything', everything));
    await h.ensureRunning();
    assert.equal(h.state, 'running');
    const names = h.tools.map((t) => t.tool);
    for (const t of ['echo', 'get-tiny-image', 'get-resource-links', 'trigger-long-running-operation'])
      assert.ok(names.includes(t), `${t} in ${names.join(', ')}`);
    const signal = new AbortController().signal;
    const echo = await h.callTool('echo', { message: 'hi there' }, { signal, timeoutMs: 30_000 });
    assert.deepEqual(echo, { content: [{ type: 'text', text: 'Echo: hi there' }], isError: false });
    const image = await h.callTool('get-tiny-image', {}, { signal, timeoutMs: 30_000 });
    assert.ok(
      image.content.some((c) => c.type === 'image' && c.mediaType === 'image/png' && c.data.length > 100),
    );
    const links = await h.callTool('get-resource-links', { count: 2 }, { signal, timeoutMs: 30_000 });
    assert.equal(
      links.content.filter((c) => c.type === 'text' && c.text.startsWith('[Resource link:')).length,
      2,
    );
    // Invalid input: the server's own error comes back as an error result (or a rejection), not a crash.
    const bad = await h.callTool('echo', { message: 42 }, { signal, timeoutMs: 30_000 }).then(
      (r) => r.isError,
      () => true,
    );
    assert.equal(bad, true);
    // Stop: the SDK sends notifications/cancelled and the call ends at once, long before its 100 s duration.
    const abort = new AbortController();
    const long = h.callTool(
      'trigger-long-running-operation',
      { duration: 100, steps: 100 },
      {
        signal: abort.signal,
        timeoutMs: 200_000,
      },
    );
    abort.abort();
    await assert.rejects(long);
    assert.equal(h.state, 'running');
  });

  it('a per-call timeout ends a call that takes too long', async () => {
    const h = handle(stdio('everything-timeout', everything));
    const signal = new AbortController().signal;
    await assert.rejects(
      h.callTool('trigger-long-running-operation', { duration: 100, steps: 1 }, { signal, timeoutMs: 300 }),
      /timed out|timeout/i,
    );
  });

  it('server-memory: a realistic server keeps what it was told', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'claude-mcp-memory-')), 'memory.jsonl');
    after(() => rm(dirname(file), { recursive: true, force: true }));
    const h = handle(stdio('memory', memory, { MEMORY_FILE_PATH: file }));
    const signal = new AbortController().signal;
    const o = { signal, timeoutMs: 30_000 };
    await h.callTool(
      'create_entities',
      { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote code'] }] },
      o,
    );
    const graph = await h.callTool('read_graph', {}, o);
    const text = graph.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
    assert.match(text, /Ada/);
    assert.match(text, /wrote code/);
    assert.ok(h.tools.find((t) => t.tool === 'read_graph'));
    // As a tool source: every tool with its server, and a call routed to it.
    const source = new McpToolSource({ servers: () => [h], callTimeoutMs: () => 30_000 });
    const specs = await source.list(signal);
    assert.ok(
      specs.some(
        (s) => s.origin.kind === 'mcp' && s.origin.server === 'memory' && s.origin.tool === 'read_graph',
      ),
    );
    const viaSource = await source.call({ kind: 'mcp', server: 'memory', tool: 'read_graph' }, {}, signal);
    assert.match(JSON.stringify(viaSource.content), /Ada/);
    const gone = await source.call({ kind: 'mcp', server: 'nope', tool: 'x' }, {}, signal);
    assert.equal(gone.isError, true);
  });

  it('a crashed server restarts after the backoff and serves again; stop ends its process', async () => {
    const mark = `CRASHY=${process.pid}-${Date.now()}`;
    const h = handle(stdio('crashy', everything, { CRASHY: mark.slice('CRASHY='.length) }));
    await h.ensureRunning();
    const before = await pidsWithEnv(mark);
    assert.equal(before.length, 1);
    const pid = before[0];
    process.kill(pid!, 'SIGKILL');
    await until(() => h.state === 'restarting');
    assert.match(h.lastError ?? '', /exited/);
    await until(() => h.state === 'running');
    const echo = await h.callTool(
      'echo',
      { message: 'back' },
      { signal: new AbortController().signal, timeoutMs: 30_000 },
    );
    assert.equal(echo.content[0]?.type === 'text' && echo.content[0].text, 'Echo: back');
    const started = (await pidsWithEnv(mark)).filter((p) => p !== pid && alive(p));
    assert.equal(started.length, 1);
    await h.stop();
    await until(() => !alive(started[0]!));
    assert.equal(h.state, 'stopped');
  });

  it('a command that does not exist fails with a clear error, and a disabled server does not start', async () => {
    const timers = fakeTimers();
    const h = handle(
      {
        name: 'missing',
        source: 'user',
        transport: { type: 'stdio', command: '/nonexistent/mcp', args: [], env: {} },
      },
      { timers },
    );
    await assert.rejects(h.ensureRunning(), /MCP server "missing" did not start: .*ENOENT/);
    assert.equal(h.state, 'restarting');
    await h.disable();
    assert.equal(timers.pending(), 0);
    await assert.rejects(h.ensureRunning(), /disabled/);
  });
});

describe('MCP servers over HTTP (an SDK-built server on 127.0.0.1)', () => {
  it('Streamable HTTP: every request goes through the given fetch, with the configured headers', async () => {
    const server = await startMcpHttpServer('streamable');
    const seen: string[] = [];
    const fetch = (url: string | URL, init?: RequestInit) => {
      seen.push(String(url));
      return globalThis.fetch(url, init);
    };
    const h = handle(
      {
        name: 'http',
        source: 'user',
        transport: { type: 'http', url: server.url, headers: { 'X-Team': 'blue' } },
      },
      { fetch },
    );
    const signal = new AbortController().signal;
    const sum = await h.callTool('add', { a: 2, b: 3 }, { signal, timeoutMs: 30_000 });
    assert.deepEqual(sum.content, [{ type: 'text', text: '5' }]);
    const headers = await h.callTool('headers', {}, { signal, timeoutMs: 30_000 });
    assert.match(headers.content[0]?.type === 'text' ? headers.content[0].text : '', /"x-team":"blue"/);
    assert.ok(seen.length >= 3);
    assert.ok(seen.every((u) => u === server.url));
    assert.equal(server.requests.length, seen.length);
    assert.ok(server.requests.every((r) => r.headers['x-team'] === 'blue'));
    // Stop during a call: the server is told and its handler ends.
    const abort = new AbortController();
    const slow = h.callTool('slow', {}, { signal: abort.signal, timeoutMs: 60_000 });
    const sent = seen.length;
    await until(() => server.requests.length > sent);
    abort.abort();
    await assert.rejects(slow);
    await server.cancelled;
    await h.stop();
    await server.close();
  });

  it('falls back to the older SSE transport when Streamable HTTP is refused', async () => {
    const server = await startMcpHttpServer('sse');
    const h = handle({
      name: 'sse',
      source: 'user',
      transport: { type: 'http', url: server.url, headers: {} },
    });
    const sum = await h.callTool(
      'add',
      { a: 40, b: 2 },
      { signal: new AbortController().signal, timeoutMs: 30_000 },
    );
    assert.deepEqual(sum.content, [{ type: 'text', text: '42' }]);
    assert.ok(server.requests.some((r) => r.method === 'GET' && r.path === '/mcp'));
    await h.stop();
    await server.close();
  });

  it('a URL where nothing listens fails with an error, not a hang', async () => {
    const server = await startMcpHttpServer('streamable');
    const url = server.url;
    await server.close();
    const h = handle(
      { name: 'gone', source: 'user', transport: { type: 'http', url, headers: {} } },
      { timers: fakeTimers() },
    );
    await assert.rejects(h.ensureRunning(), /MCP server "gone" did not start/);
  });
});

/** Timers that fire only when the test says; `now` moves with them. */
function fakeTimers(): Timers & { advance(ms: number): void; pending(): number; delays: number[] } {
  let now = 0;
  let queue: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const delays: number[] = [];
  return {
    delays,
    now: () => now,
    setTimeout(fn, ms) {
      const id = next++;
      queue.push({ at: now + ms, fn, id });
      delays.push(ms);
      return id;
    },
    clearTimeout(id) {
      queue = queue.filter((t) => t.id !== id);
    },
    advance(ms) {
      now += ms;
      const due = queue.filter((t) => t.at <= now);
      queue = queue.filter((t) => t.at > now);
      for (const t of due) t.fn();
    },
    pending: () => queue.length,
  };
}

describe('restart backoff (mocked timers, scripted connections)', () => {
  it('a start refused for good (not approved) is not retried on its own; Restart tries again', async () => {
    const timers = fakeTimers();
    let refuse = true;
    const connect: Connect = async () => {
      if (refuse) throw new NoRetryError('You did not approve starting it.');
      return {
        listTools: async () => [],
        callTool: async () => ({ content: [], isError: false }),
        close: async () => {},
      };
    };
    const h = handle(stdio('declined', 'x'), { connect, timers });
    await assert.rejects(h.ensureRunning(), /did not approve/);
    assert.equal(h.state, 'failed');
    assert.equal(timers.pending(), 0);
    refuse = false;
    await h.restart();
    assert.equal(h.state, 'running');
  });

  it('delays double from 1 s to 30 s', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map(backoffMs), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('crash after crash waits longer, gives up after five, and a stable run resets the count', async () => {
    const timers = fakeTimers();
    let close: ((reason: string) => void) | undefined;
    let connects = 0;
    const connect: Connect = async (o) => {
      connects++;
      close = o.onClosed;
      const c: McpConnection = {
        listTools: async () => [{ tool: 't', description: '', inputSchema: {}, readOnlyHint: false }],
        callTool: async () => ({ content: [], isError: false }),
        close: async () => {},
      };
      return c;
    };
    const h = handle(stdio('scripted', 'x'), { connect, timers });
    await h.ensureRunning();
    const settle = () => new Promise((r) => setImmediate(r));
    // A run that lasted a minute is not a crash loop: the next restart waits only the first delay.
    timers.advance(BACKOFF.stableMs);
    for (let crash = 1; crash <= 4; crash++) {
      close!('exited');
      assert.equal(h.state, 'restarting');
      const wait = backoffMs(crash);
      timers.advance(wait - 1);
      await settle();
      assert.equal(connects, crash, `no restart before ${wait} ms`);
      timers.advance(1);
      await settle();
      assert.equal(h.state, 'running');
      assert.equal(connects, crash + 1);
    }
    close!('exited');
    assert.equal(h.state, 'failed');
    assert.equal(timers.pending(), 0, 'no restart is scheduled after the fifth crash');
    assert.equal(h.lastError, 'exited');
    // The user's Restart starts it again and resets the count.
    await h.restart();
    assert.equal(h.state, 'running');
    assert.equal(h.crashes, 0);
  });
});

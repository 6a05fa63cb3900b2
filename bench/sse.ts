// Stream client throughput (docs/performance.md). A server in its own process streams each input as SSE; we
// time, on the same input at the same moment, the raw body read (the ceiling), @anthropic-ai/sdk's messages.stream()
// with on('text') + finalMessage() (the reference), and this client.
// Prints a table and writes bench/results/sse.json. Run: node --import tsx bench/sse.ts [--quick] [--only <text>]
//
// How the 128-byte rows are measured, and why. Real servers flush one small write per event; what a reader then
// gets from the socket depends on timing, not on the bytes. We used to have the server process send() every 128
// bytes, and those rows measured the sender instead: 53,000 send() calls for 6.8 MB take the server 160-300 ms
// (25-45 MB/s even with curl reading), on two cores it shares with the reader. The reader's speed also changed its
// own workload: a reader that keeps up (the raw read) is woken for every few segments and read 2-5 KB per read
// (1,300-3,300 reads), while a slower one (the SDK) found 64 KiB waiting each time (about 110 reads). So the
// fastest reader did the most work and the raw read came out below the SDK. Now every contender gets the body as
// exactly `chunk`-byte pieces, the same pieces for all: `memory` from an in-memory stream, `tcp` from the real
// socket (the server writes 64 KiB, so it is never the bottleneck) re-cut into `chunk`-byte pieces, one per read,
// by a stream in the reading process that all three read through. The raw read reads the same pieces and does
// nothing else, so it is the ceiling. Runs are interleaved, their order rotates every round, and the young
// generation is collected before each run, so no contender pays for another's garbage or always runs in the same
// position.
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Anthropic from '@anthropic-ai/sdk';
import { MessagesClient } from '../src/core/messages/client';
import type { Message } from '../src/core/messages/schema';
import { buildInput, INPUTS, type BenchInput, type BuiltInput } from './sse/inputs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'minor' }) => void;

const quick = process.argv.includes('--quick');
/** `--only <text>`: just the inputs whose name contains it (for profiling one case). */
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;

const BIG_WRITE = 65_536;
const SMALL_CHUNK = 128;

/**
 * `chunk`: the size of the pieces the body reaches the reader in. 64 KiB: whatever the socket delivers of the
 * server's 64 KiB writes. 128 B: exactly 128-byte pieces, from memory or re-cut from the socket (see above).
 */
interface Case {
  input: BenchInput;
  chunk: number;
  transport: 'tcp' | 'memory';
}

const CASES: Case[] = INPUTS.flatMap((input): Case[] => {
  const small = input.textBytes <= 1_000_000;
  const cases: Case[] = [{ input, chunk: BIG_WRITE, transport: 'tcp' }];
  if (small) cases.push({ input, chunk: SMALL_CHUNK, transport: 'tcp' });
  if (small || input.name === 'text-8MB-d20') cases.push({ input, chunk: SMALL_CHUNK, transport: 'memory' });
  return cases;
}).filter((c) => (!quick || c.input.textBytes <= 1_000_000) && (!only || c.input.name.includes(only)));

function sseResponse(body: ReadableStream<Uint8Array>, headers?: Headers): Response {
  return new Response(body, {
    status: 200,
    headers: headers ?? { 'content-type': 'text/event-stream', 'request-id': 'req_mem' },
  });
}

/** The body from memory, one `size`-byte piece per read. */
function memoryFetch(body: Buffer, size: number): typeof globalThis.fetch {
  return async () => {
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= body.length) return controller.close();
        controller.enqueue(
          new Uint8Array(body.buffer, body.byteOffset + at, Math.min(size, body.length - at)),
        );
        at += size;
      },
    });
    return sseResponse(stream);
  };
}

/**
 * The real response from the socket, re-cut into exactly `size`-byte pieces (the last one shorter), one per read
 * and only when the reader asks: the same pieces at the same offsets whatever the socket delivered. A piece that
 * spans two socket reads is copied together; the others are views of the socket's chunk.
 */
function recutFetch(size: number): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    const reader = response.body!.getReader();
    let chunk = new Uint8Array(0);
    let at = 0;
    // Synchronous while the socket's chunk lasts, so a piece costs what a memory piece costs; a promise only when
    // the next socket chunk has to be awaited.
    const fill = async (controller: ReadableStreamDefaultController<Uint8Array>) => {
      const piece = new Uint8Array(size);
      let filled = 0;
      for (;;) {
        const n = Math.min(size - filled, chunk.length - at);
        piece.set(chunk.subarray(at, at + n), filled);
        filled += n;
        at += n;
        if (filled === size) break;
        const next = await reader.read();
        if (next.done) break;
        chunk = next.value;
        at = 0;
      }
      if (filled > 0) controller.enqueue(filled === size ? piece : piece.subarray(0, filled));
      if (filled < size) controller.close();
    };
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (chunk.length - at < size) return fill(controller);
        controller.enqueue(chunk.subarray(at, at + size));
        at += size;
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    });
    return sseResponse(stream, response.headers);
  };
}

async function startServer(): Promise<{ port: number; stop(): void }> {
  const child = fork(new URL('./sse/server.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout! }).once('line', resolve),
  );
  return { port: Number(line.replace('PORT=', '')), stop: () => child.kill() };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

interface Run {
  ms: number;
  /** CPU time of this process (user + system): what the client costs even when the wire sets the pace. */
  cpuMs: number;
  firstMs: number;
  peakHeap?: number;
  liveHeap?: number;
}

function check(message: Message, built: BuiltInput): void {
  const text = message.content
    .filter((b) => b.type === 'text')
    .map((b) => (b as { text: string }).text)
    .join('');
  if (text !== built.expectedText)
    throw new Error(`wrong final text (${text.length} vs ${built.expectedText.length})`);
  const tool = message.content.find((b) => b.type === 'tool_use') as { input: unknown } | undefined;
  if (
    built.expectedToolInput !== undefined &&
    JSON.stringify(tool?.input) !== JSON.stringify(built.expectedToolInput)
  ) {
    throw new Error('wrong tool input');
  }
}

/** Wraps fetch to note when the response headers arrived: first-callback latency is measured from there. */
function timed(fetchImpl: typeof fetch): { fetch: typeof fetch; headersAt: () => number } {
  let at = 0;
  const wrapped: typeof fetch = async (input, init) => {
    const response = await fetchImpl(input, init);
    at = performance.now();
    return response;
  };
  return { fetch: wrapped, headersAt: () => at };
}

function cpuSince(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
}

async function rawRead(url: string, fetchImpl: typeof fetch): Promise<Run> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let first = 0;
  const r = await fetchImpl(`${url}/v1/messages`, { method: 'POST', body: '{}' });
  const headersAt = performance.now();
  const reader = r.body!.getReader();
  for (;;) {
    const { done } = await reader.read();
    if (!first) first = performance.now() - headersAt;
    if (done) break;
  }
  return { ms: performance.now() - t0, cpuMs: cpuSince(c0), firstMs: first };
}

/**
 * Heap while streaming, sampled from the text callback: `peak` is heapUsed (garbage included) every 2,000 events;
 * `live` is heapUsed right after a full GC, 25 times per reply: what the client really retains.
 */
function heapSampler(events: number) {
  gc();
  const base = process.memoryUsage().heapUsed;
  const liveEvery = Math.max(1000, Math.floor(events / 25));
  let peak = 0;
  let live = 0;
  let n = 0;
  return {
    tick() {
      n++;
      if (n % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
      if (n % liveEvery === 0) {
        gc();
        live = Math.max(live, process.memoryUsage().heapUsed - base);
      }
    },
    peak: () => Math.max(peak, process.memoryUsage().heapUsed - base),
    live: () => live,
  };
}

async function sdkRun(
  url: string,
  built: BuiltInput,
  memory: boolean,
  fetchImpl: typeof fetch,
): Promise<Run> {
  const clock = timed(fetchImpl);
  const client = new Anthropic({ apiKey: 'bench', baseURL: url, maxRetries: 0, fetch: clock.fetch });
  const sampler = memory ? heapSampler(built.events) : undefined;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let first = 0;
  const stream = client.messages.stream({
    model: 'bench',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'x' }],
  });
  stream.on('text', () => {
    if (!first) first = performance.now() - clock.headersAt();
    sampler?.tick();
  });
  stream.on('thinking', () => {
    if (!first) first = performance.now() - clock.headersAt();
    sampler?.tick();
  });
  const message = await stream.finalMessage();
  const ms = performance.now() - t0;
  check(message as unknown as Message, built);
  return { ms, cpuMs: cpuSince(c0), firstMs: first, peakHeap: sampler?.peak(), liveHeap: sampler?.live() };
}

async function clientRun(
  url: string,
  built: BuiltInput,
  memory: boolean,
  fetchImpl: typeof fetch,
): Promise<Run> {
  const clock = timed(fetchImpl);
  const client = new MessagesClient({
    baseUrl: url,
    apiKey: 'bench',
    authHeader: 'x-api-key',
    apiFormat: 'messages',
    anthropicVersion: '2023-06-01',
    maxRetries: 0,
    fetch: clock.fetch,
  });
  const sampler = memory ? heapSampler(built.events) : undefined;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let first = 0;
  const message = await client.stream(
    { model: 'bench', max_tokens: 1024, messages: [{ role: 'user', content: 'x' }] },
    {
      onText: () => {
        if (!first) first = performance.now() - clock.headersAt();
        sampler?.tick();
      },
      onThinking: () => {
        if (!first) first = performance.now() - clock.headersAt();
        sampler?.tick();
      },
    },
  );
  const ms = performance.now() - t0;
  check(message, built);
  return { ms, cpuMs: cpuSince(c0), firstMs: first, peakHeap: sampler?.peak(), liveHeap: sampler?.live() };
}

async function main(): Promise<void> {
  const server = await startServer();
  const results: Record<string, unknown>[] = [];
  const rows: string[][] = [];
  const started = performance.now();
  try {
    for (const c of CASES) {
      const built = buildInput(c.input);
      // The server always writes 64 KiB; 128-byte pieces are cut on the reading side (see the top of this file).
      const url = `http://127.0.0.1:${server.port}/in/${c.input.name}/${BIG_WRITE}`;
      const f =
        c.transport === 'memory'
          ? memoryFetch(built.body, c.chunk)
          : c.chunk === BIG_WRITE
            ? fetch
            : recutFetch(c.chunk);
      const big = c.input.textBytes > 1_000_000;
      const runs = quick ? 3 : big ? 3 : 5;
      const raw: Run[] = [];
      const sdk: Run[] = [];
      const ours: Run[] = [];
      const contenders = [
        async () => raw.push(await rawRead(url, f)),
        async () => sdk.push(await sdkRun(url, built, false, f)),
        async () => ours.push(await clientRun(url, built, false, f)),
      ];
      // Warm-up (the 1 MB inputs have warmed the JIT for the big ones), then interleave so drift on a noisy
      // machine hits all three alike, rotating the order each round so none always follows another; each run
      // starts with an empty young generation, so none pays for the previous one's garbage.
      if (!big) {
        await rawRead(url, f);
        await sdkRun(url, built, false, f);
        await clientRun(url, built, false, f);
      }
      for (let i = 0; i < runs; i++) {
        for (let k = 0; k < contenders.length; k++) {
          // A young-generation collection only: a full one also shrinks the young generation, and the next run
          // then pays for growing it back (measured: the raw read of text-1MB-d100 in 128 B pieces, 6 ms -> 34 ms).
          gc({ type: 'minor' });
          await contenders[(i + k) % contenders.length]!();
        }
      }
      const memory = big && c.input.kind === 'text' && c.chunk === BIG_WRITE;
      const mb = built.body.length / 1e6;
      const mbps = (xs: Run[]) => mb / (median(xs.map((r) => r.ms)) / 1000);
      const entry: Record<string, unknown> = {
        input: c.input.name,
        chunkBytes: c.chunk,
        transport: c.transport,
        wireMB: Number(mb.toFixed(2)),
        textMB: c.input.textBytes / 1e6,
        events: built.events,
        rawMBps: Number(mbps(raw).toFixed(1)),
        sdkMBps: Number(mbps(sdk).toFixed(1)),
        clientMBps: Number(mbps(ours).toFixed(1)),
        ratioVsSdk: Number((mbps(ours) / mbps(sdk)).toFixed(2)),
        clientUsPerEvent: Number(((median(ours.map((r) => r.ms)) * 1000) / built.events).toFixed(3)),
        sdkUsPerEvent: Number(((median(sdk.map((r) => r.ms)) * 1000) / built.events).toFixed(3)),
        clientCpuUsPerEvent: Number(((median(ours.map((r) => r.cpuMs)) * 1000) / built.events).toFixed(3)),
        sdkCpuUsPerEvent: Number(((median(sdk.map((r) => r.cpuMs)) * 1000) / built.events).toFixed(3)),
        cpuRatioVsSdk: Number(
          (median(sdk.map((r) => r.cpuMs)) / median(ours.map((r) => r.cpuMs))).toFixed(2),
        ),
        rawFirstByteAfterHeadersMs: Number(median(raw.map((r) => r.firstMs)).toFixed(2)),
        clientFirstTextAfterHeadersMs: Number(median(ours.map((r) => r.firstMs)).toFixed(2)),
        sdkFirstTextAfterHeadersMs: Number(median(sdk.map((r) => r.firstMs)).toFixed(2)),
        runs,
      };
      if (memory) {
        const o = await clientRun(url, built, true, f);
        const s = await sdkRun(url, built, true, f);
        entry.clientPeakHeapMB = Number((o.peakHeap! / 1e6).toFixed(1));
        entry.sdkPeakHeapMB = Number((s.peakHeap! / 1e6).toFixed(1));
        entry.clientPeakLiveHeapMB = Number((o.liveHeap! / 1e6).toFixed(1));
        entry.sdkPeakLiveHeapMB = Number((s.liveHeap! / 1e6).toFixed(1));
        entry.clientLiveHeapPerTextByte = Number((o.liveHeap! / c.input.textBytes).toFixed(2));
      }
      results.push(entry);
      rows.push([
        c.input.name,
        `${c.chunk === BIG_WRITE ? '64 KiB' : `${c.chunk} B`} ${c.transport}`,
        String(entry.wireMB),
        String(entry.rawMBps),
        String(entry.sdkMBps),
        String(entry.clientMBps),
        `${String(entry.ratioVsSdk)}x`,
        String(entry.clientUsPerEvent),
        `${String(entry.cpuRatioVsSdk)}x`,
        memory
          ? `${String(entry.clientPeakHeapMB)} / ${String(entry.sdkPeakHeapMB)} (live ${String(entry.clientPeakLiveHeapMB)} / ${String(entry.sdkPeakLiveHeapMB)})`
          : '',
      ]);
      process.stderr.write(
        `  ${c.input.name} @ ${c.chunk} ${c.transport}: done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
      );
    }
  } finally {
    server.stop();
  }
  const header = [
    'input',
    'chunks',
    'wire MB',
    'raw MB/s',
    'SDK MB/s',
    'client MB/s',
    'vs SDK',
    'µs/event',
    'CPU vs SDK',
    'peak heap MB (client / SDK)',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  const minRatio = Math.min(...results.map((r) => r.ratioVsSdk as number));
  const minCpu = Math.min(...results.map((r) => r.cpuRatioVsSdk as number));
  const tcp = results.filter((r) => r.transport === 'tcp');
  const firstGap = Math.max(
    ...tcp.map((r) => (r.clientFirstTextAfterHeadersMs as number) - (r.rawFirstByteAfterHeadersMs as number)),
  );
  const load = loadavg()[0]!.toFixed(1);
  console.log(
    [
      '',
      'chunks: the pieces each reader gets. 64 KiB tcp: what the socket delivers of 64 KiB writes. 128 B: exactly',
      '128-byte pieces, the same for all three, from memory or re-cut from the socket in this process (see bench/sse.ts).',
      `first text/thinking callback vs the raw first byte, both timed from the response headers (tcp, medians): ${firstGap.toFixed(2)} ms later at most`,
      `min ratio vs SDK: ${minRatio}x wall clock, ${minCpu}x CPU time (target >= 2x); load average ${load} on ${cpus().length} CPUs; total ${((performance.now() - started) / 1000).toFixed(0)} s`,
    ].join('\n'),
  );
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(
    new URL('./results/sse.json', import.meta.url),
    JSON.stringify(
      {
        node: process.version,
        date: new Date().toISOString(),
        quick,
        minRatioVsSdk: minRatio,
        minCpuRatioVsSdk: minCpu,
        maxFirstTextAfterRawFirstByteMs: Number(firstGap.toFixed(2)),
        loadAverage: Number(load),
        cpus: cpus().length,
        inputs: results,
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

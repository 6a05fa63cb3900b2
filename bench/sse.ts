// Stream client throughput (performance.md section 1). A server in its own process streams each input as SSE in
// 64 KiB or 128-byte writes; we time, on the same input at the same moment, the raw body read (the ceiling),
// @anthropic-ai/sdk's messages.stream() with on('text') + finalMessage() (the reference), and this client.
// Prints a table and writes bench/results/sse.json. Run: node --import tsx bench/sse.ts [--quick]
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Anthropic from '@anthropic-ai/sdk';
import { MessagesClient } from '../src/core/messages/client';
import type { Message } from '../src/core/messages/schema';
import { buildInput, INPUTS, WRITE_SIZES, type BenchInput, type BuiltInput } from './sse/inputs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const quick = process.argv.includes('--quick');

interface Case {
  input: BenchInput;
  write: number;
}

/** 128-byte writes make the server the bottleneck on huge inputs; keep them to the inputs where they say something. */
const CASES: Case[] = INPUTS.flatMap((input) =>
  WRITE_SIZES.filter((w) => w !== 128 || input.textBytes <= 1_000_000 || input.name === 'text-8MB-d20').map(
    (write) => ({ input, write }),
  ),
).filter((c) => !quick || c.input.textBytes <= 1_000_000);

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

function cpuSince(c0: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c0);
  return (d.user + d.system) / 1000;
}

async function rawRead(url: string): Promise<Run> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let first = 0;
  const r = await fetch(`${url}/v1/messages`, { method: 'POST', body: '{}' });
  const reader = r.body!.getReader();
  for (;;) {
    const { done } = await reader.read();
    if (!first) first = performance.now() - t0;
    if (done) break;
  }
  return { ms: performance.now() - t0, cpuMs: cpuSince(c0), firstMs: first };
}

function heapSampler(every: number) {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  let n = 0;
  return {
    tick() {
      if (++n % every === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - base);
    },
    peak: () => Math.max(peak, process.memoryUsage().heapUsed - base),
  };
}

async function sdkRun(url: string, built: BuiltInput, memory: boolean): Promise<Run> {
  const client = new Anthropic({ apiKey: 'bench', baseURL: url, maxRetries: 0 });
  const sampler = memory ? heapSampler(2000) : undefined;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let first = 0;
  const stream = client.messages.stream({
    model: 'bench',
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'x' }],
  });
  stream.on('text', () => {
    if (!first) first = performance.now() - t0;
    sampler?.tick();
  });
  const message = await stream.finalMessage();
  const ms = performance.now() - t0;
  check(message as unknown as Message, built);
  return { ms, cpuMs: cpuSince(c0), firstMs: first, peakHeap: sampler?.peak() };
}

async function clientRun(url: string, built: BuiltInput, memory: boolean): Promise<Run> {
  const client = new MessagesClient({
    baseUrl: url,
    apiKey: 'bench',
    authHeader: 'x-api-key',
    apiFormat: 'messages',
    anthropicVersion: '2023-06-01',
    maxRetries: 0,
  });
  const sampler = memory ? heapSampler(2000) : undefined;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let first = 0;
  const message = await client.stream(
    { model: 'bench', max_tokens: 1024, messages: [{ role: 'user', content: 'x' }] },
    {
      onText: () => {
        if (!first) first = performance.now() - t0;
        sampler?.tick();
      },
      onThinking: () => sampler?.tick(),
    },
  );
  const ms = performance.now() - t0;
  check(message, built);
  return { ms, cpuMs: cpuSince(c0), firstMs: first, peakHeap: sampler?.peak() };
}

async function main(): Promise<void> {
  const server = await startServer();
  const results: Record<string, unknown>[] = [];
  const rows: string[][] = [];
  const started = performance.now();
  try {
    for (const c of CASES) {
      const built = buildInput(c.input);
      const url = `http://127.0.0.1:${server.port}/in/${c.input.name}/${c.write}`;
      const big = c.input.textBytes > 1_000_000;
      const runs = quick ? 3 : big ? 3 : 5;
      const raw: Run[] = [];
      const sdk: Run[] = [];
      const ours: Run[] = [];
      // Warm-up, then interleave so drift on a noisy machine hits all three alike.
      await rawRead(url);
      await sdkRun(url, built, false);
      await clientRun(url, built, false);
      for (let i = 0; i < runs; i++) {
        raw.push(await rawRead(url));
        sdk.push(await sdkRun(url, built, false));
        ours.push(await clientRun(url, built, false));
      }
      const memory = big && c.input.kind === 'text' && c.write === 65_536;
      const mb = built.body.length / 1e6;
      const mbps = (xs: Run[]) => mb / (median(xs.map((r) => r.ms)) / 1000);
      const entry: Record<string, unknown> = {
        input: c.input.name,
        writeBytes: c.write,
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
        rawFirstByteMs: Number(median(raw.map((r) => r.firstMs)).toFixed(2)),
        clientFirstTextMs: Number(median(ours.map((r) => r.firstMs)).toFixed(2)),
        runs,
      };
      if (memory) {
        const o = await clientRun(url, built, true);
        const s = await sdkRun(url, built, true);
        entry.clientPeakHeapMB = Number((o.peakHeap! / 1e6).toFixed(1));
        entry.sdkPeakHeapMB = Number((s.peakHeap! / 1e6).toFixed(1));
        entry.clientPeakHeapPerTextByte = Number((o.peakHeap! / c.input.textBytes).toFixed(2));
      }
      results.push(entry);
      rows.push([
        c.input.name,
        c.write === 128 ? '128 B' : '64 KiB',
        String(entry.wireMB),
        String(entry.rawMBps),
        String(entry.sdkMBps),
        String(entry.clientMBps),
        `${String(entry.ratioVsSdk)}x`,
        String(entry.clientUsPerEvent),
        `${String(entry.cpuRatioVsSdk)}x`,
        memory ? `${String(entry.clientPeakHeapMB)} / ${String(entry.sdkPeakHeapMB)}` : '',
      ]);
      process.stderr.write(
        `  ${c.input.name} @ ${c.write}: done (${((performance.now() - started) / 1000).toFixed(0)} s)\n`,
      );
    }
  } finally {
    server.stop();
  }
  const header = [
    'input',
    'writes',
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
  console.log(
    `\nmin ratio vs SDK: ${minRatio}x (target >= 2x); total ${((performance.now() - started) / 1000).toFixed(0)} s`,
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

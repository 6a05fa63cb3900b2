// A long working session (docs/performance.md, P8): a scripted 200-round tool session reading 8 KB files, against
// the local endpoint (in its own process, so its token counting is not the host's CPU) enforcing a 50K-token
// context window the way the API does, through the real core turn code (runTurn, the tool loop, the ContextKeeper
// compacting before requests) and the real ConversationStore saving after every round. It must run to its end with
// no error and no refusal. Reported: requests (messages, of which summaries; count_tokens), compactions, the
// largest request as a share of the window, host CPU per round around round 10 and around round 200 (medians of
// ten rounds, so a round that compacted does not stand for its neighbours; budget: within 1.5x), bytes the store
// wrote per round at the same two places (flat) and amortised over each half, and the peak heap.
// Writes bench/results/session.json. Run: node --import tsx bench/longSession.ts
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Conversation } from '../src/core/chat/conversation';
import { ConversationStore } from '../src/core/chat/conversationStore';
import { snapshotOf } from '../src/core/chat/snapshot';
import type { TurnTools } from '../src/core/chat/toolLoop';
import { runTurn } from '../src/core/chat/turn';
import type { TurnDefaults } from '../src/core/chat/turnRequest';
import { ContextKeeper } from '../src/core/context/contextKeeper';
import { TokenEstimator } from '../src/core/lm/tokenEstimate';
import { MessagesClient } from '../src/core/messages/client';
import type { ToolResultBlock } from '../src/core/messages/schema';
import { promptTokensOf } from '../test/support/endpoint/cacheUsage';

const ROUNDS = Number(process.env.SESSION_BENCH_ROUNDS ?? 200);
const WINDOW = 50_000;
const KEY = 'bench-key';
const AROUND = 10; // rounds on each side of a measuring point: the median of rounds 6-15 stands for round 10

const defaults: TurnDefaults = {
  model: 'claude-test',
  maxTokens: 4096,
  system: 'You help.',
  stopSequences: [],
};
const fileText = (i: number) => `// file ${i}\n${'const value = compute(input) + 42;\n'.repeat(230)}`; // ~8 KB

async function startEndpoint(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/support/endpoint/cli.ts',
      '--key',
      KEY,
      '--auth',
      'x-api-key',
      '--delay',
      '0',
      '--quiet',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /ENDPOINT_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the endpoint exited (${code})`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function control(url: string, path: string, body?: unknown): Promise<unknown> {
  const r = await fetch(`${url}/__control/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return r.json();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const around = (xs: number[], round: number) =>
  median(xs.slice(Math.max(0, round - 1 - AROUND / 2), Math.max(AROUND, round - 1 + AROUND / 2)));
const r2 = (x: number) => Math.round(x * 100) / 100;

async function main(): Promise<void> {
  const endpoint = await startEndpoint();
  const dir = mkdtempSync(join(tmpdir(), 'cm-bench-session-'));
  try {
    await control(endpoint.url, 'configure', { contextWindow: WINDOW });
    const replies: unknown[] = [];
    for (let i = 1; i <= ROUNDS; i++)
      replies.push({
        content: [
          { type: 'text', text: `Round ${i}: reading the next file.` },
          { type: 'tool_use', name: 'read_file', input: { path: `src/f${i}.ts` } },
        ],
      });
    replies.push('All files read: the bug is in src/f7.ts.');
    await control(endpoint.url, 'script', replies);

    const client = new MessagesClient({
      baseUrl: endpoint.url,
      apiKey: KEY,
      authHeader: 'x-api-key',
      apiFormat: 'messages',
      anthropicVersion: '2023-06-01',
      maxRetries: 0,
    });
    const store = new ConversationStore(dir);
    const c = new Conversation();
    const context = new ContextKeeper({
      limits: { window: WINDOW, maxTokens: defaults.maxTokens, threshold: 0.8 },
      key: 'local/claude-test',
      estimator: new TokenEstimator(),
      summarize: async (request, signal) => {
        const reply = await client.create(request, signal);
        return reply.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      },
      countTokens: (request, signal) => client.countTokens(request, signal),
      onCompacted: () => void store.save(snapshotOf(c)),
    });

    const cpuMs: number[] = [];
    const bytes: number[] = [];
    let peakHeap = 0;
    const written = () => store.stats.journalBytes + store.stats.baseBytes + store.stats.metaBytes;
    let lastCpu = process.cpuUsage();
    let lastBytes = 0;
    const tools: TurnTools = {
      definitions: [
        { name: 'read_file', description: 'Reads a file.', input_schema: { type: 'object', properties: {} } },
      ],
      roundLimit: 10_000,
      goOn: async () => true,
      run: async (calls) => {
        const results = calls.map((call): ToolResultBlock => {
          const path = String((call.input as { path: string }).path);
          return {
            type: 'tool_result',
            tool_use_id: call.id,
            content: fileText(Number(path.replace(/\D/g, ''))),
          };
        });
        // The round so far is saved as the session does; its CPU and bytes count from the previous round's end.
        await store.save(snapshotOf(c));
        const cpu = process.cpuUsage(lastCpu);
        cpuMs.push((cpu.user + cpu.system) / 1000);
        bytes.push(written() - lastBytes);
        lastBytes = written();
        peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
        lastCpu = process.cpuUsage();
        return results;
      },
    };

    const started = performance.now();
    const outcome = await runTurn(c, {
      client,
      defaults,
      tools,
      onDelta: () => {},
      signal: new AbortController().signal,
      question: { text: 'Find the bug by reading every file.' },
      context,
    });
    await store.save(snapshotOf(c));
    await store.close(c.id);
    const seconds = (performance.now() - started) / 1000;
    const loaded = (await new ConversationStore(dir).load(c.id)).conversation;

    const { requests } = (await control(endpoint.url, 'requests')) as {
      requests: { path: string; status: number; body: Record<string, unknown> }[];
    };
    const messages = requests.filter((r) => r.path === '/v1/messages');
    const refused = messages.filter((r) => r.status !== 200).length;
    const summaries = messages.filter((r) => r.body.stream !== true).length;
    const largest = Math.max(...messages.filter((r) => r.status === 200).map((r) => promptTokensOf(r.body)));
    const toolResults = c.messages.filter(
      (m) => Array.isArray(m.content) && m.content[0]?.type === 'tool_result',
    ).length;
    const completed =
      outcome.type === 'done' &&
      refused === 0 &&
      toolResults === ROUNDS &&
      loaded?.messages.length === c.messages.length &&
      /the bug is in src\/f7\.ts/.test(JSON.stringify(c.messages[c.messages.length - 1]));
    const half = ROUNDS >> 1;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const result = {
      rounds: ROUNDS,
      window: WINDOW,
      completed,
      outcome: outcome.type,
      seconds: r2(seconds),
      requests: messages.length,
      summaryRequests: summaries,
      countTokensRequests: requests.filter((r) => r.path === '/v1/messages/count_tokens').length,
      refused,
      compactions: c.compactions.length,
      compactionsByKind: {
        cleared: c.compactions.filter((k) => k.kind === 'cleared').length,
        summary: c.compactions.filter((k) => k.kind === 'summary').length,
      },
      largestRequestTokens: largest,
      largestRequestShare: r2(largest / WINDOW),
      cpuMsPerRoundAt10: r2(around(cpuMs, 10)),
      cpuMsPerRoundAt200: r2(around(cpuMs, ROUNDS)),
      cpuRatio: r2(around(cpuMs, ROUNDS) / around(cpuMs, 10)),
      bytesPerRoundAt10: around(bytes, 10),
      bytesPerRoundAt200: around(bytes, ROUNDS),
      bytesRatio: r2(around(bytes, ROUNDS) / around(bytes, 10)),
      bytesPerRoundFirstHalf: Math.round(sum(bytes.slice(0, half)) / half),
      bytesPerRoundSecondHalf: Math.round(sum(bytes.slice(half)) / (bytes.length - half)),
      storeCompactions: store.stats.compactions,
      peakHeapMB: r2(peakHeap / 1024 / 1024),
    };
    console.log(
      `${ROUNDS} rounds in a ${WINDOW}-token window: ${completed ? 'ran to its end' : `DID NOT FINISH (${outcome.type}${outcome.type === 'error' ? `: ${outcome.message}` : ''})`} in ${result.seconds} s`,
    );
    console.log(
      `  requests ${result.requests} (${summaries} summaries, ${result.countTokensRequests} count_tokens, ${refused} refused); compactions ${result.compactions} (${result.compactionsByKind.cleared} cleared, ${result.compactionsByKind.summary} summarised)`,
    );
    console.log(
      `  largest request ${largest} tokens = ${Math.round(result.largestRequestShare * 100)}% of the window`,
    );
    console.log(
      `  CPU per round: ${result.cpuMsPerRoundAt10} ms at round 10, ${result.cpuMsPerRoundAt200} ms at round ${ROUNDS} (${result.cpuRatio}x; budget 1.5x)`,
    );
    console.log(
      `  bytes saved per round: ${result.bytesPerRoundAt10} at round 10, ${result.bytesPerRoundAt200} at round ${ROUNDS} (${result.bytesRatio}x); amortised ${result.bytesPerRoundFirstHalf} / ${result.bytesPerRoundSecondHalf} per round over each half (${result.storeCompactions} journal compactions)`,
    );
    console.log(`  peak heap ${result.peakHeapMB} MB`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/session.json', JSON.stringify(result, null, 2) + '\n');
    if (!completed) process.exitCode = 1;
  } finally {
    endpoint.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();

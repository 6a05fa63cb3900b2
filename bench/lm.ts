// The language-model provider's own cost (docs/performance.md, P10): the same SSE bytes read by the chat view's client
// path (MessagesClient.stream with a text callback) and by the provider's path (the caller's messages mapped to a
// request, the reply turned into one part per text delta and whole tool calls, each part handed to a progress
// sink), side by side in one run. VS Code's own cost of carrying a part to the caller is not ours and not in here.
// Budgets: at most 1 ms per streamed part over the client path, and the first part within 5 ms of the client's
// first text callback. Prints a table, writes bench/results/lm.json, exits non-zero when over.
// Run: node --import tsx bench/lm.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { buildLmRequest, type LmMessage } from '../src/core/lm/requestMapping';
import { streamReplyParts, type LmPartSink } from '../src/core/lm/replyParts';
import { MessagesClient, type StreamCallbacks } from '../src/core/messages/client';
import type { MessagesRequest } from '../src/core/messages/schema';
import { buildInput, type BenchInput, type BuiltInput } from './sse/inputs';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'minor' }) => void;

const PER_PART_BUDGET_MS = 1;
const FIRST_PART_BUDGET_MS = 5;
const MIN_PARTS_FOR_BUDGET = 1000;
const ROUNDS = Number(process.env.LM_BENCH_ROUNDS ?? 9);
const PIECE = 65_536;

const INPUTS: BenchInput[] = [
  { name: 'text-1MB-d4', textBytes: 1_000_000, deltaChars: 4, kind: 'text' },
  { name: 'text-1MB-d20', textBytes: 1_000_000, deltaChars: 20, kind: 'text' },
  { name: 'tool-1MB-d20', textBytes: 1_000_000, deltaChars: 20, kind: 'tool' },
];

/** The body from memory in 64 KiB pieces: what a socket hands over, without the network's noise. */
function memoryFetch(body: Buffer): typeof globalThis.fetch {
  return async () => {
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= body.length) return controller.close();
        controller.enqueue(
          new Uint8Array(body.buffer, body.byteOffset + at, Math.min(PIECE, body.length - at)),
        );
        at += PIECE;
      },
    });
    return new Response(stream, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
}

function client(built: BuiltInput): MessagesClient {
  return new MessagesClient({
    baseUrl: 'http://127.0.0.1:1',
    apiKey: 'sk-bench',
    authHeader: 'x-api-key',
    apiFormat: 'messages',
    anthropicVersion: '2023-06-01',
    maxRetries: 0,
    fetch: memoryFetch(built.body),
  });
}

/** What a caller sends: a short conversation with a tool result, the way an agent's second request looks. */
const CALLER_MESSAGES: LmMessage[] = [
  { role: 'user', parts: [{ type: 'text', text: 'Write the generated file.' }] },
  {
    role: 'assistant',
    parts: [{ type: 'toolCall', callId: 'toolu_prev', name: 'read_file', input: { path: 'src/a.ts' } }],
  },
  {
    role: 'user',
    parts: [{ type: 'toolResult', callId: 'toolu_prev', content: [{ type: 'text', text: 'x' }] }],
  },
];
const CALLER_TOOLS = [
  { name: 'read_file', description: 'Reads a file', inputSchema: { type: 'object', properties: {} } },
  { name: 'write_file', description: 'Writes a file', inputSchema: { type: 'object', properties: {} } },
];
const CHAT_REQUEST: MessagesRequest = buildLmRequest({
  model: 'bench',
  messages: CALLER_MESSAGES,
  tools: CALLER_TOOLS,
  toolMode: 'auto',
  defaultMaxTokens: 8192,
  promptCaching: true,
}).request;

/** The part classes VS Code's progress receives are plain objects with these fields. */
class TextPart {
  constructor(readonly value: string) {}
}
class ToolCallPart {
  constructor(
    readonly callId: string,
    readonly name: string,
    readonly input: object,
  ) {}
}

interface Run {
  ms: number;
  parts: number;
  /** From the client's first text callback to the first part reaching the sink (provider runs only). */
  firstGapMs?: number;
}

async function chatPath(built: BuiltInput): Promise<Run> {
  let parts = 0;
  const t0 = performance.now();
  await client(built).stream(CHAT_REQUEST, { onText: () => void parts++ });
  return { ms: performance.now() - t0, parts };
}

/** Where parts go: VS Code's progress takes each part and sends it on; keeping all 250,000 would time the GC. */
let lastPart: unknown;

async function providerPath(built: BuiltInput): Promise<Run> {
  let reported = 0;
  let firstCallback = 0;
  let firstPart = 0;
  const c = client(built);
  // Notes when the client's own first text callback fires, before the provider's callback runs.
  const watched = {
    stream: (request: MessagesRequest, callbacks: StreamCallbacks, signal?: AbortSignal) =>
      c.stream(
        request,
        {
          ...callbacks,
          onText: (delta, index) => {
            if (!firstCallback) firstCallback = performance.now();
            callbacks.onText?.(delta, index);
          },
        },
        signal,
      ),
  };
  const sink: LmPartSink = {
    text(value) {
      if (!firstPart) firstPart = performance.now();
      lastPart = new TextPart(value);
      reported++;
    },
    toolCall(callId, name, input) {
      lastPart = new ToolCallPart(callId, name, input);
      reported++;
    },
  };
  const t0 = performance.now();
  const { request } = buildLmRequest({
    model: 'bench',
    messages: CALLER_MESSAGES,
    tools: CALLER_TOOLS,
    toolMode: 'auto',
    defaultMaxTokens: 8192,
    promptCaching: true,
  });
  await streamReplyParts({ client: watched, request, sink });
  if (!lastPart) throw new Error('no part reached the sink');
  return { ms: performance.now() - t0, parts: reported, firstGapMs: firstPart - firstCallback };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Row {
  input: string;
  parts: number;
  chatMs: number;
  providerMs: number;
  perPartUs: number;
  firstGapMs: number;
  ok: boolean;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const input of INPUTS) {
    const built = buildInput(input);
    const chat: number[] = [];
    const provider: number[] = [];
    const gaps: number[] = [];
    let parts = 0;
    await chatPath(built); // warm both paths
    await providerPath(built);
    for (let round = 0; round < ROUNDS; round++) {
      // Interleaved, the order alternating, the young generation collected before each: neither pays for the other.
      for (const which of round % 2 ? (['provider', 'chat'] as const) : (['chat', 'provider'] as const)) {
        gc({ type: 'minor' });
        const r = which === 'chat' ? await chatPath(built) : await providerPath(built);
        if (which === 'chat') chat.push(r.ms);
        else {
          provider.push(r.ms);
          gaps.push(r.firstGapMs!);
          parts = r.parts;
        }
      }
    }
    const chatMs = median(chat);
    const providerMs = median(provider);
    const perPartMs = Math.max(0, providerMs - chatMs) / parts;
    const firstGapMs = median(gaps);
    rows.push({
      input: input.name,
      parts,
      chatMs,
      providerMs,
      perPartUs: perPartMs * 1000,
      firstGapMs,
      // Per part only means something with many parts: the tool input has three, where run-to-run noise divided
      // by three would decide; its row shows that thinking is not passed on and the call arrives whole.
      ok:
        (parts < MIN_PARTS_FOR_BUDGET || perPartMs <= PER_PART_BUDGET_MS) &&
        firstGapMs <= FIRST_PART_BUDGET_MS,
    });
  }

  console.log(
    `language-model provider overhead (median of ${ROUNDS}; budgets: <= ${PER_PART_BUDGET_MS} ms per part, first part <= ${FIRST_PART_BUDGET_MS} ms after the client's first text)`,
  );
  console.table(
    rows.map((r) => ({
      input: r.input,
      parts: r.parts,
      'client path ms': r.chatMs.toFixed(1),
      'provider path ms': r.providerMs.toFixed(1),
      'overhead µs/part': r.parts < MIN_PARTS_FOR_BUDGET ? '-' : r.perPartUs.toFixed(3),
      'first part gap ms': r.firstGapMs.toFixed(3),
      within: r.ok ? 'yes' : 'OVER',
    })),
  );
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/lm.json',
    JSON.stringify(
      {
        budgets: { perPartMs: PER_PART_BUDGET_MS, firstPartMs: FIRST_PART_BUDGET_MS },
        minPartsForBudget: MIN_PARTS_FOR_BUDGET,
        rows,
      },
      null,
      2,
    ),
  );
  if (rows.some((r) => !r.ok)) process.exit(1);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

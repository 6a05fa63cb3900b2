// Long tool sessions against the real local endpoint enforcing a context window the way the API does: the session
// runs to its end with no refusal (compacting before requests), recovers by itself when the window it assumed is
// wrong (a refusal compacts and retries once), and the stored conversation keeps every original turn.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessagesClient } from '../../../src/core/messages/client';
import { Conversation } from '../../../src/core/chat/conversation';
import type { TurnTools } from '../../../src/core/chat/toolLoop';
import { runTurn } from '../../../src/core/chat/turn';
import type { TurnDefaults } from '../../../src/core/chat/turnRequest';
import { ContextKeeper } from '../../../src/core/context/contextKeeper';
import { TokenEstimator } from '../../../src/core/lm/tokenEstimate';
import type { ToolResultBlock } from '../../../src/core/messages/schema';
import { clientFor, useEndpoint } from '../core/helpers';

const WINDOW = 50_000;
const local = useEndpoint({ auth: 'x-api-key', delayMs: 0, contextWindow: WINDOW });
let made: MessagesClient | undefined;
const client = () => (made ??= clientFor(local.ep, { maxRetries: 0 }));

const defaults: TurnDefaults = {
  model: 'claude-test',
  maxTokens: 4096,
  system: 'You help.',
  stopSequences: [],
};
const fileText = (i: number) => `// file ${i}\n${'const value = compute(input) + 42;\n'.repeat(230)}`; // ~8 KB

function tools(): TurnTools {
  return {
    definitions: [
      { name: 'read_file', description: 'Reads a file.', input_schema: { type: 'object', properties: {} } },
    ],
    roundLimit: 10_000,
    goOn: async () => true,
    run: async (calls) =>
      calls.map((c): ToolResultBlock => {
        const path = String((c.input as { path: string }).path);
        return { type: 'tool_result', tool_use_id: c.id, content: fileText(Number(path.replace(/\D/g, ''))) };
      }),
  };
}

function scriptRounds(rounds: number, answer = true): void {
  for (let i = 1; i <= rounds; i++)
    local.ep.script({
      content: [
        { type: 'text', text: `Round ${i}: reading the next file.` },
        { type: 'tool_use', name: 'read_file', input: { path: `src/f${i}.ts` } },
      ],
    });
  if (answer) local.ep.script('All files read: the bug is in src/f7.ts.');
}

function keeper(
  window: number,
  c: Conversation,
  reportedWindow?: Promise<number | undefined>,
): ContextKeeper {
  const m = client();
  return new ContextKeeper({
    reportedWindow,
    limits: { window, maxTokens: defaults.maxTokens, threshold: 0.8 },
    key: 'local/claude-test',
    estimator: new TokenEstimator(),
    summarize: async (request, signal) => {
      const reply = await m.create(request, signal);
      return reply.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    },
    countTokens: (request, signal) => m.countTokens(request, signal),
    onCompacted: () => assert.ok(c.compactions.length > 0),
  });
}

/** One question through the real turn code, with the keeper (or none). */
function ask(c: Conversation, text: string, context?: ContextKeeper) {
  return runTurn(c, {
    client: client(),
    defaults,
    tools: tools(),
    onDelta: () => {},
    signal: new AbortController().signal,
    question: { text },
    context,
  });
}

const messageRequests = () => local.ep.requests.filter((r) => r.path === '/v1/messages');

test('a 200-round tool session in a 50K window runs to its end with no refusal', async () => {
  scriptRounds(200);
  const c = new Conversation();
  const context = keeper(WINDOW, c);
  const outcome = await ask(c, 'Find the bug by reading every file.', context);
  assert.equal(outcome.type, 'done', JSON.stringify(outcome));
  const refused = messageRequests().filter((r) => r.status === 400);
  assert.equal(refused.length, 0, 'no request was refused for its size');
  assert.ok(c.compactions.length >= 2, `compactions: ${c.compactions.length}`);
  assert.ok(
    c.compactions.some((k) => k.kind === 'summary'),
    'clearing alone was not enough: a summary was made',
  );
  // Nothing lost: every original result is stored verbatim, and the final answer is there.
  const results = c.messages.filter((m) => Array.isArray(m.content) && m.content[0]?.type === 'tool_result');
  assert.equal(results.length, 200);
  assert.equal((results[0]!.content as ToolResultBlock[])[0]!.content, fileText(1));
  assert.match(JSON.stringify(c.messages[c.messages.length - 1]), /the bug is in src\/f7\.ts/);
  // The last summary was made from the transcript: it names files the session read.
  const summary = [...c.compactions].reverse().find((k) => k.summary)?.summary?.text ?? '';
  assert.match(summary, /src\/f\d+\.ts/);
});

test('with a window assumed too large, the refusal compacts and the request goes again by itself', async () => {
  scriptRounds(30);
  const c = new Conversation();
  const context = keeper(200_000, c);
  const outcome = await ask(c, 'Read the files.', context);
  assert.equal(outcome.type, 'done', JSON.stringify(outcome));
  const refused = messageRequests().filter((r) => r.status === 400);
  assert.equal(refused.length, 1, 'refused once; from then on the window the endpoint named is used');
  assert.ok(c.compactions.some((k) => k.reason === 'overflow'));
  assert.match(JSON.stringify(c.messages[c.messages.length - 1]), /the bug is in src\/f7\.ts/);
  assert.equal(Object.values(c.replies).filter((r) => r.interrupted).length, 0, 'no reply is marked broken');
});

test('the first question refused for size is compacted and answered, not taken back', async () => {
  // A long earlier turn, then a question that tips the request over a window no setting told about.
  scriptRounds(12);
  const c = new Conversation();
  await ask(c, 'Read the files.');
  local.ep.configure({ contextWindow: 20_000 });
  local.ep.script('Here is the answer.');
  const context = keeper(200_000, c);
  const outcome = await ask(c, 'Now summarise what you found.', context);
  assert.equal(outcome.type, 'done', JSON.stringify(outcome));
  assert.equal(c.messages[c.messages.length - 2]!.content, 'Now summarise what you found.');
  assert.match(JSON.stringify(c.messages[c.messages.length - 1]), /Here is the answer/);
});

test('a window the endpoint reports wins over the assumed one before the first request', async () => {
  scriptRounds(30);
  const c = new Conversation();
  const outcome = await ask(c, 'Read the files.', keeper(200_000, c, Promise.resolve(WINDOW)));
  assert.equal(outcome.type, 'done', JSON.stringify(outcome));
  assert.equal(messageRequests().filter((r) => r.status === 400).length, 0);
  assert.ok(c.compactions.length > 0 && c.compactions.every((k) => k.reason === 'threshold'));
});

test('a reply stopped by model_context_window_exceeded: the conversation is compacted and Continue offered', async () => {
  scriptRounds(10, false);
  local.ep.script({
    content: [{ type: 'text', text: 'Partial answer' }],
    stopReason: 'model_context_window_exceeded',
  });
  const c = new Conversation();
  const outcome = await ask(c, 'Read the files.', keeper(200_000, c));
  assert.equal(outcome.type, 'done');
  assert.ok(c.compactions.some((k) => k.reason === 'overflow'));
  assert.equal(c.canContinue, true);
});

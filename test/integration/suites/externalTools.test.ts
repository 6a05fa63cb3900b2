// VS Code's tools and MCP servers in the chat, in real VS Code (issue #13): a tool another extension registers
// with vscode.lm.registerTool, and server-everything from npm as a user-configured MCP server, are offered to the
// model, asked for on a card with the exact input, run after Allow, and their results go back to the endpoint.
// In Restricted Mode none is offered. A workspace's .vscode/mcp.json server is only run after the user approves.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage } from '../../../src/shared/protocol';
import { startEndpoint, type Endpoint } from '../../support/endpoint/server';
import { posted, postsUntil, receive } from '../hooks';
import { invocations, TEST_TOOL_NAME, TEST_TOOL_TAG } from '../testTool';

const KEY = 'sk-integration-external-tools';
const G = vscode.ConfigurationTarget.Global;
const config = () => vscode.workspace.getConfiguration('claudeMessages');

function cardOf(posts: HostMessage[], callId: string) {
  for (const m of posts) if (m.type === 'toolCall' && m.card.callId === callId) return m.card;
  return undefined;
}
function states(posts: HostMessage[], callId: string): string[] {
  const out: string[] = [];
  for (const m of posts) {
    if (m.type === 'toolCall' && m.card.callId === callId) out.push(m.card.state);
    if (m.type === 'toolUpdate' && m.callId === callId && m.state) out.push(m.state);
  }
  return out;
}
type Body = { tools?: { name: string }[]; messages: { role: string; content: unknown }[] };
const bodies = (ep: Endpoint) =>
  ep.requests.filter((r) => r.path === '/v1/messages').map((r) => r.body as Body);
const toolNames = (b: Body | undefined) => (b?.tools ?? []).map((t) => t.name);
function lastToolResult(b: Body | undefined): unknown {
  const last = b?.messages.at(-1);
  return Array.isArray(last?.content)
    ? last.content.find((c: { type?: string }) => c.type === 'tool_result')
    : undefined;
}

/** One turn in which the model calls `name` with `input`; the card is answered with `decision`. */
async function callThroughGate(
  ep: Endpoint,
  o: { id: string; name: string; input: unknown; decision: 'allow' | 'deny' },
) {
  ep.script(
    { content: [{ type: 'tool_use', id: o.id, name: o.name, input: o.input }] },
    'Done with the tool.',
  );
  await posted();
  const turn = receive({ type: 'send', requestId: `turn-${o.id}`, text: `Use ${o.name}` });
  const posts = await postsUntil((all) => states(all, o.id).includes('asking'));
  await receive({ type: 'toolDecision', requestId: `turn-${o.id}`, callId: o.id, decision: o.decision });
  await turn;
  posts.push(...(await posted()));
  return posts;
}

suite('VS Code tools and MCP servers through the gate (#13)', () => {
  let ep: Endpoint;
  let savedKey: string | undefined;
  const everything = process.env.CLAUDE_MESSAGES_MCP_EVERYTHING;

  suiteSetup(async () => {
    ep = await startEndpoint({ apiKey: KEY, auth: 'x-api-key' });
    savedKey = process.env.ANTHROPIC_API_KEY;
    process.env.ANTHROPIC_API_KEY = KEY;
    await config().update('baseUrl', ep.url, G);
    await config().update('vscodeTools', [`tag:${TEST_TOOL_TAG}`], G);
    await config().update(
      'mcpServers',
      { everything: { command: process.execPath, args: [everything ?? 'missing-server.js'] } },
      G,
    );
  });
  suiteTeardown(async () => {
    await config().update('baseUrl', undefined, G);
    await config().update('vscodeTools', undefined, G);
    await config().update('mcpServers', undefined, G);
    if (savedKey === undefined) delete process.env.ANTHROPIC_API_KEY;
    else process.env.ANTHROPIC_API_KEY = savedKey;
    await ep.close();
  });

  test("which of VS Code's own tools this VS Code lists (recorded for docs/architecture.md)", () => {
    const names = vscode.lm.tools.map((t) => `${t.name} [${t.tags.join(',')}]`);
    const out = process.env.CLAUDE_MESSAGES_INTEGRATION_RESULTS;
    if (out) writeFileSync(join(dirname(out), 'lm-tools.txt'), `${names.join('\n')}\n`);
    assert.ok(
      vscode.lm.tools.some((t) => t.name === TEST_TOOL_NAME),
      names.join(', '),
    );
  });

  test('a VS Code tool: offered, asked with its exact input, invoked after Allow, its text and image returned', async function () {
    if (!vscode.workspace.isTrusted) return this.skip();
    ep.reset();
    await receive({ type: 'newChat' });
    invocations.length = 0;
    const posts = await callThroughGate(ep, {
      id: 'toolu_vs1',
      name: TEST_TOOL_NAME,
      input: { text: 'hello\u200Bthere' },
      decision: 'allow',
    });
    const [first, second] = bodies(ep);
    assert.ok(toolNames(first).includes(TEST_TOOL_NAME), toolNames(first).join(', '));
    assert.ok(toolNames(first).includes('read_file'), 'our own tools are still offered');
    const card = cardOf(posts, 'toolu_vs1');
    assert.deepEqual(card?.args, [{ label: 'text', value: 'hello\\u{200B}there' }]);
    assert.equal(card?.hasInvisible, true);
    assert.deepEqual(states(posts, 'toolu_vs1'), ['asking', 'running', 'done']);
    assert.deepEqual(invocations, [{ text: 'hello\u200Bthere' }]);
    const result = JSON.stringify(lastToolResult(second));
    assert.match(result, /probe got: hello/);
    assert.match(result, /tsx text/);
    assert.match(result, /"type":"image".*"media_type":"image\/png"/);
    const closing = posts
      .filter((m) => m.type === 'toolUpdate' && m.callId === 'toolu_vs1' && m.result)
      .at(-1);
    assert.equal(closing?.type === 'toolUpdate' && closing.result, '2 lines and 1 image returned to Claude');
  });

  test('an MCP server (server-everything): started on first use, asked, run after Allow; Deny runs nothing', async function () {
    if (!vscode.workspace.isTrusted) return this.skip();
    assert.ok(everything, 'CLAUDE_MESSAGES_MCP_EVERYTHING is set by test/run/integration.mjs');
    ep.reset();
    await receive({ type: 'newChat' });
    const posts = await callThroughGate(ep, {
      id: 'toolu_mcp1',
      name: 'mcp__everything__echo',
      input: { message: 'hello mcp' },
      decision: 'allow',
    });
    const [first, second] = bodies(ep);
    assert.ok(toolNames(first).includes('mcp__everything__get-sum'), toolNames(first).join(', '));
    assert.equal(cardOf(posts, 'toolu_mcp1')?.title, 'Use tool echo of MCP server everything');
    assert.deepEqual(states(posts, 'toolu_mcp1'), ['asking', 'running', 'done']);
    assert.match(JSON.stringify(lastToolResult(second)), /Echo: hello mcp/);

    ep.reset();
    const denied = await callThroughGate(ep, {
      id: 'toolu_mcp2',
      name: 'mcp__everything__echo',
      input: { message: 'never' },
      decision: 'deny',
    });
    assert.deepEqual(states(denied, 'toolu_mcp2'), ['asking', 'denied']);
    const result = JSON.stringify(lastToolResult(bodies(ep)[1]));
    assert.match(result, /denied/);
    assert.doesNotMatch(result, /Echo: never/);
  });

  test('in Restricted Mode no VS Code or MCP tool is offered', async function () {
    if (vscode.workspace.isTrusted) return this.skip();
    ep.reset();
    await receive({ type: 'newChat' });
    ep.script('No tools here.');
    await receive({ type: 'send', requestId: 'turn-restricted', text: 'hi' });
    const names = toolNames(bodies(ep)[0]);
    assert.deepEqual(
      names.filter((n) => n === TEST_TOOL_NAME || n.startsWith('mcp__')),
      [],
    );
  });
});

// MCP servers in real VS Code (issue #13), with real servers from npm started by the packaged extension: a
// scripted model calls an MCP tool, the card asks with the exact input, Allow runs it, the result goes back to the
// endpoint and the answer renders. A server defined by the workspace's .vscode/mcp.json starts only after the
// user approves its exact command line in a dialog (docs/threat-model.md, G12).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test, expect } from './fixtures';
import { ask, card, lastToolResults, resultText, toolUse } from './toolSupport';

const repo = resolve(import.meta.dirname, '..', '..');
const MEMORY = join(repo, 'node_modules/@modelcontextprotocol/server-memory/dist/index.js');
const EVERYTHING = join(repo, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const memoryFile = join(mkdtempSync(join(tmpdir(), 'claude-mcp-e2e-')), 'memory.jsonl');

/** The memory server's processes: the ones whose environment holds this spec's memory file. */
function memoryServerPids(): number[] {
  const entry = `MEMORY_FILE_PATH=${memoryFile}`;
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/environ`, 'utf8').split('\0').includes(entry);
      } catch {
        return false;
      }
    })
    .map(Number);
}

test.use({
  codeServerOptions: {
    useEndpoint: true,
    settings: {
      'claudeMessages.mcpServers': {
        memory: { command: process.execPath, args: [MEMORY], env: { MEMORY_FILE_PATH: memoryFile } },
      },
    },
    files: {
      '.vscode/mcp.json': JSON.stringify({
        servers: { wsEverything: { type: 'stdio', command: process.execPath, args: [EVERYTHING] } },
      }),
    },
  },
});

test("a workspace's mcp.json server starts only after its exact command line was approved", async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  await endpoint.script(
    { content: [toolUse('toolu_ws_echo', 'mcp__wsEverything__echo', { message: 'from the workspace' })] },
    'The workspace server answered.',
  );
  const page = workbench.page;
  const chat = await workbench.openChatView();
  // The first turn of this window starts the servers: the workspace's asks, showing exactly what it runs.
  await ask(chat, 'Echo through the workspace server');
  const dialog = page.locator('.monaco-dialog-box');
  await expect(dialog).toContainText('This workspace defines the MCP server "wsEverything"');
  await expect(dialog).toContainText(EVERYTHING);
  await workbench.screenshot('mcp-workspace-approval');
  await dialog.getByRole('button', { name: 'Start Server' }).click();

  const c = card(chat, 'Use tool echo of MCP server wsEverything');
  await expect(c).toContainText('from the workspace');
  const requests = (await endpoint.requests()).filter((r) => r.path === '/v1/messages');
  const offered = ((requests[0]!.body as { tools?: { name: string }[] }).tools ?? []).map((t) => t.name);
  expect(offered).toContain('mcp__wsEverything__echo');
  await c.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('The workspace server answered.');
  const [result] = await lastToolResults(endpoint);
  expect(resultText(result)).toBe('Echo: from the workspace');
});

test('an MCP tool: the card asks with the exact input, Allow runs it on the real server, the answer renders', async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  const entities = [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] }];
  await endpoint.script(
    { content: [toolUse('toolu_mcp_mem', 'mcp__memory__create_entities', { entities })] },
    'I will remember **Ada**.',
  );
  const chat = await workbench.openChatView();
  await ask(chat, 'Remember Ada');
  const c = card(chat, 'Use tool create_entities of MCP server memory');
  // In a new window the workspace's server asks first (listing comes before the model's reply, so the card
  // cannot be there yet when it does): decline it here; the user's own server goes on.
  const dialog = workbench.page.locator('.monaco-dialog-box');
  await expect.poll(async () => (await c.isVisible()) || (await dialog.isVisible())).toBe(true);
  if (await dialog.isVisible()) await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(c).toContainText('Waiting for you');
  await expect(c).toContainText('wrote the first program');
  await workbench.screenshot('mcp-asking');
  const requests = (await endpoint.requests()).filter((r) => r.path === '/v1/messages');
  const offered = ((requests[0]!.body as { tools?: { name: string }[] }).tools ?? []).map((t) => t.name);
  expect(offered).toEqual(
    expect.arrayContaining(['read_file', 'mcp__memory__create_entities', 'mcp__memory__read_graph']),
  );

  await c.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('I will remember Ada.');
  await expect(c).toContainText('Done');
  const [result] = await lastToolResults(endpoint);
  expect(result?.tool_use_id).toBe('toolu_mcp_mem');
  expect(result?.is_error).toBeUndefined();
  expect(resultText(result)).toContain('wrote the first program');
  await workbench.screenshot('mcp-done');

  // The server crashes (killed from outside); the next call finds it restarted, with what it stored.
  const [pid] = memoryServerPids();
  expect(pid).toBeDefined();
  process.kill(pid!, 'SIGKILL');
  await expect.poll(() => memoryServerPids().some((p) => p !== pid)).toBe(true);
  await endpoint.script(
    { content: [toolUse('toolu_mcp_read', 'mcp__memory__read_graph', {})] },
    'Ada is still there after the restart.',
  );
  await ask(chat, 'What do you remember?');
  const again = card(chat, 'Use tool read_graph of MCP server memory');
  await again.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('still there after the restart');
  const [read] = await lastToolResults(endpoint);
  expect(resultText(read)).toContain('wrote the first program');
});

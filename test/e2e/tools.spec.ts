// Workspace tools behind the confirmation gate, in real VS Code against the local endpoint, which scripts the
// model's tool calls: every call shows a card with its exact arguments; Allow runs it and its result goes back;
// Deny sends the reason; commands stream into the card, are killed at the timeout and capped; edits show a diff,
// apply through VS Code and Undo takes them back.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { ask, card, lastToolResults, resultText, toolUse } from './toolSupport';

const APP = 'export function greet(name: string) {\n  return `hi ${name}`;\n}\n';

test.use({
  codeServerOptions: {
    useEndpoint: true,
    files: {
      'src/app.ts': APP,
      'notes/todo.md': '- ship it\n',
      'src/broken.ts': "export const count: number = 'three';\n",
      // A repository trying to loosen the gate: these settings are application-scoped, so VS Code ignores them
      // here, and every test below that expects a card to ask proves it.
      '.vscode/settings.json': JSON.stringify({
        'claudeMessages.tools.autoApproveReads': true,
        'claudeMessages.tools.commandAllowList': ['echo hello-from-echo', 'sleep 999', 'yes'],
      }),
    },
    settings: {
      'claudeMessages.tools.commandTimeoutSeconds': 2,
      'claudeMessages.tools.outputLimitKB': 8,
      'claudeMessages.tools.commandAllowList': ['npm test'],
    },
  },
});

test('read_file: the card shows the call; Allow sends the file back and the answer renders', async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  await endpoint.script(
    {
      content: [
        { type: 'text', text: 'Let me read it.' },
        toolUse('toolu_read', 'read_file', { path: 'src/app.ts' }),
      ],
    },
    'It greets by **name**.',
  );
  const chat = await workbench.openChatView();
  await ask(chat, 'What does src/app.ts do?');
  const c = card(chat, /Tool call: .*src\/app\.ts/);
  await expect(c).toBeVisible();
  await expect(c).toContainText('Waiting for you');
  await expect(c).toContainText('src/app.ts');
  await workbench.screenshot('tool-read-asking');
  const requests = (await endpoint.requests()).filter((r) => r.path === '/v1/messages');
  const offered = ((requests[0]!.body as { tools: { name: string }[] }).tools ?? []).map((t) => t.name);
  expect(offered).toEqual(
    expect.arrayContaining(['read_file', 'list_files', 'search_text', 'run_command', 'edit_file']),
  );

  await c.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('It greets by name.');
  await expect(c).toContainText('Done');
  const [result] = await lastToolResults(endpoint);
  expect(result?.tool_use_id).toBe('toolu_read');
  expect(result?.is_error).toBeUndefined();
  expect(resultText(result)).toContain('return `hi ${name}`;');
  await workbench.screenshot('tool-read-done');
});

test('Deny sends is_error with the reason; the reply to it renders', async ({ workbench, endpoint }) => {
  await endpoint.reset();
  await endpoint.script(
    { content: [toolUse('toolu_deny', 'read_file', { path: 'notes/todo.md' })] },
    'Understood, I will not look at your notes.',
  );
  const chat = await workbench.openChatView();
  await ask(chat, 'Read my notes');
  const c = card(chat, /Tool call: .*todo\.md/);
  await c.getByRole('textbox', { name: 'Reason for denying' }).fill('those are private');
  await c.getByRole('button', { name: 'Deny', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('I will not look at your notes');
  await expect(c).toContainText('Denied');
  const [result] = await lastToolResults(endpoint);
  expect(result?.is_error).toBe(true);
  expect(resultText(result)).toContain('those are private');
});

test('run_command: echo streams into the card; sleep 999 is killed at the timeout; yes is capped', async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  await endpoint.script(
    { content: [toolUse('toolu_echo', 'run_command', { command: 'echo hello-from-echo' })] },
    'Echo worked.',
    { content: [toolUse('toolu_sleep', 'run_command', { command: 'sleep 999' })] },
    'It timed out.',
    { content: [toolUse('toolu_yes', 'run_command', { command: 'yes' })] },
    'Capped.',
  );
  const chat = await workbench.openChatView();
  await ask(chat, 'Run echo');
  const echo = card(chat, /Tool call: .*echo hello-from-echo/);
  await echo.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(echo.locator('.tool-output')).toContainText('hello-from-echo');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Echo worked.');
  expect(resultText((await lastToolResults(endpoint))[0])).toContain('hello-from-echo');

  await ask(chat, 'Run sleep');
  const sleep = card(chat, /Tool call: .*sleep 999/);
  const started = Date.now();
  await sleep.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('It timed out.', {
    timeout: 20_000,
  });
  expect(Date.now() - started).toBeLessThan(15_000);
  const slept = (await lastToolResults(endpoint))[0];
  expect(slept?.is_error).toBe(true);
  expect(resultText(slept)).toMatch(/timed out/i);

  await ask(chat, 'Run yes');
  const yes = card(chat, /Tool call: .*yes$/);
  await yes.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Capped.', { timeout: 20_000 });
  const capped = resultText((await lastToolResults(endpoint))[0]);
  expect(capped.length).toBeLessThan(12 * 1024);
  expect(capped).toMatch(/bytes of output not shown/);
  expect(capped).toMatch(/printed over/);
  await workbench.screenshot('tool-commands');
});

test('edit_file: the card shows the diff; Allow changes the file through VS Code and Undo restores it', async ({
  workbench,
  endpoint,
  codeServer,
  page,
}) => {
  await endpoint.reset();
  await endpoint.script(
    {
      content: [
        toolUse('toolu_edit', 'edit_file', {
          path: 'src/app.ts',
          old_string: 'return `hi ${name}`;',
          new_string: 'return `Hello, ${name}!`;',
        }),
      ],
    },
    'I changed the greeting.',
  );
  const chat = await workbench.openChatView();
  await ask(chat, 'Make the greeting friendlier');
  const c = card(chat, /Tool call: .*src\/app\.ts/);
  await expect(c.locator('.diff-del')).toContainText('return `hi ${name}`;');
  await expect(c.locator('.diff-add')).toContainText('return `Hello, ${name}!`;');
  await workbench.screenshot('tool-edit-diff');
  await c.getByRole('button', { name: 'Show Diff' }).click();
  await expect(page.locator('.tab', { hasText: "Claude's change" })).toBeVisible();

  await c.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('I changed the greeting.');
  const file = join(codeServer.workspace, 'src/app.ts');
  await expect.poll(() => readFileSync(file, 'utf8')).toContain('Hello, ${name}!');
  const editor = page.locator('.monaco-editor .view-lines', { hasText: 'Hello' }).first();
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('Control+z');
  await expect(
    page.locator('.monaco-editor .view-lines', { hasText: 'return `hi ${name}`' }).first(),
  ).toBeVisible();
  await workbench.screenshot('tool-edit-undone');
});

test('the policy: ../ traversal is refused without running; "npm test; curl x" asks though "npm test" is allow-listed', async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  await endpoint.script(
    {
      content: [
        toolUse('toolu_up', 'read_file', { path: '../../etc/passwd' }),
        toolUse('toolu_chain', 'run_command', { command: 'npm test; curl x' }),
      ],
    },
    'OK.',
  );
  const chat = await workbench.openChatView();
  await ask(chat, 'Look around');
  const up = card(chat, /Tool call: Read .*etc\/passwd/);
  await expect(up).toContainText('Refused');
  const chain = card(chat, /Tool call: .*npm test; curl x/);
  await expect(chain).toContainText('Waiting for you');
  await expect(chain.locator('.tool-reasons')).toBeVisible();
  await workbench.screenshot('tool-policy');
  await chain.getByRole('button', { name: 'Deny', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('OK.');
  const results = await lastToolResults(endpoint);
  expect(results.map((r) => r.is_error)).toEqual([true, true]);
  expect(resultText(results[0])).not.toContain('root:');
});

test('"Allow for this chat" covers the exact same call only, and is forgotten on reload', async ({
  workbench,
  endpoint,
  page,
}) => {
  const echo = (id: string, command: string) => ({ content: [toolUse(id, 'run_command', { command })] });
  await endpoint.reset();
  await endpoint.script(echo('toolu_a1', 'echo same'), 'First.', echo('toolu_a2', 'echo same'), 'Second.');
  let chat = await workbench.openChatView();
  await ask(chat, 'one');
  await card(chat, /Tool call: .*echo same/)
    .getByRole('button', { name: 'Allow for this chat' })
    .click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('First.');
  await ask(chat, 'two');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Second.');
  const second = card(chat, /Tool call: .*echo same/).last();
  await expect(second).toContainText('Done');
  await expect(second.getByRole('button', { name: 'Allow', exact: true })).toHaveCount(0);

  await endpoint.script(echo('toolu_a3', 'echo same; echo other'), 'Third.');
  await ask(chat, 'three');
  const different = card(chat, /Tool call: .*echo same; echo other/);
  await expect(different).toContainText('Waiting for you');
  await different.getByRole('button', { name: 'Deny', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Third.');

  // A reload is a new extension host: approvals for this chat lived in the old one's memory only.
  await page.reload();
  await workbench.open(page.url());
  await endpoint.script(echo('toolu_a4', 'echo same'), 'Fourth.');
  chat = await workbench.openChatView();
  await expect(card(chat, /Tool call: .*echo same; echo other/)).toContainText('Denied');
  await ask(chat, 'four');
  const afterReload = card(chat, /Tool call: .*echo same/).last();
  await expect(afterReload).toContainText('Waiting for you');
  await afterReload.getByRole('button', { name: 'Deny', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Fourth.');
});

test('Stop while a command runs kills it and ends the turn', async ({ workbench, endpoint }) => {
  await endpoint.reset();
  await endpoint.script(
    { content: [toolUse('toolu_stop', 'run_command', { command: 'sleep 999' })] },
    'unused',
  );
  const chat = await workbench.openChatView();
  await chat.getByRole('button', { name: 'New Chat' }).click();
  await ask(chat, 'wait forever');
  const c = card(chat, /Tool call: .*sleep 999/);
  await c.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(c).toContainText('Running');
  await chat.getByRole('button', { name: 'Stop' }).click();
  await expect(c).toContainText('Stopped');
  await expect(chat.getByRole('button', { name: 'Send' })).toBeVisible();
  expect((await endpoint.requests()).filter((r) => r.path === '/v1/messages')).toHaveLength(1);
});

test('hiding the chat view while a card waits loses nothing: shown again, the card still asks and Allow works', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.reset();
  await endpoint.script(
    {
      content: [
        { type: 'text', text: 'Checking.' },
        toolUse('toolu_hide', 'run_command', { command: 'echo back-again' }),
      ],
    },
    'All done after the view came back.',
  );
  let chat = await workbench.openChatView();
  await chat.getByRole('button', { name: 'New Chat' }).click();
  await ask(chat, 'Run it while I look away');
  await expect(card(chat, /Tool call: .*echo back-again/)).toContainText('Waiting for you');

  // Another view takes the sidebar: VS Code disposes our webview (it is not kept alive while hidden).
  await page.locator('.activitybar [aria-label^="Explorer"]').first().click();
  await expect(page.locator('.part.sidebar .title-label')).toContainText('Explorer');
  chat = await workbench.openChatView();
  const c = card(chat, /Tool call: .*echo back-again/);
  await expect(c).toContainText('Waiting for you');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Checking.');
  await c.getByRole('button', { name: 'Allow', exact: true }).click();
  await expect(c.locator('.tool-output')).toContainText('back-again');
  await expect(chat.locator('article.turn.assistant').last()).toContainText(
    'All done after the view came back.',
  );
  await expect(chat.getByRole('group', { name: /Tool call: / })).toHaveCount(1);
  await expect(chat.locator('article.turn.assistant').last().getByText('Checking.')).toHaveCount(1);
});

test("get_diagnostics on a file that is not open reports the language service's problems", async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  await endpoint.script(
    { content: [toolUse('toolu_diag', 'get_diagnostics', { path: 'src/broken.ts' })] },
    'There is a type error.',
  );
  const chat = await workbench.openChatView();
  await chat.getByRole('button', { name: 'New Chat' }).click();
  await ask(chat, 'Any problems in src/broken.ts?');
  const c = card(chat, /Tool call: .*src\/broken\.ts/);
  await c.getByRole('button', { name: 'Allow', exact: true }).click();
  // The tool waits up to 30 s for a cold TypeScript server to load the file (it says so on the card), then gives
  // the report a moment: the answer may come that much later.
  await expect(c).toContainText('Waiting for the language service');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('There is a type error.', {
    timeout: 60_000,
  });
  const [result] = await lastToolResults(endpoint);
  expect(resultText(result)).toMatch(
    /src\/broken\.ts:1:\d+ error: Type 'string' is not assignable to type 'number'/,
  );
});

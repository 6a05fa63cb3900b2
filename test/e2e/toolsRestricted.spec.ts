// In Restricted Mode no tool is offered, and a call the model makes anyway is refused, never run.
import { test, expect } from './fixtures';
import { ask, card, toolUse } from './toolSupport';

test.use({ codeServerOptions: { useEndpoint: true, trust: false, files: { 'secret.txt': 'top secret\n' } } });

test('in Restricted Mode the request carries no tools and a direct call is refused', async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  await endpoint.script({ content: [toolUse('toolu_r', 'read_file', { path: 'secret.txt' })] }, 'Fine.');
  const chat = await workbench.openChatView();
  await ask(chat, 'Read secret.txt');
  await expect(card(chat, /Tool call: Read secret\.txt/)).toContainText('Refused');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Fine.');
  const first = (await endpoint.requests()).find((r) => r.path === '/v1/messages');
  expect((first?.body as { tools?: unknown }).tools).toBeUndefined();
  // With no tools offered, the refused call goes back as text (the API refuses tool blocks without tools).
  const last = (await endpoint.requests()).filter((r) => r.path === '/v1/messages').at(-1);
  const sent = JSON.stringify((last?.body as { messages: unknown[] }).messages.at(-1));
  expect(sent).toContain('[Tool result (error): Tools are off: this workspace is in Restricted Mode.]');
  expect(sent).not.toContain('top secret');
  await workbench.screenshot('tools-restricted');
});

test('once trust is granted, the next request carries the tools and a call asks instead of being refused', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.reset();
  const chat = await workbench.openChatView();
  // Grant trust the way a user does: the status bar's "Restricted Mode" opens the Workspace Trust editor, whose
  // "Trust" button trusts this folder.
  await page.locator('.statusbar').getByText('Restricted Mode').click();
  await page.getByRole('button', { name: 'Trust', exact: true }).click();
  await expect(page.locator('.statusbar').getByText('Restricted Mode')).toBeHidden();
  // The trust editor opens over the workbench; focus it and close it.
  await page.getByText('You trust this folder').click();
  await page.keyboard.press('Escape');
  await expect(page.getByText('You trust this folder')).toBeHidden();

  await endpoint.script({ content: [toolUse('toolu_t', 'read_file', { path: 'secret.txt' })] }, 'Thanks.');
  await workbench.openChatView();
  await ask(chat, 'Read secret.txt now');
  // The refused card of the test above has the same title; this turn's is the last one.
  const c = card(chat, /Tool call: Read secret\.txt/).last();
  await expect(c).toContainText('Waiting for you');
  const first = (await endpoint.requests()).find((r) => r.path === '/v1/messages');
  const offered = ((first?.body as { tools?: { name: string }[] }).tools ?? []).map((t) => t.name);
  expect(offered).toEqual(expect.arrayContaining(['read_file', 'list_files', 'run_command']));
  await workbench.screenshot('tools-trust-granted');
  await c.getByRole('button', { name: 'Deny', exact: true }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Thanks.');
});

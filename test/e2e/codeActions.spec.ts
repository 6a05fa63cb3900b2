// Code blocks in a reply: Copy puts the code on the clipboard; Insert at Cursor puts it into the editor as one
// edit that a single Undo takes back.
import { test, expect } from './fixtures';

test.use({ codeServerOptions: { useEndpoint: true }, permissions: ['clipboard-read', 'clipboard-write'] });

test('Copy and Insert at Cursor from a reply work on the real editor and clipboard', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.reset();
  await endpoint.script('Add this:\n\n```ts\nexport const answer = 42;\n```\n');

  // Open src/hello.ts and put the cursor at its end.
  await workbench.runCommand('Go to File...');
  await page.locator('.quick-input-widget input').fill('hello.ts');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'hello.ts' }).first().click();
  const editor = page.locator('.monaco-editor .view-lines').first();
  await expect(editor).toContainText('export const hello');
  await editor.click();
  await page.keyboard.press('Control+End');

  const chat = await workbench.openChatView();
  await chat.getByRole('textbox', { name: 'Message Claude' }).fill('Give me a constant');
  await chat.getByRole('textbox', { name: 'Message Claude' }).press('Enter');
  const block = chat.locator('.md-code-block').last();
  await expect(block).toContainText('export const answer = 42;');

  await block.getByRole('button', { name: /Copy/ }).click();
  await expect
    .poll(() => page.evaluate(() => navigator.clipboard.readText()))
    .toMatch(/^export const answer = 42;\n?$/);

  await block.getByRole('button', { name: /Insert at Cursor/ }).click();
  await expect(editor).toContainText('export const answer = 42;');
  await expect(editor).toContainText('export const hello');
  await workbench.screenshot('code-insert');

  // One Undo in the editor removes the whole insertion.
  await editor.click();
  await page.keyboard.press('Control+Z');
  await expect(editor).not.toContainText('export const answer = 42;');
  await expect(editor).toContainText('export const hello');
});

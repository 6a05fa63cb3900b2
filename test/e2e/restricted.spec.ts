import { test, expect } from './fixtures';

test.use({ codeServerOptions: { trust: false } });

test('in Restricted Mode the extension still loads and the chat view works (limited)', async ({
  workbench,
  page,
}) => {
  await expect(page.locator('.statusbar').getByText('Restricted Mode')).toBeVisible();
  const chat = await workbench.openChatView();
  await expect(chat.getByRole('textbox', { name: 'Message Claude' })).toBeVisible();
  await expect(chat.getByText('No API key configured.')).toBeVisible();
  await workbench.screenshot('restricted-mode');
});

// Bad settings are explained, not ignored: each invalid value shows in the welcome state with the setting's name
// and how to fix it, and the composer does not send until they are fixed.
import { test, expect } from './fixtures';

test.use({
  codeServerOptions: {
    env: { ANTHROPIC_API_KEY: 'sk-settings-test-key' },
    settings: {
      'claudeMessages.maxTokens': -5,
      'claudeMessages.extraHeaders': { 'x-api-key': 'sk-smuggled' },
      'claudeMessages.temperature': 3,
    },
  },
});

test('are listed in the welcome state and block sending', async ({ workbench }) => {
  const chat = await workbench.openChatView();
  const problems = chat.getByRole('alert', { name: 'Settings problems' });
  await expect(problems).toContainText('claudeMessages.maxTokens must be a positive whole number, not -5');
  await expect(problems).toContainText('claudeMessages.extraHeaders "x-api-key" cannot be set here');
  await expect(problems).toContainText('claudeMessages.temperature must be a number from 0 to 1');
  await expect(problems.getByRole('button', { name: 'Open Settings' })).toBeVisible();
  await workbench.screenshot('connection-bad-settings');

  // The composer will not send until the settings are fixed (the host refuses too, with the same list).
  await chat.getByRole('textbox', { name: 'Message Claude' }).fill('hello');
  await expect(chat.getByRole('button', { name: 'Send' })).toBeDisabled();
});

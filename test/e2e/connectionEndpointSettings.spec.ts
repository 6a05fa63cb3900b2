// Bad settings are explained, not ignored (second set, its own code-server): each invalid value shows in the welcome state with the setting's name
// and how to fix it, and sending anyway gives the same explanation as an error; nothing is sent.
import { test, expect } from './fixtures';

test.use({
  codeServerOptions: {
    env: { ANTHROPIC_API_KEY: 'sk-settings-test-key' },
    settings: {
      'claudeMessages.maxTokens': 4096,
      'claudeMessages.thinking.enabled': true,
      'claudeMessages.thinking.budgetTokens': 4096,
      'claudeMessages.baseUrl': 'api.example.com',
    },
  },
});

test('are listed in the welcome state with the fix', async ({ workbench }) => {
  const chat = await workbench.openChatView();
  const problems = chat.getByRole('alert', { name: 'Settings problems' });
  await expect(problems).toContainText(
    'claudeMessages.thinking.budgetTokens (4096) must be less than claudeMessages.maxTokens (4096)',
  );
  await expect(problems).toContainText('claudeMessages.baseUrl "api.example.com" is not a URL');
  await expect(chat.getByText('The endpoint needs fixing.')).toBeVisible();
});

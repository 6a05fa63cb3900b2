import { test, expect } from './fixtures';

test.use({
  codeServerOptions: {
    env: { ANTHROPIC_API_KEY: 'sk-test-env-key', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' },
  },
});

test('with a key in the environment, the welcome state reports ANTHROPIC_BASE_URL and Send works', async ({
  workbench,
}) => {
  const chat = await workbench.openChatView();
  await expect(chat.getByText('Endpoint: http://127.0.0.1:9')).toBeVisible();
  await expect(chat.getByText('No API key configured.')).toHaveCount(0);
  await chat.getByRole('textbox', { name: 'Message Claude' }).fill('hello');
  await expect(chat.getByRole('button', { name: 'Send' })).toBeEnabled();
});

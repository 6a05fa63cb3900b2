// No context window configured, and the endpoint's is smaller than the model's: its refusal ("input length and
// `max_tokens` exceed context limit") compacts the conversation and the request goes again by itself; the user sees
// the divider saying so, never an error with only Retry.
import { test, expect } from './fixtures';
import { scriptSession, sessionFiles } from './longSessionSupport';
import { ask } from './toolSupport';

test.use({
  codeServerOptions: {
    useEndpoint: true,
    files: sessionFiles(),
    settings: { 'claudeMessages.tools.autoApproveReads': true, 'claudeMessages.maxTokens': 4096 },
  },
});

test('the endpoint refuses for size: compacted and sent again, no error shown', async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  await endpoint.configure({ contextWindow: 20_000 });
  await scriptSession(endpoint, 'Done reading: **nothing is wrong**.');
  const chat = await workbench.openChatView();
  await ask(chat, 'Read every file.');
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('nothing is wrong', { timeout: 120_000 });

  const messages = (await endpoint.requests()).filter((r) => r.path === '/v1/messages');
  expect(messages.filter((r) => r.status === 400).length).toBe(1);
  await expect(chat.locator('.reply-error, .notice.error')).toHaveCount(0);
  const divider = reply.locator('.compaction-divider').first();
  await expect(divider).toBeVisible();
  await divider.locator('summary').click();
  await expect(divider).toContainText('refused the request as too long');
  await divider.scrollIntoViewIfNeeded();
  await workbench.screenshot('long-session-refusal-recovered');
});

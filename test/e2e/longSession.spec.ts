// A tool session that outgrows a small context window, in real VS Code: with the window set, the conversation is
// compacted before a request would overflow (the endpoint never refuses), the session runs to its answer, the view
// shows the "Conversation compacted" divider and the context meter, and every round stays on screen.
import { test, expect } from './fixtures';
import { ROUNDS, scriptSession, sessionFiles } from './longSessionSupport';
import { ask } from './toolSupport';

const WINDOW = 30_000;

test.use({
  codeServerOptions: {
    useEndpoint: true,
    files: sessionFiles(),
    settings: {
      'claudeMessages.tools.autoApproveReads': true,
      'claudeMessages.maxTokens': 4096,
      'claudeMessages.contextWindow': WINDOW,
    },
  },
});

test('a session past the window keeps going: compacted before sending, divider and meter shown', async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  await endpoint.configure({ contextWindow: WINDOW });
  await scriptSession(endpoint, 'All files read: **the bug is in f7**.');
  const chat = await workbench.openChatView();
  await ask(chat, 'Read every file and find the bug.');
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('the bug is in f7', { timeout: 120_000 });

  const messages = (await endpoint.requests()).filter((r) => r.path === '/v1/messages');
  expect(messages.filter((r) => r.status === 400)).toHaveLength(0);
  expect(messages.length).toBeGreaterThanOrEqual(ROUNDS + 1);
  const divider = reply.locator('.compaction-divider').first();
  await expect(divider).toBeVisible();
  await expect(divider).toContainText('Conversation compacted');
  // Every round is still on screen: the view shows all cards, compaction changed only what was sent.
  await expect(reply.getByRole('group', { name: /Tool call: / })).toHaveCount(ROUNDS);
  const meter = chat.locator('.context-meter');
  await expect(meter).toBeVisible();
  expect(Number(await meter.getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await divider.locator('summary').click();
  await expect(divider).toContainText('Compacted because the conversation neared the context window.');
  await divider.scrollIntoViewIfNeeded();
  await workbench.screenshot('long-session-compacted');
});

// The same conversation open in two windows loses no turn: window B opened it, window A went on, then B asked
// something too. B finds A's turn on disk, continues in a copy titled so and says so; A's conversation keeps A's
// turns, the copy keeps B's, and both are in the history.
import { test, expect } from './fixtures';
import { Workbench } from './workbench';
import { ask } from './toolSupport';

test.use({ codeServerOptions: { useEndpoint: true } });

test('two windows on one conversation: the second writer continues in a copy and nothing is lost', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.reset();
  await endpoint.script(
    'First answer, in window A.',
    'Second answer, in window A.',
    'An answer in window B.',
  );
  const chatA = await workbench.openChatView();
  await chatA.getByRole('button', { name: 'New Chat' }).click();
  await ask(chatA, 'Shared question');
  await expect(chatA.locator('article.turn.assistant').last()).toContainText('First answer, in window A.');

  // A second window on the same folder opens the same conversation from the history.
  const pageB = await page.context().newPage();
  const windowB = new Workbench(pageB);
  await windowB.open(page.url());
  const chatB = await windowB.openChatView();
  await chatB.getByRole('button', { name: 'Chat History' }).click();
  await pageB.locator('.quick-input-list .monaco-list-row', { hasText: 'Shared question' }).first().click();
  await expect(chatB.locator('article.turn.assistant').last()).toContainText('First answer, in window A.');

  await ask(chatA, 'Only in window A');
  await expect(chatA.locator('article.turn.assistant').last()).toContainText('Second answer, in window A.');

  await ask(chatB, 'Only in window B');
  await expect(chatB.locator('article.turn.assistant').last()).toContainText('An answer in window B.');
  await expect(chatB.locator('.notices')).toContainText('continues in a copy');
  await windowB.screenshot('two-windows-fork-notice');

  // Each window's turns are stored: A's in the original, B's in the copy.
  await chatB.getByRole('button', { name: 'Chat History' }).click();
  const rows = pageB.locator('.quick-input-list .monaco-list-row');
  await expect(rows.filter({ hasText: 'Shared question (continued from another window)' })).toBeVisible();
  await pageB.keyboard.press('Escape');
  await pageB.close();

  await page.reload();
  await workbench.open(page.url());
  const reloaded = await workbench.openChatView();
  await expect(reloaded.locator('article.turn.user')).toHaveCount(2);
  await expect(reloaded.locator('article.turn.assistant').last()).toContainText(
    'Second answer, in window A.',
  );
  await expect(reloaded.locator('main.transcript')).not.toContainText('Only in window B');
  await reloaded.getByRole('button', { name: 'Chat History' }).click();
  const copy = page.locator('.quick-input-list .monaco-list-row', {
    hasText: 'Shared question (continued from another window)',
  });
  await copy.click();
  await expect(reloaded.locator('article.turn.user')).toHaveCount(2);
  await expect(reloaded.locator('main.transcript')).toContainText('Only in window B');
  await expect(reloaded.locator('main.transcript')).not.toContainText('Only in window A');
  await workbench.screenshot('two-windows-copy');
});

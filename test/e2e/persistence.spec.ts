// Never loses a word: conversations survive a window reload, a stopped reply continues, history reopens.
import { test, expect } from './fixtures';

test.use({ codeServerOptions: { useEndpoint: true } });
test.beforeEach(async ({ endpoint }) => {
  await endpoint.reset();
});

test('after a window reload the conversation is back, and a stopped reply can be continued', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.script('Noted: **alpha** is the word.');
  let chat = await workbench.openChatView();
  const composer = () => chat.getByRole('textbox', { name: 'Message Claude' });
  await composer().fill('Remember the word alpha');
  await composer().press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('alpha is the word');

  const long = Array.from({ length: 300 }, (_, i) => `Part ${i}.`).join(' ');
  await endpoint.script({ content: [{ type: 'text', text: long }], delayMs: 25 });
  await composer().fill('Now a long one');
  await composer().press('Enter');
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('Part 2.');
  await chat.getByRole('button', { name: 'Stop' }).click();
  await expect(reply.locator('.reply-meta')).toContainText('Stopped');
  const stoppedText = await reply.locator('.reply-body').innerText();

  // Reload the whole window: a new extension host reads the conversation back from disk.
  await page.reload();
  await workbench.open(page.url());
  chat = await workbench.openChatView();
  await expect(chat.locator('article.turn.user')).toHaveCount(2);
  await expect(chat.locator('article.turn.assistant').first()).toContainText('alpha is the word');
  const restored = chat.locator('article.turn.assistant').last();
  await expect(restored.locator('.reply-body')).toHaveText(stoppedText.trim());
  await expect(restored.locator('.reply-meta')).toContainText('Stopped');
  await workbench.screenshot('persistence-restored');

  await endpoint.script(' And that is the end.');
  await restored.getByRole('button', { name: 'Continue' }).click();
  await expect(restored).toContainText('And that is the end.');
  await expect(restored.getByRole('button', { name: 'Continue' })).toHaveCount(0);
  const requests = await endpoint.requests();
  const last = requests.at(-1)?.body as { messages: { role: string }[] };
  expect(last.messages.at(-1)?.role).toBe('assistant');

  // New Chat clears; the history brings the conversation back.
  await chat.getByRole('button', { name: 'New Chat' }).click();
  await expect(chat.locator('article.turn')).toHaveCount(0);
  await chat.getByRole('button', { name: 'Chat History' }).click();
  const item = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Remember the word alpha' });
  await expect(item).toBeVisible();
  await item.click();
  await expect(chat.locator('article.turn.user')).toHaveCount(2);
  await workbench.screenshot('persistence-history');
});

test('hiding the chat view while a reply streams loses nothing: shown again, it is still streaming and completes', async ({
  workbench,
  endpoint,
  page,
}) => {
  const long = Array.from({ length: 200 }, (_, i) => `Piece ${i}.`).join(' ');
  await endpoint.script({ content: [{ type: 'text', text: long }], delayMs: 25 });
  let chat = await workbench.openChatView();
  await chat.getByRole('textbox', { name: 'Message Claude' }).fill('Stream while I look elsewhere');
  await chat.getByRole('textbox', { name: 'Message Claude' }).press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Piece 3.');

  // Another view takes the sidebar: VS Code disposes our webview (it is not kept alive while hidden).
  const streamedBefore = await endpoint.streamedEvents();
  await page.locator('.activitybar [aria-label^="Explorer"]').first().click();
  await expect(page.locator('.part.sidebar .title-label')).toContainText('Explorer');
  // Its content is really gone (no frame holds the composer), and the reply goes on streaming meanwhile.
  await expect.poll(() => workbench.chatFrameCount()).toBe(0);
  await expect.poll(() => endpoint.streamedEvents()).toBeGreaterThan(streamedBefore + 20);
  chat = await workbench.openChatView();
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('Piece 199.', { timeout: 30_000 });
  await expect(reply.locator('.reply-meta')).not.toContainText('Stopped');
  expect(await reply.locator('.reply-body').innerText()).toBe(long);
  await expect(chat.locator('article.turn.user', { hasText: 'Stream while I look elsewhere' })).toHaveCount(
    1,
  );
  await expect(chat.getByRole('button', { name: 'Send' })).toBeVisible();
});

test('opening or renaming the conversation on screen while a reply streams does not stop it; the rename is kept', async ({
  workbench,
  endpoint,
  page,
}) => {
  const long = Array.from({ length: 800 }, (_, i) => `Bit ${i}.`).join(' ');
  await endpoint.script({ content: [{ type: 'text', text: long }], delayMs: 20, chunkSize: 5 });
  let chat = await workbench.openChatView();
  await chat.getByRole('textbox', { name: 'Message Claude' }).fill('A long answer, please');
  await chat.getByRole('textbox', { name: 'Message Claude' }).press('Enter');
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('Bit 3.');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  // While the reply grows the view re-lays out every few milliseconds, so Playwright would wait for its buttons to
  // be "stable" forever: those clicks are forced (a real mouse click where the button is).
  const history = chat.getByRole('button', { name: 'Chat History' });

  // Rename the conversation on screen from the history, while the reply streams.
  await history.click({ force: true });
  const current = rows.filter({ hasText: 'current conversation' });
  await current.hover();
  await current.getByRole('button', { name: 'Rename' }).click();
  const input = page.locator('.quick-input-widget input');
  await expect(page.locator('.quick-input-widget')).toContainText('Rename conversation');
  await workbench.screenshot('persistence-rename-input');
  await input.fill('Renamed mid-stream');
  await input.press('Enter');
  await expect(rows.filter({ hasText: 'Renamed mid-stream' })).toBeVisible();

  // Open it from the history: it is the one on screen.
  await rows.filter({ hasText: 'current conversation' }).click();
  // Both happened while the reply was still arriving.
  await expect(chat.getByRole('button', { name: 'Stop' })).toBeVisible();

  await expect(reply).toContainText('Bit 799.', { timeout: 60_000 });
  await expect(reply.locator('.reply-meta')).not.toContainText('Stopped');
  expect(await reply.locator('.reply-body').innerText()).toBe(long);

  // After a reload the whole reply and the new title are what was saved.
  await page.reload();
  await workbench.open(page.url());
  chat = await workbench.openChatView();
  await expect(chat.locator('article.turn.assistant').last().locator('.reply-body')).toHaveText(long);
  await chat.getByRole('button', { name: 'Chat History' }).click();
  await expect(rows.filter({ hasText: 'Renamed mid-stream' })).toBeVisible();
  await page.keyboard.press('Escape');
  await workbench.screenshot('persistence-renamed-mid-stream');
});

// A session you can follow, in real VS Code: an 8-round scripted tool session (reads allowed by the user's setting)
// is followed to its final answer while the user stays at the end; when the user scrolls up mid-session, the
// transcript stays where they put it while the rounds and the answer arrive below the fold, and Jump to latest
// brings them down and follows again. Finished tool cards fold to one line each.
import type { Frame } from '@playwright/test';
import { test, expect } from './fixtures';
import { ask, toolUse } from './toolSupport';

const FILES = Array.from({ length: 8 }, (_, i) => `src/f${i + 1}.ts`);

test.use({
  codeServerOptions: {
    useEndpoint: true,
    files: Object.fromEntries(FILES.map((f, i) => [f, `export const value${i + 1} = ${i + 1};\n`])),
    settings: { 'claudeMessages.tools.autoApproveReads': true },
  },
});

test.beforeEach(async ({ endpoint }) => {
  await endpoint.reset();
});

/** A fresh chat (the worker's code-server keeps the previous test's conversation on screen). */
async function newChat(chat: Frame): Promise<void> {
  await chat.getByRole('button', { name: 'New Chat' }).click();
  await expect(chat.locator('article.turn')).toHaveCount(0);
}

/** Eight rounds, each streaming a paragraph and reading a file, then the answer. */
async function scriptSession(endpoint: { script: (...r: unknown[]) => Promise<unknown> }): Promise<void> {
  const rounds = FILES.map((path, i) => ({
    content: [
      {
        type: 'text',
        text: `Round ${i + 1}: ${'I am looking at how the values are computed before reading the next file. '.repeat(4)}`,
      },
      toolUse(`toolu_${i + 1}`, 'read_file', { path }),
    ],
    delayMs: 15,
  }));
  await endpoint.script(...rounds, {
    content: [{ type: 'text', text: 'All eight files read: FINAL ANSWER.' }],
  });
}

const transcriptScroll = (chat: Frame) =>
  chat.locator('main.transcript').evaluate((el) => ({
    top: el.scrollTop,
    fromEnd: el.scrollHeight - el.scrollTop - el.clientHeight,
  }));

test('an 8-round tool session is followed to its final answer', async ({ workbench, endpoint }) => {
  await scriptSession(endpoint);
  const chat = await workbench.openChatView();
  await newChat(chat);
  await ask(chat, 'Read every file and tell me what they hold');
  const answer = chat.getByText('All eight files read: FINAL ANSWER.');
  await expect(answer).toBeVisible({ timeout: 60_000 });
  await expect(chat.locator('.tool-card')).toHaveCount(8);
  await expect(chat.locator('.tool-card.collapsed')).toHaveCount(8);
  await expect.poll(async () => (await transcriptScroll(chat)).fromEnd).toBeLessThanOrEqual(2);
  await expect(answer).toBeInViewport();
  await expect(chat.getByRole('button', { name: 'Jump to latest' })).toBeHidden();
  await workbench.screenshot('follow-session-end');
});

test('scrolled up mid-session: the transcript stays put, the rounds arrive below, Jump to latest follows again', async ({
  workbench,
  endpoint,
  page,
}) => {
  await scriptSession(endpoint);
  const chat = await workbench.openChatView();
  await newChat(chat);
  await ask(chat, 'Read every file and tell me what they hold');
  await expect(chat.getByRole('group', { name: 'Tool call: Read src/f2.ts' })).toBeVisible({
    timeout: 30_000,
  });
  // The user scrolls up with the wheel to read the start again.
  const box = (await chat.locator('main.transcript').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
  await page.mouse.wheel(0, -5000);
  await expect.poll(async () => (await transcriptScroll(chat)).top).toBe(0);
  const question = chat.locator('article.turn.user').last();
  await expect(question).toBeInViewport();

  const answer = chat.getByText('All eight files read: FINAL ANSWER.');
  await expect(answer).toBeAttached({ timeout: 60_000 });
  await expect(chat.locator('.tool-card')).toHaveCount(8);
  const held = await transcriptScroll(chat);
  expect(held.top).toBe(0);
  expect(held.fromEnd).toBeGreaterThan(200);
  await expect(question).toBeInViewport();
  await expect(answer).not.toBeInViewport();
  const jump = chat.getByRole('button', { name: 'Jump to latest' });
  await expect(jump).toBeVisible();
  await workbench.screenshot('follow-scrolled-up');

  await jump.click();
  await expect(answer).toBeInViewport();
  await expect(jump).toBeHidden();
  expect((await transcriptScroll(chat)).fromEnd).toBeLessThanOrEqual(2);
  await workbench.screenshot('follow-jumped');
});

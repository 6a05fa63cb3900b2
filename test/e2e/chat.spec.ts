// A real conversation: the packaged extension in code-server streams from the local endpoint on 127.0.0.1.
import { test, expect, ENDPOINT_KEY } from './fixtures';

test.use({ codeServerOptions: { useEndpoint: true } });
test.beforeEach(async ({ endpoint }) => {
  await endpoint.reset();
});

test('a message streams back as markdown with a highlighted code block, Copy and Insert', async ({
  workbench,
  endpoint,
}) => {
  await endpoint.script({
    content: [
      {
        type: 'text',
        text:
          'Here is a **typed** helper:\n\n```ts\nexport function add(a: number, b: number): number {\n  return a + b;\n}\n```\n\n' +
          'It returns the sum.',
      },
    ],
  });
  const chat = await workbench.openChatView();
  await chat.getByRole('textbox', { name: 'Message Claude' }).fill('Write an add function');
  await chat.getByRole('button', { name: 'Send' }).click();

  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply.locator('strong')).toHaveText('typed');
  const code = reply.locator('.md-code-block');
  await expect(code).toContainText('return a + b;');
  await expect(code.locator('.hljs-keyword').first()).toBeVisible();
  await expect(code.getByRole('button', { name: /Copy/ })).toBeVisible();
  await expect(code.getByRole('button', { name: /Insert at Cursor/ })).toBeVisible();
  await expect(reply.locator('.reply-meta')).toContainText('out');
  await expect(reply).toContainText('It returns the sum.');

  const sent = (await endpoint.requests()).at(-1);
  expect(sent?.headers['x-api-key']).toBe(ENDPOINT_KEY);
  expect(sent?.headers['anthropic-version']).toBe('2023-06-01');
  expect(JSON.stringify(sent?.body)).toContain('Write an add function');
  await workbench.screenshot('chat-reply');
});

test('Stop ends the reply at once and keeps the partial text; an endpoint error shows inline with Retry', async ({
  workbench,
  endpoint,
}) => {
  const long = Array.from({ length: 400 }, (_, i) => `Sentence number ${i} of a long answer.`).join(' ');
  await endpoint.script({ content: [{ type: 'text', text: long }], delayMs: 20 });
  const chat = await workbench.openChatView();
  const composer = chat.getByRole('textbox', { name: 'Message Claude' });
  await composer.fill('Tell me a long story');
  await composer.press('Enter');
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('Sentence number 3 ');
  await chat.getByRole('button', { name: 'Stop' }).click();
  await expect(reply.locator('.reply-meta')).toContainText('Stopped');
  const kept = (await reply.locator('.reply-body').innerText()).length;
  expect(kept).toBeGreaterThan(20);
  expect(kept).toBeLessThan(long.length);
  await expect(chat.getByRole('button', { name: 'Send' })).toBeVisible();

  await endpoint.setFault({
    type: 'status',
    status: 401,
    errorType: 'authentication_error',
    message: 'invalid x-api-key',
  });
  await composer.fill('Are you there?');
  await composer.press('Enter');
  const failed = chat.locator('article.turn.assistant').last();
  await expect(failed.getByRole('alert')).toContainText('The endpoint refused the key');
  await endpoint.script('Yes, here now.');
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Yes, here now.');
  // Retry replaced the failed exchange instead of adding a second copy of the question.
  await expect(chat.locator('article.turn.user', { hasText: 'Are you there?' })).toHaveCount(1);
  await expect(chat.getByRole('alert')).toHaveCount(0);
  await workbench.screenshot('chat-stop-error-retry');
});

test("the model picker lists the endpoint's models and the choice is used for the next request", async ({
  workbench,
  endpoint,
  page,
}) => {
  const chat = await workbench.openChatView();
  await chat.getByRole('button', { name: /^Model: .*Select Model$/ }).click();
  const input = page.locator('.quick-input-widget input');
  await expect(page.locator('.quick-input-list .monaco-list-row').first()).toBeVisible();
  const listed = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  expect(listed.length).toBeGreaterThan(1);
  // Free text for gateways that name models their own way.
  await input.fill('my-gateway/claude-custom');
  await expect(page.locator('.quick-input-list .monaco-list-row').first()).toContainText('use this model id');
  await input.press('Enter');
  await expect(chat.getByRole('button', { name: /^Model: my-gateway\/claude-custom/ })).toBeVisible();
  await endpoint.script('Using the custom model.');
  await chat.getByRole('textbox', { name: 'Message Claude' }).fill('Which model?');
  await chat.getByRole('textbox', { name: 'Message Claude' }).press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Using the custom model.');
  const sent = (await endpoint.requests()).at(-1)?.body as { model: string };
  expect(sent.model).toBe('my-gateway/claude-custom');
});

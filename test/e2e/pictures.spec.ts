// The README's pictures of the product (test/e2e/readmeImages.ts): a streamed reply with a code block, a tool call
// waiting at the gate, and Test Connection's report, each checked before it is taken. The view in Chinese and the
// walkthrough come from language.spec.ts and walkthrough.spec.ts.
import { test, expect } from './fixtures';
import { readmeImage } from './readmeImages';
import { ask, card, toolUse } from './toolSupport';

test.use({
  codeServerOptions: {
    useEndpoint: true,
    files: { 'src/app.ts': 'export function greet(name: string) {\n  return `hi ${name}`;\n}\n' },
  },
});
test.beforeEach(async ({ endpoint }) => {
  await endpoint.reset();
});

test('a streamed reply with a code block', async ({ workbench, endpoint }) => {
  await endpoint.script({
    content: [
      {
        type: 'text',
        text:
          '`greet` builds the greeting with a **template literal**. A version that trims the name:\n\n' +
          '```ts\nexport function greet(name: string): string {\n  return `hi ${name.trim()}`;\n}\n```\n\n' +
          'The return type is now explicit.',
      },
    ],
  });
  const chat = await workbench.openChatView();
  await ask(chat, 'What does greet in src/app.ts do?');
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('The return type is now explicit.');
  await expect(reply.locator('.md-code-block .hljs-keyword').first()).toBeVisible();
  await expect(reply.locator('.reply-meta')).toContainText('out');
  await readmeImage(workbench.page.locator('.part.sidebar'), 'chat-reply');
});

test('a command waiting at the confirmation gate', async ({ workbench, endpoint }) => {
  await endpoint.script(
    {
      content: [
        { type: 'text', text: 'I will run the tests.' },
        toolUse('toolu_test', 'run_command', { command: 'npm test' }),
      ],
    },
    'Done.',
  );
  const chat = await workbench.openChatView();
  await chat.getByRole('button', { name: 'New Chat' }).click();
  await ask(chat, 'Run the tests');
  const c = card(chat, /Tool call: Run npm test/);
  await expect(c).toContainText('Waiting for you');
  await expect(c.getByRole('button', { name: 'Allow', exact: true })).toBeVisible();
  await readmeImage(workbench.page.locator('.part.sidebar'), 'tool-approval');
  await c.getByRole('button', { name: 'Deny' }).click();
  await expect(c).toContainText('Denied');
});

test("Test Connection's report", async ({ workbench }) => {
  await workbench.runCommand('Claude: Test Connection');
  const report = workbench.page.locator('.editor-instance .view-lines').first();
  await expect(report).toContainText('Test Connection: PASSED', { timeout: 30_000 });
  await expect(report).toContainText('Send a one-token message');
  await workbench.page.keyboard.press('Escape');
  await readmeImage(workbench.page.locator('.part.editor'), 'test-connection', 560);
});

// VS Code in Simplified Chinese (code-server --locale zh-cn, with a stand-in language pack: test/run/languagePack.mjs).
// Everything of ours follows the display language: the view's own words (webview, from the host's bundle), a card
// titled by core (through core's translator), the command titles (package.nls.zh-cn.json), Test Connection's report.
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { readmeImage } from './readmeImages';
import { toolUse } from './toolSupport';

test.use({ codeServerOptions: { useEndpoint: true, locale: 'zh-cn' } });

async function palette(page: Page, text: string) {
  await page.locator('.monaco-workbench').click({ position: { x: 640, y: 400 } });
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.fill(`>${text}`);
  return { input, row: page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first() };
}

test('the view, a reply, a tool card, command titles and Test Connection are in Chinese', async ({
  workbench,
  endpoint,
}) => {
  const page = workbench.page;
  await endpoint.reset();
  await endpoint.script(
    {
      content: [
        { type: 'text', text: '我先读一下这个文件。' },
        toolUse('toolu_read', 'read_file', { path: 'src/hello.ts' }),
      ],
    },
    '这个函数返回一句**问候**：\n\n```ts\nexport const hello = (n: string) => `hi ${n}`;\n```\n',
  );
  const chat = await workbench.openChatView();
  expect(await chat.locator('html').getAttribute('lang')).toBe('zh-cn');
  await expect(chat.getByRole('region', { name: '欢迎' })).toContainText('询问有关代码的问题');

  await chat.getByRole('textbox', { name: '向 Claude 发送消息' }).fill('src/hello.ts 是做什么的？');
  await chat.getByRole('button', { name: '发送' }).click();
  // The card's title comes from core (src/core/tools/cards.ts), its state and buttons from the webview.
  const card = chat.getByRole('group', { name: '工具调用：读取 src/hello.ts' });
  await expect(card).toContainText('等待你的决定');
  await card.getByRole('button', { name: '允许', exact: true }).click();
  await expect(card).toContainText('已完成');

  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply.locator('strong')).toHaveText('问候');
  await expect(reply.getByRole('button', { name: '复制' })).toBeVisible();
  await expect(reply.locator('.reply-meta')).toContainText('输入');
  await expect(chat.locator('article.turn.user').last()).toContainText('你');
  await readmeImage(page.locator('.part.sidebar'), 'chat-zh-cn');

  // A command title from package.nls.zh-cn.json, in the Command Palette.
  const { input, row } = await palette(page, 'Claude: 测试连接');
  await expect(row).toBeVisible();
  await input.press('Enter');
  const report = page.locator('.editor-instance .view-lines').first();
  await expect(report).toContainText('测试连接：通过', { timeout: 30_000 });
  await expect(report).toContainText('访问端点');
  await workbench.screenshot('language-zh-cn-report');

  // The walkthrough's title and steps (package.nls.zh-cn.json).
  const open = await palette(page, 'Welcome: Open Walkthrough...');
  await expect(open.row).toBeVisible();
  await open.input.press('Enter');
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: '开始使用 Claude Messages' })
    .first()
    .click();
  const walkthrough = page.locator('.gettingStartedContainer');
  await expect(walkthrough.getByRole('button', { name: '使用 Bearer 的网关', exact: true })).toBeVisible();
  await expect(walkthrough).toContainText('测试连接');
  await workbench.screenshot('language-zh-cn-walkthrough');
});

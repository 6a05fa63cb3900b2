// VS Code in Simplified Chinese: the view, a streamed reply and a command title in Chinese.
import { test, expect } from './fixtures';

test.use({ codeServerOptions: { useEndpoint: true, locale: 'zh-cn' } });

test('explore', async ({ workbench, page }) => {
  const chat = await workbench.openChatView();
  console.log('LANG', await chat.locator('html').getAttribute('lang'));
  console.log('TEXT', (await chat.locator('body').innerText()).slice(0, 300));
  await workbench.screenshot('zh-explore');
  console.log('PAGE', (await page.locator('.activitybar').innerText()).slice(0, 100));
});

// One check for every theme spec: a reply with code renders, the body carries the theme kind's class, and the
// theme's own foreground variable reaches the webview. Each theme needs its own code-server (a worker option).
import { test, expect } from './fixtures';

export function themeTest(theme: string, kindClass: RegExp): void {
  test.use({ codeServerOptions: { useEndpoint: true, settings: { 'workbench.colorTheme': theme } } });
  test(`renders in ${theme}`, async ({ workbench, endpoint }) => {
    await endpoint.script('A **bold** answer with code:\n\n```python\ndef f(x):\n    return x * 2\n```\n');
    const chat = await workbench.openChatView();
    await chat.getByRole('textbox', { name: 'Message Claude' }).fill('Show me');
    await chat.getByRole('textbox', { name: 'Message Claude' }).press('Enter');
    await expect(chat.locator('.md-code-block')).toContainText('return x * 2');
    const colors = await chat.evaluate(() => ({
      themeFg: getComputedStyle(document.documentElement).getPropertyValue('--vscode-foreground').trim(),
      fg: getComputedStyle(document.body).color,
      keyword: getComputedStyle(document.querySelector('.hljs-keyword') ?? document.body).color,
      kind: document.body.className,
    }));
    expect(colors.kind).toMatch(kindClass);
    expect(colors.themeFg).not.toBe('');
    expect(colors.keyword, 'keywords are highlighted in this theme').not.toBe(colors.fg);
    await workbench.screenshot(`theme-${theme.replace(/\s+/g, '-').toLowerCase()}`);
  });
}

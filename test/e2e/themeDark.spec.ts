// The chat in dark and high-contrast themes (light is the default of the other specs): screenshots to look at,
// and a check that text takes the theme's foreground rather than a hard-coded colour.
import { test, expect } from './fixtures';

const THEME = 'Default Dark Modern';
test.use({ codeServerOptions: { useEndpoint: true, settings: { 'workbench.colorTheme': THEME } } });

for (const theme of [THEME]) {
  test(`renders in ${theme}`, async ({ workbench, endpoint }) => {
    await endpoint.script('A **bold** answer with code:\n\n```python\ndef f(x):\n    return x * 2\n```\n');
    const chat = await workbench.openChatView();
    await chat.getByRole('textbox', { name: 'Message Claude' }).fill('Show me');
    await chat.getByRole('textbox', { name: 'Message Claude' }).press('Enter');
    await expect(chat.locator('.md-code-block')).toContainText('return x * 2');
    const colors = await chat.evaluate(() => ({
      fg: getComputedStyle(document.body).color,
      themeFg: getComputedStyle(document.documentElement).getPropertyValue('--vscode-foreground').trim(),
      kind: document.body.className,
    }));
    expect(colors.kind).toMatch(theme.includes('High') ? /vscode-high-contrast/ : /vscode-dark/);
    expect(colors.themeFg).not.toBe('');
    await workbench.screenshot(`theme-${theme.replace(/\s+/g, '-').toLowerCase()}`);
  });
}

// One check for every theme spec: a reply with code and a waiting tool card (with its diff) renders, the body
// carries the theme kind's class, and the theme's own foreground variable reaches the webview. Each theme needs its
// own code-server (a worker option).
import { test, expect } from './fixtures';

export function themeTest(theme: string, kindClass: RegExp): void {
  test.use({ codeServerOptions: { useEndpoint: true, settings: { 'workbench.colorTheme': theme } } });
  test(`renders in ${theme}`, async ({ workbench, endpoint }) => {
    await endpoint.script(
      {
        content: [
          {
            type: 'text',
            text: 'A **bold** answer with code:\n\n```python\ndef f(x):\n    return x * 2\n```\n',
          },
          {
            type: 'tool_use',
            id: 'toolu_theme',
            name: 'edit_file',
            input: { path: 'README.md', old_string: '# sample', new_string: '# Sample project' },
          },
        ],
      },
      'Left as it was.',
    );
    const chat = await workbench.openChatView();
    await chat.getByRole('textbox', { name: 'Message Claude' }).fill('Show me');
    await chat.getByRole('textbox', { name: 'Message Claude' }).press('Enter');
    await expect(chat.locator('.md-code-block')).toContainText('return x * 2');
    // The code block is highlighted once it is complete: the card after it shows it is.
    const card = chat.getByRole('group', { name: /Tool call: Edit README\.md/ });
    await expect(card.locator('.diff-add')).toContainText('# Sample project');
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
    await card.getByRole('button', { name: 'Deny', exact: true }).click();
    await expect(chat.locator('article.turn.assistant').last()).toContainText('Left as it was.');
  });
}

import { test, expect } from './fixtures';

test.describe('chat view in a trusted workspace', () => {
  test('opens from the activity bar and shows the composer and the welcome state', async ({ workbench }) => {
    const chat = await workbench.openChatView();
    const composer = chat.getByRole('textbox', { name: 'Message Claude' });
    await expect(composer).toBeVisible();
    await expect(chat.getByRole('button', { name: 'Send' })).toBeVisible();
    await expect(chat.getByRole('button', { name: 'New Chat' })).toBeVisible();
    // No key anywhere: the welcome state says so and offers the fix.
    await expect(chat.getByText('No API key configured.')).toBeVisible();
    await expect(chat.getByRole('button', { name: 'Set API Key' })).toBeVisible();
    await expect(chat.getByRole('button', { name: 'Send' })).toBeDisabled();
    // Rendered in VS Code's theme: the composer takes the input colours the workbench gives the webview. (The
    // box's background is painted by its field, behind the transparent textarea and its mention layer.)
    const colors = await composer.evaluate((el) => {
      const root = getComputedStyle(document.documentElement);
      return {
        inputBg: root.getPropertyValue('--vscode-input-background').trim(),
        composerBg: getComputedStyle(el.closest('.composer-field')!).backgroundColor,
      };
    });
    expect(colors.inputBg).not.toBe('');
    expect(colors.composerBg).not.toBe('rgba(0, 0, 0, 0)');
    await workbench.screenshot('foundation-view-open');
  });

  test('"Claude: New Chat" from the command palette opens the view ready to type', async ({
    workbench,
    page,
  }) => {
    await expect(page.locator('.part.sidebar')).toBeVisible();
    await workbench.runCommand('Claude: New Chat');
    const chat = await workbench.chatFrame();
    const composer = chat.getByRole('textbox', { name: 'Message Claude' });
    await expect(composer).toBeVisible();
    await expect(composer).toBeFocused();
    await expect(page.locator('.part.sidebar .title-label')).toContainText('Claude');
    await workbench.screenshot('foundation-new-chat');
  });
});

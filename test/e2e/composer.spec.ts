// The keyboard-first composer in real VS Code: `@` mentions of each kind (a file with a line range, a folder, a
// symbol, the problems, the selection, the terminal's last command, the uncommitted changes, a secret file that
// asks first), `/` commands (a built-in acting on the selection, a workspace prompt file with $ARGUMENTS, /new),
// files dropped on the composer, Up-recall, and the keyboard shortcut that focuses the composer from the editor.
// Each checks what the endpoint receives.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Frame } from '@playwright/test';
import { lastUserBlocks } from './endpointProcess';
import { test, expect } from './fixtures';
import { CART } from './sampleCode';
import type { Workbench } from './workbench';

test.use({
  // @terminal may read the terminal's record of the last command through the clipboard, as it would on a desktop.
  permissions: ['clipboard-read', 'clipboard-write'],
  codeServerOptions: {
    useEndpoint: true,
    // The terminal's DOM renderer, so the test can read what the terminal shows.
    settings: { 'terminal.integrated.gpuAcceleration': 'off' },
    files: {
      'src/cart.ts': CART,
      'src/broken.ts': 'export const count: number = "three";\n',
      '.env': 'API_TOKEN=not-a-real-token\n',
      '.claude/commands/review.md':
        '---\ndescription: Review a module for bugs\nargument-hint: [what]\n---\nReview $ARGUMENTS carefully.\n',
      '.github/prompts/tldr.prompt.md':
        '---\ndescription: One-line summary\n---\nSummarize this chat in one line.\n',
    },
  },
});
test.beforeEach(async ({ endpoint, workbench }) => {
  await endpoint.reset();
  await workbench.runCommand('Claude: New Chat');
  await workbench.chatFrame();
});

const composerOf = (chat: Frame) => chat.getByRole('textbox', { name: 'Message Claude' });
const suggestions = (chat: Frame) => chat.getByRole('listbox', { name: 'Suggestions' });
const chipsOf = (chat: Frame) => chat.getByRole('list', { name: 'Attached context' }).getByRole('listitem');

/** Types `text` into the composer and picks the suggestion named `pick` with Enter (it must be the active one). */
async function mention(chat: Frame, text: string, pick: string) {
  const box = composerOf(chat);
  await box.pressSequentially(text);
  const option = suggestions(chat).getByRole('option', { name: pick, exact: true });
  await expect(option).toHaveAttribute('aria-selected', 'true', { timeout: 30_000 });
  await box.press('Enter');
  await expect(suggestions(chat)).toBeHidden();
}

async function openFile(workbench: Workbench, name: string, text: string) {
  const page = workbench.page;
  await workbench.runCommand('Go to File...');
  await page.locator('.quick-input-widget input').fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().click();
  await expect(page.locator('.monaco-editor .view-lines').first()).toContainText(text);
}

test('@ a file with a line range, a folder and a secret file (which asks first): chips, and the blocks sent', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.script('Noted.');
  const chat = await workbench.chatFrame();
  const box = composerOf(chat);
  await box.click();
  await box.pressSequentially('Look at @cart:6-10');
  const first = suggestions(chat).getByRole('option').first();
  await expect(first).toHaveAccessibleName('@src/cart.ts:6-10', { timeout: 30_000 });
  await workbench.screenshot('composer-mention-list');
  await box.press('Enter');
  await expect(box).toHaveValue('Look at @src/cart.ts:6-10 ');
  await expect(chipsOf(chat)).toHaveText(['src/cart.ts:6-10']);

  await box.pressSequentially('and ');
  await mention(chat, '@src/', '@src/');
  await expect(chipsOf(chat)).toHaveText(['src/cart.ts:6-10', 'src/']);

  // A secret file asks in a modal dialog before it is attached.
  await mention(chat, '@.env', '@.env');
  const dialog = page.locator('.monaco-dialog-box');
  await expect(dialog).toContainText('.env may hold secrets');
  await workbench.screenshot('composer-secret-asks');
  await dialog.getByRole('button', { name: 'Attach' }).click();
  await expect(chipsOf(chat)).toHaveText(['src/cart.ts:6-10', 'src/', '.env']);
  await workbench.screenshot('composer-chips');

  await box.press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Noted.');
  const blocks = await lastUserBlocks(endpoint);
  const fenced = CART.split('\n').slice(5, 10).join('\n');
  expect(blocks[0]!.text).toBe(
    `From src/cart.ts (typescript, lines 6-10):\n\n\`\`\`typescript\n${fenced}\n\`\`\``,
  );
  expect(blocks[1]!.text).toContain('The files in the folder src/');
  expect(blocks[1]!.text).toContain('src/broken.ts\nsrc/cart.ts');
  expect(blocks[2]!.text).toContain('API_TOKEN=not-a-real-token');
  expect(blocks.at(-1)!.text).toBe('Look at @src/cart.ts:6-10 and @src/ @.env');
  await expect(chat.locator('article.turn.user').last().locator('.user-context [role=listitem]')).toHaveText([
    'src/cart.ts:6-10',
    'src/',
    '.env',
  ]);
});

test('@problems, @selection and @#symbol from the editor: what VS Code knows, as located blocks', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.script('Seen.');
  // The TypeScript server reports broken.ts's error once the file is open.
  await openFile(workbench, 'broken.ts', 'export const count');
  await expect(page.locator('.statusbar [aria-label*="Errors"]').first()).toHaveAttribute(
    'aria-label',
    /Errors: 1/,
    {
      timeout: 60_000,
    },
  );
  await openFile(workbench, 'cart.ts', 'export function total');
  await workbench.runCommand('Go to Line/Column...', { keepFocus: true });
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');

  const chat = await workbench.openChatView();
  await composerOf(chat).click();
  await mention(chat, '@probl', '@problems');
  await mention(chat, '@selec', '@selection');
  await mention(chat, '@#total', '@#total');
  await expect(chipsOf(chat)).toHaveText(['@problems', 'src/cart.ts:2-3', 'src/cart.ts:6-10']);
  await composerOf(chat).press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Seen.');
  const blocks = await lastUserBlocks(endpoint);
  expect(blocks[0]!.text).toMatch(
    /src\/broken\.ts:1:\d+ error: Type 'string' is not assignable to type 'number'/,
  );
  expect(blocks[1]!.text).toContain('From src/cart.ts (typescript, lines 2-3)');
  expect(blocks[2]!.text).toContain('From `total` in src/cart.ts (typescript, lines 6-10)');
});

test('@terminal takes the last command and its output; @changes the uncommitted diff', async ({
  workbench,
  endpoint,
  codeServer,
  page,
}) => {
  await endpoint.script('Got it.');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: codeServer.workspace });
  git('init', '-q');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '-A');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'start');
  writeFileSync(join(codeServer.workspace, 'src', 'cart.ts'), `${CART}// A changed line.\n`);

  await workbench.runCommand('Terminal: Create New Terminal');
  const terminal = page.locator('.terminal-wrapper.active .xterm-rows');
  await expect(terminal).toBeVisible({ timeout: 30_000 });
  await page.keyboard.type('echo "hello from the terminal $((6*7))"');
  await page.keyboard.press('Enter');
  await expect(terminal).toContainText('hello from the terminal 42');

  const chat = await workbench.openChatView();
  await composerOf(chat).click();
  await mention(chat, '@termi', '@terminal');
  await mention(chat, '@chang', '@changes');
  await expect(chipsOf(chat)).toHaveText(['@terminal', '@changes']);
  await workbench.screenshot('composer-terminal-changes');
  await composerOf(chat).press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Got it.');
  const blocks = await lastUserBlocks(endpoint);
  expect(blocks[0]!.text).toContain('the last command in the terminal');
  expect(blocks[0]!.text).toContain('$ echo "hello from the terminal $((6*7))"\nhello from the terminal 42');
  expect(blocks[1]!.text).toContain('Uncommitted changes in the repository');
  expect(blocks[1]!.text).toContain('+// A changed line.');
});

test('/ commands: the list names each, a workspace prompt file takes $ARGUMENTS, /fix acts on the selection, /new clears', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.script('Reviewed.', 'Fixed.');
  let chat = await workbench.chatFrame();
  const box = composerOf(chat);
  await box.click();
  await box.pressSequentially('/');
  const list = suggestions(chat);
  await expect(list.getByRole('option', { name: '/review' })).toBeVisible({ timeout: 30_000 });
  await expect(list.getByRole('option', { name: '/tldr' })).toBeVisible();
  await expect(list.getByRole('option', { name: '/review' })).toContainText(
    'from the workspace: .claude/commands/review.md',
  );
  await expect(list.getByRole('option', { name: '/fix' })).toContainText('Find and fix bugs');
  await workbench.screenshot('composer-slash-list');
  await box.pressSequentially('rev');
  await expect(list.getByRole('option').first()).toHaveAccessibleName('/review');
  await box.press('Tab');
  await expect(box).toHaveValue('/review ');
  await box.pressSequentially('the cart module');
  await expect(list).toBeHidden();
  await box.press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Reviewed.');
  expect((await lastUserBlocks(endpoint)).at(-1)!.text).toBe('Review the cart module carefully.');

  // /fix with lines selected in the editor: the Find Bugs prompt with the code as its located block.
  await openFile(workbench, 'cart.ts', 'export function total');
  await workbench.runCommand('Go to Line/Column...', { keepFocus: true });
  await page.keyboard.type('8');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+ArrowDown');
  chat = await workbench.openChatView();
  await composerOf(chat).fill('/fix it throws on the last item');
  await composerOf(chat).press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Fixed.');
  const blocks = await lastUserBlocks(endpoint);
  expect(blocks[0]!.text).toContain('From src/cart.ts (typescript, line 8)');
  expect(blocks[1]!.text).toMatch(/^Review this code for bugs\.[\s\S]*\n\nit throws on the last item$/);

  await composerOf(chat).fill('/new');
  await composerOf(chat).press('Enter');
  await expect(chat.locator('article.turn')).toHaveCount(0);
});

test('files dropped on the composer are attached; Up recalls the last message; the shortcut focuses the composer', async ({
  workbench,
  endpoint,
  codeServer,
  page,
}) => {
  await endpoint.script('One.');
  const chat = await workbench.chatFrame();
  // What VS Code puts in a drop from the explorer or an editor tab (a real drag needs Shift held over a webview).
  const uri = pathToFileURL(join(codeServer.workspace, 'src', 'cart.ts')).href;
  await chat.evaluate((u) => {
    const data = new DataTransfer();
    data.setData('application/vnd.code.uri-list', u);
    const form = document.querySelector('form.composer')!;
    form.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    form.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, uri);
  await expect(chipsOf(chat)).toHaveText(['src/cart.ts']);

  const box = composerOf(chat);
  await box.fill('What does this file do?');
  await box.press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('One.');
  expect((await lastUserBlocks(endpoint))[0]!.text).toContain('From the whole file src/cart.ts');
  await expect(box).toHaveValue('');
  await box.press('ArrowUp');
  await expect(box).toHaveValue('What does this file do?');
  await box.fill('');

  await openFile(workbench, 'cart.ts', 'export function total');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+Alt+KeyM');
  await expect(composerOf(await workbench.chatFrame())).toBeFocused();
});

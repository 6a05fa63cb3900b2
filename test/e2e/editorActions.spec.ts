// Editor actions: the selection goes to Claude as a block naming its path, language and line range, with the
// exact code; the answer streams into the chat view.
import type { EndpointProcess } from './endpointProcess';
import { test, expect } from './fixtures';
import { CART } from './sampleCode';
import type { Workbench } from './workbench';

test.use({ codeServerOptions: { useEndpoint: true, files: { 'src/cart.ts': CART } } });

type Content = string | { type: string; text?: string }[];
/**
 * The last user message's text blocks: the located code first, then the prompt (with prompt caching on, they
 * carry cache_control).
 */
async function lastUserBlocks(endpoint: EndpointProcess): Promise<string[]> {
  const body = (await endpoint.requests()).at(-1)?.body as { messages: { content: Content }[] };
  const content = body.messages.at(-1)?.content ?? '';
  return typeof content === 'string' ? [content] : content.map((b) => b.text ?? '');
}

async function openCart(workbench: Workbench) {
  const page = workbench.page;
  await workbench.runCommand('Go to File...');
  await page.locator('.quick-input-widget input').fill('cart.ts');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'cart.ts' }).first().click();
  const editor = page.locator('.monaco-editor .view-lines').first();
  await expect(editor).toContainText('export function total');
  return editor;
}

test('Explain from the palette sends the selected lines with path, language and range; the answer streams in', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.reset();
  await endpoint.script('This function **sums** prices, but the loop runs one step too far.');
  await openCart(workbench);
  // Select lines 6-10 (the function) with Go to Line, then Shift+Down.
  await workbench.runCommand('Go to Line/Column...', { keepFocus: true });
  await page.keyboard.type('6');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowDown');

  await workbench.runCommand('Claude: Explain Selection', { keepFocus: true });
  const chat = await workbench.chatFrame();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('runs one step too far');

  const [code, prompt] = await lastUserBlocks(endpoint);
  expect(code).toMatch(/^From src\/cart\.ts \(typescript, lines 6-10\):/);
  const fenced = CART.split('\n').slice(5, 10).join('\n');
  expect(code).toContain('```typescript\n' + fenced + '\n```');
  expect(prompt).toMatch(/^Explain this code/);
  // The question shows the prompt and a chip for the code, not the code itself.
  const question = chat.locator('article.turn.user').last();
  await expect(question.getByText('src/cart.ts:6-10')).toBeVisible();
  await expect(question).not.toContainText('sum += items[i].price');
  await workbench.screenshot('editor-explain');
});

test('with no selection, Find Bugs takes the function around the cursor', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.reset();
  await endpoint.script('Off-by-one: `<=` should be `<`.');
  await openCart(workbench);
  await workbench.runCommand('Go to Line/Column...');
  await page.keyboard.type('8');
  await page.keyboard.press('Enter');
  await workbench.runCommand('Claude: Find Bugs');
  const chat = await workbench.chatFrame();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Off-by-one');
  const [code, prompt] = await lastUserBlocks(endpoint);
  // The TypeScript language service names the symbol; without one the whole file is sent, also named.
  expect(code).toMatch(
    /From (`total` in src\/cart\.ts \(typescript, lines 6-10\)|the whole file src\/cart\.ts)/,
  );
  expect(code).toContain('for (let i = 0; i <= items.length; i++)');
  expect(prompt).toMatch(/^Review this code for bugs/);
});

test('Replace Selection from a Refactor reply: refused if the code changed, else shown as a diff, applied on Apply, undone by one Undo', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.reset();
  await endpoint.script(
    'Here it is:\n\n```ts\nexport function total(items: Item[]): number {\n  return items.reduce((sum, i) => sum + i.price * i.quantity, 0);\n}\n```\n\n- uses `reduce`, no off-by-one',
  );
  const editor = await openCart(workbench);
  await workbench.runCommand('Go to Line/Column...', { keepFocus: true });
  await page.keyboard.type('6');
  await page.keyboard.press('Enter');
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowDown');
  await workbench.runCommand('Claude: Refactor', { keepFocus: true });
  const chat = await workbench.chatFrame();
  const replace = chat.getByRole('button', { name: 'Replace Selection (src/cart.ts:6-10)' });
  await expect(replace).toBeVisible();

  // Change the code first: Replace must refuse instead of overwriting.
  await editor.click();
  await page.keyboard.press('Control+Home');
  await workbench.runCommand('Go to Line/Column...', { keepFocus: true });
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  await page.keyboard.type('// edited ');
  await replace.click();
  await expect(page.locator('.notifications-toasts')).toContainText('changed since it was sent');
  // Take the edit out again: select exactly the 10 characters typed at the start of line 7 and delete them.
  await workbench.runCommand('Go to Line/Column...');
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  for (let i = 0; i < '// edited '.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Delete');
  await expect(editor).not.toContainText('// edited');

  // Unchanged again: the diff opens, and nothing changes until Apply.
  await replace.click();
  await expect(page.locator('.monaco-diff-editor').first()).toBeVisible();
  const dialog = page.locator('.monaco-dialog-box');
  await expect(dialog).toContainText("Apply Claude's change to src/cart.ts:6-10?");
  await workbench.screenshot('editor-replace-diff');
  await dialog.getByRole('button', { name: 'Apply' }).click();
  await expect(editor).toContainText('items.reduce(');
  await expect(editor).not.toContainText('i <= items.length');
  await expect(editor).toContainText('export interface Item');

  await editor.click();
  await page.keyboard.press('Control+Z');
  await expect(editor).toContainText('i <= items.length');
  await expect(editor).not.toContainText('items.reduce(');
});

// Context for the next message: the selection, files, PDFs and images attached as chips without sending, from
// the editor's Claude submenu, the explorer's context menu and the palette; sent before the question.
import { deflateSync } from 'node:zlib';
import type { Frame, Page } from '@playwright/test';
import { lastUserBlocks } from './endpointProcess';
import { test, expect } from './fixtures';
import { CART } from './sampleCode';
import type { Workbench } from './workbench';

/** A small, valid one-page PDF (with a correct cross-reference table). */
function tinyPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    '<< /Length 44 >>\nstream\nBT /F1 18 Tf 20 40 Td (Hello PDF) Tj ET\nendstream',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** A solid-colour RGB PNG of the given size. */
function png(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([0x20, 0x90, 0x40], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PDF = tinyPdf();

test.use({
  codeServerOptions: {
    useEndpoint: true,
    files: {
      'src/cart.ts': CART,
      'docs/spec.pdf': PDF,
      'pics/wide.png': png(2000, 1000),
      'bin/blob.dat': new Uint8Array([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]),
    },
  },
});
// The tests share one VS Code: each starts from an empty conversation.
test.beforeEach(async ({ endpoint, workbench }) => {
  await endpoint.reset();
  await workbench.runCommand('Claude: New Chat');
  await workbench.chatFrame();
});

async function openCart(workbench: Workbench) {
  const page = workbench.page;
  await workbench.runCommand('Go to File...');
  await page.locator('.quick-input-widget input').fill('cart.ts');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'cart.ts' }).first().click();
  const editor = page.locator('.monaco-editor .view-lines').first();
  await expect(editor).toContainText('export function total');
  return editor;
}

async function selectLines(workbench: Workbench, from: number, count: number) {
  const page = workbench.page;
  await workbench.runCommand('Go to Line/Column...', { keepFocus: true });
  await page.keyboard.type(String(from));
  await page.keyboard.press('Enter');
  for (let i = 0; i < count; i++) await page.keyboard.press('Shift+ArrowDown');
}

/** Right-clicks a file in the explorer (revealing the explorer and the file first). */
async function explorerMenu(workbench: Workbench, path: string) {
  const page = workbench.page;
  await workbench.runCommand('View: Show Explorer');
  const parts = path.split('/');
  for (const [i, name] of parts.entries()) {
    const row = page.locator('.explorer-folders-view').getByRole('treeitem', { name, exact: true });
    await row.first().waitFor();
    if (i < parts.length - 1) {
      if ((await row.first().getAttribute('aria-expanded')) !== 'true') await row.first().click();
    } else {
      await row.first().click({ button: 'right' });
    }
  }
  return page.locator('.context-view .monaco-menu').last();
}

const menuItem = (page: Page, name: string) => page.getByRole('menuitem', { name, exact: true });

/**
 * Chooses a context-menu item. VS Code's menus ignore a click that comes right after they open (under load the
 * click is lost), so point at the item, which focuses it, and press Enter as a keyboard user would.
 */
async function choose(page: Page, name: string) {
  const item = menuItem(page, name);
  await item.hover();
  await expect(item).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(item).toBeHidden();
}

const composerOf = (chat: Frame) => chat.getByRole('textbox', { name: 'Message Claude' });

test('Add Selection to Chat from the editor Claude submenu and the palette: chips, remove, send, restore', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.script('The loop runs one step too far: `<=` should be `<`.');
  const editor = await openCart(workbench);
  await selectLines(workbench, 6, 5);

  // Editor context menu -> Claude -> Add Selection to Chat.
  // Right-click inside the selection (line 7), which keeps it.
  await editor.click({ button: 'right', position: { x: 60, y: 125 } });
  await menuItem(page, 'Claude').hover();
  await expect(menuItem(page, 'Add Selection to Chat')).toBeVisible();
  await choose(page, 'Add Selection to Chat');
  const chat = await workbench.chatFrame();
  const chips = chat.getByRole('list', { name: 'Attached context' });
  await expect(chips.getByRole('listitem')).toHaveText(['src/cart.ts:6-10']);

  // The palette attaches a second selection; removing it works.
  await editor.click();
  await selectLines(workbench, 2, 2);
  await workbench.runCommand('Claude: Add Selection to Chat', { keepFocus: true });
  await expect(chips.getByRole('listitem')).toHaveText(['src/cart.ts:6-10', 'src/cart.ts:2-3']);
  await workbench.screenshot('context-chips');
  await chat.getByRole('button', { name: 'Remove src/cart.ts:2-3' }).click();
  await expect(chips.getByRole('listitem')).toHaveText(['src/cart.ts:6-10']);
  expect(await endpoint.requests()).toHaveLength(0); // attaching never sends

  await composerOf(chat).fill('Why does this throw?');
  await composerOf(chat).press('Enter');
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('one step too far');
  await expect(chips).toBeHidden();
  const user = chat.locator('article.turn.user').last();
  await expect(user.locator('.user-context')).toHaveText('src/cart.ts:6-10');
  await expect(user.locator('.user-text')).toHaveText('Why does this throw?');

  const blocks = await lastUserBlocks(endpoint);
  expect(blocks.map((b) => b.type)).toEqual(['text', 'text']);
  const fenced = CART.split('\n').slice(5, 10).join('\n');
  expect(blocks[0]!.text).toBe(
    `From src/cart.ts (typescript, lines 6-10):\n\n\`\`\`typescript\n${fenced}\n\`\`\``,
  );
  expect(blocks[1]!.text).toBe('Why does this throw?');
  await workbench.screenshot('context-sent');

  // After a window reload the bubble still shows what was attached.
  await page.reload();
  await workbench.open(page.url());
  const restored = await workbench.openChatView();
  const bubble = restored.locator('article.turn.user').last();
  await expect(bubble.locator('.user-context')).toHaveText('src/cart.ts:6-10');
  await expect(bubble.locator('.user-text')).toHaveText('Why does this throw?');
});

test('Add File to Chat on a PDF from the explorer sends a document block; a binary file is refused', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.script('It is a one-page PDF that says hello.');
  // Only files get Add File, only images get Attach Image.
  const menu = await explorerMenu(workbench, 'docs/spec.pdf');
  await expect(menuItem(page, 'Add File to Chat')).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Explain File' })).toBeVisible();
  await expect(menu.getByRole('menuitem', { name: 'Attach Image' })).toHaveCount(0);
  await choose(page, 'Add File to Chat');
  let chat = await workbench.chatFrame();
  const chipsIn = (frame: Frame) => frame.getByRole('list', { name: 'Attached context' });
  await expect(chipsIn(chat).getByRole('listitem')).toHaveText(['docs/spec.pdf']);
  await expect(chipsIn(chat).locator('.codicon-file-pdf')).toHaveCount(1);

  // The explorer takes the side bar (the chat view is disposed); a refused file attaches nothing.
  await explorerMenu(workbench, 'bin/blob.dat');
  await choose(page, 'Add File to Chat');
  await expect(page.locator('.notifications-toasts')).toContainText('bin/blob.dat is a binary file');
  // The host holds the chips: the re-created view shows the PDF again.
  chat = await workbench.openChatView();
  await expect(chipsIn(chat).getByRole('listitem')).toHaveText(['docs/spec.pdf']);
  await workbench.screenshot('context-pdf-chip');

  // A send that fails with nothing back gives the chip back, and Retry sends it again.
  await endpoint.setFault({
    type: 'status',
    status: 401,
    errorType: 'authentication_error',
    message: 'invalid x-api-key',
  });
  await composerOf(chat).fill('What is in this document?');
  await composerOf(chat).press('Enter');
  const failed = chat.locator('article.turn.assistant').last();
  await expect(failed.getByRole('alert')).toContainText('The endpoint refused the key');
  await expect(chipsIn(chat).getByRole('listitem')).toHaveText(['docs/spec.pdf']);
  await failed.getByRole('button', { name: 'Retry' }).click();
  await expect(chat.locator('article.turn.assistant').last()).toContainText('says hello');
  await expect(chipsIn(chat)).toBeHidden();
  await expect(chat.locator('article.turn.user')).toHaveCount(1);
  const blocks = await lastUserBlocks(endpoint);
  expect(blocks.map((b) => b.type)).toEqual(['document', 'text']);
  expect(blocks[0]!.source).toEqual({
    type: 'base64',
    media_type: 'application/pdf',
    data: PDF.toString('base64'),
  });
  expect(blocks[0]!.title).toBe('docs/spec.pdf');
  await expect(chat.locator('article.turn.user').last().locator('.user-context')).toHaveText('docs/spec.pdf');
});

test('Attach Image from the explorer on a PNG sends an image block scaled to 1568 px; Add File from the palette', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.script('A green rectangle, and a cart module.');
  // The chat was open, then the explorer took its place: VS Code destroyed the chat's content, and the image the
  // command posts must wait for the content to be rebuilt (it was lost when posted at once).
  await workbench.openChatView();
  const menu = await explorerMenu(workbench, 'pics/wide.png');
  await expect(menu.getByRole('menuitem', { name: 'Attach Image' })).toBeVisible();
  await choose(page, 'Attach Image');
  const chat = await workbench.chatFrame();
  await expect(chat.locator('.attachment img[alt="pics/wide.png"]')).toBeVisible();

  // The palette's Add File takes the active editor's file.
  await openCart(workbench);
  await workbench.runCommand('Claude: Add File to Chat');
  const chips = chat.getByRole('list', { name: 'Attached context' });
  await expect(chips.getByRole('listitem')).toHaveText(['src/cart.ts']);
  await workbench.screenshot('context-image-and-file');

  await composerOf(chat).fill('Describe both.');
  await composerOf(chat).press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('green rectangle');
  const blocks = await lastUserBlocks(endpoint);
  expect(blocks.map((b) => b.type)).toEqual(['image', 'text', 'text']);
  const bytes = Buffer.from(blocks[0]!.source!.data, 'base64');
  expect(blocks[0]!.source!.media_type).toBe('image/png');
  expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1568, 784]);
  expect(blocks[1]!.text).toMatch(/^From the whole file src\/cart\.ts \(typescript, lines 1-10\):/);
  expect(blocks[2]!.text).toBe('Describe both.');
  await expect(chat.locator('article.turn.user').last()).toContainText('1 image');
});

test('New File opens a reply code block in an untitled editor; the status bar shows the busy state and stops', async ({
  workbench,
  endpoint,
  page,
}) => {
  await endpoint.script('Here:\n\n```py\nprint("hello from claude")\n```\n');
  const chat = await workbench.openChatView();
  await composerOf(chat).fill('Write hello in Python');
  await composerOf(chat).press('Enter');
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('hello from claude');
  await reply.getByRole('button', { name: 'New File' }).click();
  await expect(page.locator('.monaco-editor .view-lines').first()).toContainText(
    'print("hello from claude")',
  );
  await expect(page.locator('.tab.active')).toContainText('Untitled');
  // Language detection runs on a debounce after an untitled editor opens; it must not take the fence's language
  // away. Staying the same can only be watched, so the status bar is watched through that window.
  const python = page.locator('.statusbar-item', { hasText: 'Python' }).first();
  for (let watched = 0; watched < 3000; watched += 250) {
    await expect(python).toBeVisible({ timeout: 0 });
    await page.waitForTimeout(250);
  }
  await workbench.runCommand('View: Revert and Close Editor');

  const long = Array.from({ length: 400 }, (_, i) => `Word ${i}.`).join(' ');
  await endpoint.script({ content: [{ type: 'text', text: long }], delayMs: 25 });
  await composerOf(chat).fill('A long one');
  await composerOf(chat).press('Enter');
  const busy = page.locator('.statusbar-item', { hasText: 'Claude: answering' });
  await expect(busy).toBeVisible();
  await workbench.screenshot('status-busy');
  await busy.click();
  await expect(chat.locator('article.turn.assistant').last().locator('.reply-meta')).toContainText('Stopped');
  await expect(busy).toHaveCount(0);
});

test("Attach Image from the palette picks through VS Code's open dialog; Add File from an editor tab's menu", async ({
  workbench,
  endpoint,
  page,
  codeServer,
}) => {
  await endpoint.script('Got both.');
  await openCart(workbench);
  await page.locator('.tabs-container .tab', { hasText: 'cart.ts' }).click({ button: 'right' });
  await choose(page, 'Add File to Chat');
  const chat = await workbench.chatFrame();
  await expect(chat.getByRole('list', { name: 'Attached context' }).getByRole('listitem')).toHaveText([
    'src/cart.ts',
  ]);

  await workbench.runCommand('Claude: Attach Image');
  const input = page.locator('.quick-input-widget input');
  // VS Code's own (simple) open dialog: it first fills in the active file's folder; then type the path.
  await expect(input).toHaveValue(/\/src\/$/);
  await input.fill(`${codeServer.workspace}/pics/wide.png`);
  await expect(page.locator('.quick-input-list .monaco-list-row', { hasText: 'wide.png' })).toBeVisible();
  await input.press('Enter');
  await expect(page.locator('.quick-input-widget')).toBeHidden();
  await expect(chat.locator('.attachment img[alt="pics/wide.png"]')).toBeVisible();
  await workbench.screenshot('context-dialog-image');

  await composerOf(chat).fill('Anything?');
  await composerOf(chat).press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('Got both.');
  const blocks = await lastUserBlocks(endpoint);
  expect(blocks.map((b) => b.type)).toEqual(['image', 'text', 'text']);
});

test('the palette hides what cannot work: no selection or file actions without an editor; Add File takes several explorer files', async ({
  workbench,
  page,
}) => {
  await workbench.runCommand('View: Close All Editors');
  await expect(page.locator('.editor-group-container .tab')).toHaveCount(0);
  const offered = async (title: string) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill(`>${title}`);
    // Let the list settle on what matches: our commands, none, or (with no match) VS Code's "similar commands".
    await expect(page.locator('.quick-input-widget')).toContainText(
      /Claude:|No matching commands|similar commands/,
    );
    const n = await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).count();
    await input.press('Escape');
    return n > 0;
  };
  expect(await offered('Claude: Add Selection to Chat')).toBe(false);
  expect(await offered('Claude: Add File to Chat')).toBe(false);
  expect(await offered('Claude: Explain Selection')).toBe(false);
  expect(await offered('Claude: Attach Image')).toBe(true);

  // Two files selected in the explorer: Add File attaches both.
  await explorerMenu(workbench, 'docs/spec.pdf');
  await page.keyboard.press('Escape');
  await explorerMenu(workbench, 'src/cart.ts');
  await page.keyboard.press('Escape');
  const pdfRow = page
    .locator('.explorer-folders-view')
    .getByRole('treeitem', { name: 'spec.pdf', exact: true });
  await pdfRow.click({ modifiers: ['Control'] });
  await expect(page.locator('.explorer-folders-view [role="treeitem"][aria-selected="true"]')).toHaveCount(2);
  await pdfRow.click({ button: 'right' });
  await choose(page, 'Add File to Chat');
  const chat = await workbench.chatFrame();
  const chips = chat.getByRole('list', { name: 'Attached context' }).getByRole('listitem');
  await expect(chips).toHaveCount(2);
  await expect(chat.getByRole('list', { name: 'Attached context' })).toContainText('docs/spec.pdf');
  await expect(chat.getByRole('list', { name: 'Attached context' })).toContainText('src/cart.ts');
  for (const label of ['docs/spec.pdf', 'src/cart.ts'])
    await chat.getByRole('button', { name: `Remove ${label}` }).click();
  await expect(chat.getByRole('list', { name: 'Attached context' })).toBeHidden();
});

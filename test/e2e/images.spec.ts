// Images become image content blocks: pasted into the composer, scaled to the API's recommended size.
import { test, expect } from './fixtures';

test.use({ codeServerOptions: { useEndpoint: true } });

test('a pasted image is sent as an image block, scaled to a 1568 px long edge; a BMP is refused clearly', async ({
  workbench,
  endpoint,
}) => {
  await endpoint.reset();
  await endpoint.script('I see a wide blue picture.');
  const chat = await workbench.openChatView();
  const composer = chat.getByRole('textbox', { name: 'Message Claude' });

  // Paste a 3000x1500 PNG and a BMP the way a browser delivers a clipboard paste.
  await composer.evaluate(async (el) => {
    const canvas = new OffscreenCanvas(3000, 1500);
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#1060c0';
    ctx.fillRect(0, 0, 3000, 1500);
    const png = new File([await canvas.convertToBlob({ type: 'image/png' })], 'wide.png', {
      type: 'image/png',
    });
    const bmp = new File([new Uint8Array([0x42, 0x4d, 0, 0])], 'old.bmp', { type: 'image/bmp' });
    const data = new DataTransfer();
    data.items.add(png);
    data.items.add(bmp);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(chat.getByRole('listitem').locator('img[alt="wide.png"]')).toBeVisible();
  await expect(chat.getByText('only JPEG, PNG, GIF and WebP images can be sent')).toBeVisible();
  await expect(chat.getByRole('button', { name: 'Remove wide.png' })).toBeVisible();
  await workbench.screenshot('images-attached');

  await composer.fill('What is in this picture?');
  await composer.press('Enter');
  await expect(chat.locator('article.turn.assistant').last()).toContainText('wide blue picture');
  await expect(chat.locator('article.turn.user').last()).toContainText('1 image');
  await expect(chat.getByRole('listitem')).toHaveCount(0);

  const sent = (await endpoint.requests()).at(-1)?.body as {
    messages: { content: { type: string; source?: { media_type: string; data: string }; text?: string }[] }[];
  };
  const blocks = sent.messages.at(-1)?.content ?? [];
  expect(blocks.map((b) => b.type)).toEqual(['image', 'text']);
  const image = blocks[0]!.source!;
  expect(image.media_type).toBe('image/png');
  const bytes = Buffer.from(image.data, 'base64');
  // PNG IHDR: width and height as big-endian integers at bytes 16 and 20.
  expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1568, 784]);
});

// A session you can follow, in real Chromium on a fake host: the view follows new output unless the user scrolled
// up (then Jump to latest appears, reachable by keyboard, and brings the view back to following); finished tool
// cards fold to one line (tool and target, outcome) that opens again, while a card that asks stays open.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ToolCard } from '../../../src/shared/toolProtocol';
import { chatPerTest, init, READY } from './chatHarness';

const current = chatPerTest();
const page = () => current().page;
const composer = () => page().getByRole('textbox', { name: 'Message Claude' });
const jump = () => page().getByRole('button', { name: 'Jump to latest' });

async function startReply(text: string): Promise<string> {
  await composer().fill(text);
  await composer().press('Enter');
  const requestId = (await current().sentOf('send')).at(-1)!.requestId;
  await current().deliver({ type: 'turnStart', requestId, text, images: 0 });
  return requestId;
}

const card = (i: number, over: Partial<ToolCard> = {}): ToolCard => ({
  callId: `toolu_${i}`,
  tool: 'read_file',
  title: `Read src/f${i}.ts`,
  args: [{ label: 'path', value: `src/f${i}.ts` }],
  location: `/ws/src/f${i}.ts`,
  hasInvisible: false,
  state: 'running',
  ...over,
});

/** One tool round as the host sends it: some text, a card that runs and finishes. */
async function round(requestId: string, i: number): Promise<void> {
  await current().deliver({
    type: 'turnDelta',
    requestId,
    text: `Round ${i}: reading the next file.\n\n${'Some explanation of what was found. '.repeat(8)}\n\n`,
  });
  await current().deliver({ type: 'toolCall', requestId, card: card(i) });
  await current().deliver({
    type: 'toolUpdate',
    requestId,
    callId: `toolu_${i}`,
    state: 'done',
    result: `Read 230 lines of src/f${i}.ts`,
  });
}

const scroll = () =>
  page().evaluate(() => {
    const el = document.querySelector('main.transcript')!;
    return { top: el.scrollTop, fromEnd: el.scrollHeight - el.scrollTop - el.clientHeight };
  });

/** Scrolls the transcript up the way a wheel does (a user's scroll, with its scroll event). */
async function scrollUp(px: number): Promise<void> {
  const box = (await page().locator('main.transcript').boundingBox())!;
  await page().mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const before = (await scroll()).top;
  await page().mouse.wheel(0, -px);
  // The wheel scrolls asynchronously: wait for the move, then a frame for its scroll event.
  await page().waitForFunction((top) => document.querySelector('main.transcript')!.scrollTop < top, before);
  await page().evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

describe('following the output', () => {
  it('follows a streaming session while the user stays at the end, down to its last line', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Read every file');
    for (let i = 1; i <= 8; i++) await round(id, i);
    await current().deliver({
      type: 'turnEnd',
      requestId: id,
      info: { model: 'claude-test', stopReason: 'end_turn', canContinue: false },
    });
    const s = await scroll();
    assert.ok(s.fromEnd <= 2, `at the end (${s.fromEnd}px from it)`);
    assert.equal(await jump().isVisible(), false);
  });

  it('scrolled up while streaming: the view stays put, Jump to latest appears and brings it back', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Read every file');
    for (let i = 1; i <= 6; i++) await round(id, i);
    await scrollUp(400);
    const held = await scroll();
    assert.ok(held.fromEnd > 300, `scrolled up (${held.fromEnd}px from the end)`);
    for (let i = 7; i <= 10; i++) await round(id, i);
    const after = await scroll();
    assert.equal(after.top, held.top, 'new rounds below the fold did not move the view');
    assert.ok(after.fromEnd > held.fromEnd, 'the rounds arrived below');
    assert.equal(await jump().isVisible(), true, 'Jump to latest is offered');
    if (process.env.FOLLOW_SCREENSHOT) await page().screenshot({ path: process.env.FOLLOW_SCREENSHOT });
    await jump().click();
    assert.ok((await scroll()).fromEnd <= 2, 'at the end again');
    assert.equal(await jump().isVisible(), false);
    await round(id, 11);
    assert.ok((await scroll()).fromEnd <= 2, 'and following again');
  });

  it('Jump to latest is reached with the keyboard and hands focus to the composer', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Read every file');
    for (let i = 1; i <= 6; i++) await round(id, i);
    await scrollUp(400);
    await round(id, 7);
    assert.equal(await jump().isVisible(), true);
    await jump().focus();
    await page().keyboard.press('Enter');
    assert.ok((await scroll()).fromEnd <= 2);
    assert.equal(await jump().isVisible(), false);
    assert.equal(
      await composer().evaluate((el) => el === document.activeElement),
      true,
      'focus went to the composer, not lost',
    );
  });

  it('scrolling back down to the end follows again without the button', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Read every file');
    for (let i = 1; i <= 6; i++) await round(id, i);
    await scrollUp(400);
    await round(id, 7);
    await page().evaluate(() => {
      const el = document.querySelector('main.transcript')!;
      el.scrollTop = el.scrollHeight;
    });
    await page().waitForFunction(() => document.querySelector<HTMLElement>('.jump-latest')!.hidden);
    await round(id, 8);
    assert.ok((await scroll()).fromEnd <= 2);
  });
});

describe('tool cards fold when finished', () => {
  it('a finished card collapses to one line (tool and target, outcome) and opens again', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Read a file');
    await current().deliver({ type: 'toolCall', requestId: id, card: card(1) });
    const group = page().getByRole('group', { name: 'Tool call: Read src/f1.ts' });
    assert.equal(await group.locator('.tool-args').isVisible(), true, 'open while it runs');
    await current().deliver({
      type: 'toolUpdate',
      requestId: id,
      callId: 'toolu_1',
      state: 'done',
      result: 'Read 230 lines',
    });
    assert.equal(await group.locator('.tool-args').isVisible(), false, 'folded once done');
    const head = group.locator('.tool-head');
    assert.match(
      await head.innerText(),
      /^Read src\/f1\.ts\s*Read 230 lines\s*Done$/,
      'tool and target, outcome',
    );
    const box = (await head.boundingBox())!;
    assert.ok(box.height < 30, `one line (${box.height}px)`);
    const toggle = group.getByRole('button', { name: 'Details: Read src/f1.ts' });
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    await toggle.focus();
    await page().keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await group.locator('.tool-args').isVisible(), true, 'open again');
    assert.equal(await group.locator('.tool-result').innerText(), 'Read 230 lines');
    await head.click();
    assert.equal(await group.locator('.tool-args').isVisible(), false, 'a click on the line folds it');
  });

  it('a card that asks for approval stays open with its buttons; it folds once decided and finished', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Run the tests');
    await current().deliver({
      type: 'toolCall',
      requestId: id,
      card: card(2, {
        tool: 'run_command',
        title: 'Run npm test',
        args: [{ label: 'command', value: 'npm test' }],
        state: 'asking',
        reasons: ['Commands always ask unless allow-listed.'],
      }),
    });
    const group = page().getByRole('group', { name: 'Tool call: Run npm test' });
    assert.equal(await group.getByRole('button', { name: 'Allow', exact: true }).isVisible(), true);
    assert.equal(
      await group.getByRole('button', { name: /^Details/ }).count(),
      0,
      'no fold toggle while asking',
    );
    await current().deliver({ type: 'toolUpdate', requestId: id, callId: 'toolu_2', state: 'running' });
    await current().deliver({
      type: 'toolUpdate',
      requestId: id,
      callId: 'toolu_2',
      output: 'ok 1 - adds\n',
    });
    assert.equal(await group.locator('.tool-output').isVisible(), true, 'open while it runs');
    await current().deliver({
      type: 'toolUpdate',
      requestId: id,
      callId: 'toolu_2',
      state: 'failed',
      result: 'Exit code 1',
    });
    assert.equal(await group.locator('.tool-output').isVisible(), false);
    assert.match(await group.locator('.tool-head').innerText(), /Exit code 1/);
  });

  it('a card the user opened stays open when its state changes again', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Read');
    await current().deliver({
      type: 'toolCall',
      requestId: id,
      card: card(3, { state: 'done', result: 'ok' }),
    });
    const group = page().getByRole('group', { name: 'Tool call: Read src/f3.ts' });
    await group.getByRole('button', { name: 'Details: Read src/f3.ts' }).click();
    await current().deliver({ type: 'toolUpdate', requestId: id, callId: 'toolu_3', result: 'ok, again' });
    assert.equal(await group.locator('.tool-args').isVisible(), true);
  });
});

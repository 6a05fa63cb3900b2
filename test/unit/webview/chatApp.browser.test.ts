// The chat's components in real Chromium on a fake host: the welcome, the composer, a streaming reply, Retry,
// Continue, tool cards and a restored conversation, each checked by what the user sees and what goes to the host.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import type { HostMessage, SetupState } from '../../../src/shared/protocol';
import type { ToolCard } from '../../../src/shared/toolProtocol';
import { launch } from './browserHarness';
import { chatPage, type ChatPage } from './chatHarness';

const READY: SetupState = { ready: true, problems: [], endpoint: 'http://127.0.0.1:1', model: 'claude-test' };
const init = (setup: SetupState): HostMessage => ({ type: 'init', protocol: 1, setup });

let browser: Browser;
let chat: ChatPage;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});
beforeEach(async () => {
  await chat?.page.close();
  chat = await chatPage(browser);
});

const composer = () => chat.page.getByRole('textbox', { name: 'Message Claude' });
const lastReply = () => chat.page.locator('article.turn.assistant').last();

/** Types a question and sends it with Enter; returns the request id the chat gave it. */
async function ask(text: string): Promise<string> {
  await composer().fill(text);
  await composer().press('Enter');
  const sends = await chat.sentOf('send');
  const last = sends.at(-1);
  assert.equal(last?.text, text);
  return last.requestId;
}

async function startReply(text: string): Promise<string> {
  const requestId = await ask(text);
  await chat.deliver({ type: 'turnStart', requestId, text, images: 0 });
  return requestId;
}

describe('chat app: start and welcome', () => {
  it('says ready first; until the setup is complete the welcome names the missing step and runs it', async () => {
    assert.deepEqual((await chat.sent())[0], { type: 'ready', protocol: 1 });
    await chat.deliver(
      init({ ready: false, problems: ['noKey'], endpoint: 'https://api.anthropic.com', model: 'm' }),
    );
    await chat.page.getByRole('button', { name: 'Set API Key' }).click();
    assert.deepEqual(await chat.sentOf('runCommand'), [{ type: 'runCommand', command: 'setApiKey' }]);
    assert.equal(await chat.page.getByRole('button', { name: 'Send' }).isDisabled(), true);
    await composer().fill('too early');
    await composer().press('Enter');
    assert.deepEqual(await chat.sentOf('send'), [], 'nothing is sent before the setup is complete');
  });
});

describe('chat app: composer and a streaming reply', () => {
  it('Enter sends, Shift+Enter adds a line, an empty composer sends nothing', async () => {
    await chat.deliver(init(READY));
    await composer().press('Enter');
    assert.deepEqual(await chat.sentOf('send'), []);
    await composer().fill('line one');
    await composer().press('Shift+Enter');
    await composer().pressSequentially('line two');
    assert.deepEqual(await chat.sentOf('send'), []);
    await composer().press('Enter');
    const [send] = await chat.sentOf('send');
    assert.equal(send?.text, 'line one\nline two');
    assert.equal(await composer().inputValue(), '', 'the composer empties once sent');
  });

  it('a reply streams in; Stop (and Escape) name the running turn; the end shows usage and model', async () => {
    await chat.deliver(init(READY));
    const id = await startReply('Explain');
    const stop = chat.page.getByRole('button', { name: 'Stop' });
    assert.equal(await stop.isVisible(), true);
    assert.equal(await chat.page.getByRole('button', { name: 'Send' }).isVisible(), false);
    await chat.deliver({ type: 'turnDelta', requestId: id, text: 'It adds ' });
    await chat.deliver({ type: 'turnDelta', requestId: id, text: '**two** numbers.' });
    assert.equal(await lastReply().locator('.reply-body').innerText(), 'It adds two numbers.');
    assert.equal(await lastReply().locator('strong').innerText(), 'two');
    await composer().press('Escape');
    await stop.click();
    assert.deepEqual(await chat.sentOf('stop'), [
      { type: 'stop', requestId: id },
      { type: 'stop', requestId: id },
    ]);
    await chat.deliver({
      type: 'turnEnd',
      requestId: id,
      info: {
        model: 'claude-test',
        stopReason: 'end_turn',
        usage: { inputTokens: 12, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 },
        canContinue: false,
      },
    });
    assert.equal(await lastReply().locator('.reply-meta').innerText(), '12 in · 5 out · claude-test');
    assert.equal(await chat.page.getByRole('button', { name: 'Send' }).isVisible(), true);
  });

  it('a failed turn offers Retry, which asks again and replaces the failed exchange', async () => {
    await chat.deliver(init(READY));
    const id = await startReply('Why?');
    await chat.deliver({
      type: 'turnError',
      requestId: id,
      kind: 'auth',
      message: 'The endpoint refused the key.\nHTTP 401',
      retryable: false,
    });
    const alert = chat.page.getByRole('alert');
    assert.match(await alert.innerText(), /refused the key/);
    await alert.getByRole('button', { name: 'Retry' }).click();
    const sends = await chat.sentOf('send');
    assert.equal(sends.length, 2);
    assert.equal(sends[1]?.text, 'Why?');
    assert.notEqual(sends[1]?.requestId, id);
    assert.equal(await chat.page.locator('article.turn.user').count(), 0, 'the failed question gave way');
  });

  it('a cut reply offers Continue for its request id', async () => {
    await chat.deliver(init(READY));
    const id = await startReply('Long answer please');
    await chat.deliver({ type: 'turnDelta', requestId: id, text: 'Half of it' });
    await chat.deliver({
      type: 'turnEnd',
      requestId: id,
      info: { model: 'claude-test', stopReason: null, interrupted: 'cut', canContinue: true },
    });
    assert.match(await lastReply().locator('.reply-meta').innerText(), /^Cut off/);
    await lastReply().getByRole('button', { name: 'Continue' }).click();
    assert.deepEqual(await chat.sentOf('continue'), [{ type: 'continue', requestId: id }]);
  });
});

describe('chat app: tool cards', () => {
  const card = (over: Partial<ToolCard> = {}): ToolCard => ({
    callId: 'toolu_1',
    tool: 'run_command',
    title: 'Run npm test',
    args: [{ label: 'command', value: 'npm test' }],
    location: '/ws',
    hasInvisible: false,
    state: 'asking',
    reasons: ['Commands always ask unless allow-listed.'],
    ...over,
  });

  it('a waiting card shows the exact call and why it asks; Allow and Deny (with a reason) go to the host', async () => {
    await chat.deliver(init(READY));
    const id = await startReply('Run the tests');
    await chat.deliver({ type: 'toolCall', requestId: id, card: card() });
    const group = chat.page.getByRole('group', { name: 'Tool call: Run npm test' });
    assert.match(await group.innerText(), /npm test/);
    assert.match(await group.innerText(), /always ask/);
    await group.getByRole('button', { name: 'Allow', exact: true }).click();
    assert.deepEqual(await chat.sentOf('toolDecision'), [
      { type: 'toolDecision', requestId: id, callId: 'toolu_1', decision: 'allow' },
    ]);
    await chat.deliver({ type: 'toolUpdate', requestId: id, callId: 'toolu_1', state: 'running' });
    await chat.deliver({ type: 'toolUpdate', requestId: id, callId: 'toolu_1', output: 'ok 1 passed\n' });
    await chat.deliver({
      type: 'toolUpdate',
      requestId: id,
      callId: 'toolu_1',
      state: 'done',
      result: '[Exit code 0]',
    });
    assert.equal(await group.locator('.tool-state').innerText(), 'Done');
    assert.match(await group.locator('.tool-output').innerText(), /ok 1 passed/);
    assert.equal(await group.getByRole('button', { name: 'Allow', exact: true }).count(), 0);

    await chat.deliver({
      type: 'toolCall',
      requestId: id,
      card: card({ callId: 'toolu_2', title: 'Run rm x' }),
    });
    const second = chat.page.getByRole('group', { name: 'Tool call: Run rm x' });
    await second.getByRole('textbox', { name: 'Reason for denying' }).fill('not that file');
    await second.getByRole('button', { name: 'Deny' }).click();
    assert.deepEqual((await chat.sentOf('toolDecision'))[1], {
      type: 'toolDecision',
      requestId: id,
      callId: 'toolu_2',
      decision: 'deny',
      reason: 'not that file',
    });
  });

  it('a card left over from a finished turn sends no decision', async () => {
    await chat.deliver(init(READY));
    const id = await startReply('Run it');
    await chat.deliver({ type: 'toolCall', requestId: id, card: card() });
    await chat.deliver({
      type: 'turnEnd',
      requestId: id,
      info: { model: 'claude-test', stopReason: 'end_turn', canContinue: false },
    });
    await chat.page.getByRole('button', { name: 'Allow', exact: true }).click();
    assert.deepEqual(await chat.sentOf('toolDecision'), []);
  });
});

describe('chat app: a restored conversation', () => {
  it('shows the newest turns at once and the rest right after, in order; links go through the host', async () => {
    await chat.deliver(init(READY));
    const turns = Array.from({ length: 30 }, (_, i) => ({
      requestId: `r${i}`,
      user: `Question ${i}`,
      images: 0,
      reply: {
        text: i === 29 ? 'See [the docs](https://example.com/docs).' : `Answer ${i}`,
        info: { model: 'claude-test', stopReason: 'end_turn', canContinue: false },
      },
    }));
    await chat.deliver({ type: 'restore', title: 'Old chat', turns });
    const users = chat.page.locator('article.turn.user');
    assert.equal(await users.last().innerText(), 'You\nQuestion 29', 'the newest turn is there at once');
    await chat.page.waitForFunction(() => document.querySelectorAll('article.turn.user').length === 30);
    assert.equal(await users.first().innerText(), 'You\nQuestion 0');
    await lastReply().getByRole('link', { name: 'the docs' }).click();
    assert.deepEqual(await chat.sentOf('openLink'), [{ type: 'openLink', href: 'https://example.com/docs' }]);
  });
});

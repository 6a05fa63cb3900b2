// The chat's components in real Chromium on a fake host: the welcome, the composer, a streaming reply, Retry,
// Continue, tool cards and a restored conversation, each checked by what the user sees and what goes to the host.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ToolCard } from '../../../src/shared/toolProtocol';
import { chatPerTest, init, READY } from './chatHarness';

const current = chatPerTest();

const composer = () => current().page.getByRole('textbox', { name: 'Message Claude' });
const lastReply = () => current().page.locator('article.turn.assistant').last();

/** Types a question and sends it with Enter; returns the request id the chat gave it. */
async function ask(text: string): Promise<string> {
  await composer().fill(text);
  await composer().press('Enter');
  const sends = await current().sentOf('send');
  const last = sends.at(-1);
  assert.equal(last?.text, text);
  return last.requestId;
}

async function startReply(text: string): Promise<string> {
  const requestId = await ask(text);
  await current().deliver({ type: 'turnStart', requestId, text, images: 0 });
  return requestId;
}

describe('chat app: start and welcome', () => {
  it('says ready first; until the setup is complete the welcome names the missing step and runs it', async () => {
    assert.deepEqual((await current().sent())[0], { type: 'ready', protocol: 1 });
    await current().deliver(
      init({ ready: false, problems: ['noKey'], endpoint: 'https://api.anthropic.com', model: 'm' }),
    );
    await current().page.getByRole('button', { name: 'Set API Key' }).click();
    assert.deepEqual(await current().sentOf('runCommand'), [{ type: 'runCommand', command: 'setApiKey' }]);
    assert.equal(await current().page.getByRole('button', { name: 'Send' }).isDisabled(), true);
    await composer().fill('too early');
    await composer().press('Enter');
    assert.deepEqual(await current().sentOf('send'), [], 'nothing is sent before the setup is complete');
  });
});

describe('chat app: composer and a streaming reply', () => {
  it('Enter sends, Shift+Enter adds a line, an empty composer sends nothing', async () => {
    await current().deliver(init(READY));
    await composer().press('Enter');
    assert.deepEqual(await current().sentOf('send'), []);
    await composer().fill('line one');
    await composer().press('Shift+Enter');
    await composer().pressSequentially('line two');
    assert.deepEqual(await current().sentOf('send'), []);
    await composer().press('Enter');
    const [send] = await current().sentOf('send');
    assert.equal(send?.text, 'line one\nline two');
    assert.equal(await composer().inputValue(), '', 'the composer empties once sent');
  });

  it('a reply streams in; Stop (and Escape) name the running turn; the end shows usage and model', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Explain');
    const stop = current().page.getByRole('button', { name: 'Stop' });
    assert.equal(await stop.isVisible(), true);
    assert.equal(await current().page.getByRole('button', { name: 'Send' }).isVisible(), false);
    await current().deliver({ type: 'turnDelta', requestId: id, text: 'It adds ' });
    await current().deliver({ type: 'turnDelta', requestId: id, text: '**two** numbers.' });
    assert.equal(await lastReply().locator('.reply-body').innerText(), 'It adds two numbers.');
    assert.equal(await lastReply().locator('strong').innerText(), 'two');
    await composer().press('Escape');
    await stop.click();
    assert.deepEqual(await current().sentOf('stop'), [
      { type: 'stop', requestId: id },
      { type: 'stop', requestId: id },
    ]);
    await current().deliver({
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
    assert.equal(await current().page.getByRole('button', { name: 'Send' }).isVisible(), true);
  });

  it('a failed turn offers Retry, which asks again and replaces the failed exchange', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Why?');
    await current().deliver({
      type: 'turnError',
      requestId: id,
      kind: 'auth',
      message: 'The endpoint refused the key.\nHTTP 401',
      retryable: false,
    });
    const alert = current().page.getByRole('alert');
    assert.match(await alert.innerText(), /refused the key/);
    await alert.getByRole('button', { name: 'Retry' }).click();
    const sends = await current().sentOf('send');
    assert.equal(sends.length, 2);
    assert.equal(sends[1]?.text, 'Why?');
    assert.notEqual(sends[1]?.requestId, id);
    assert.equal(
      await current().page.locator('article.turn.user').count(),
      0,
      'the failed question gave way',
    );
  });

  it('a cut reply offers Continue for its request id', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Long answer please');
    await current().deliver({ type: 'turnDelta', requestId: id, text: 'Half of it' });
    await current().deliver({
      type: 'turnEnd',
      requestId: id,
      info: { model: 'claude-test', stopReason: null, interrupted: 'cut', canContinue: true },
    });
    assert.match(await lastReply().locator('.reply-meta').innerText(), /^Cut off/);
    await lastReply().getByRole('button', { name: 'Continue' }).click();
    assert.deepEqual(await current().sentOf('continue'), [{ type: 'continue', requestId: id }]);
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
    await current().deliver(init(READY));
    const id = await startReply('Run the tests');
    await current().deliver({ type: 'toolCall', requestId: id, card: card() });
    const group = current().page.getByRole('group', { name: 'Tool call: Run npm test' });
    assert.match(await group.innerText(), /npm test/);
    assert.match(await group.innerText(), /always ask/);
    await group.getByRole('button', { name: 'Allow', exact: true }).click();
    assert.deepEqual(await current().sentOf('toolDecision'), [
      { type: 'toolDecision', requestId: id, callId: 'toolu_1', decision: 'allow' },
    ]);
    await current().deliver({ type: 'toolUpdate', requestId: id, callId: 'toolu_1', state: 'running' });
    await current().deliver({
      type: 'toolUpdate',
      requestId: id,
      callId: 'toolu_1',
      output: 'ok 1 passed\n',
    });
    await current().deliver({
      type: 'toolUpdate',
      requestId: id,
      callId: 'toolu_1',
      state: 'done',
      result: '[Exit code 0]',
    });
    assert.equal(await group.locator('.tool-state').innerText(), 'Done');
    assert.match(await group.locator('.tool-output').innerText(), /ok 1 passed/);
    assert.equal(await group.getByRole('button', { name: 'Allow', exact: true }).count(), 0);

    await current().deliver({
      type: 'toolCall',
      requestId: id,
      card: card({ callId: 'toolu_2', title: 'Run rm x' }),
    });
    const second = current().page.getByRole('group', { name: 'Tool call: Run rm x' });
    await second.getByRole('textbox', { name: 'Reason for denying' }).fill('not that file');
    await second.getByRole('button', { name: 'Deny' }).click();
    assert.deepEqual((await current().sentOf('toolDecision'))[1], {
      type: 'toolDecision',
      requestId: id,
      callId: 'toolu_2',
      decision: 'deny',
      reason: 'not that file',
    });
  });

  it('a card left over from a finished turn sends no decision', async () => {
    await current().deliver(init(READY));
    const id = await startReply('Run it');
    await current().deliver({ type: 'toolCall', requestId: id, card: card() });
    await current().deliver({
      type: 'turnEnd',
      requestId: id,
      info: { model: 'claude-test', stopReason: 'end_turn', canContinue: false },
    });
    await current().page.getByRole('button', { name: 'Allow', exact: true }).click();
    assert.deepEqual(await current().sentOf('toolDecision'), []);
  });
});

describe('chat app: a restored conversation', () => {
  it('shows the newest turns at once and the rest right after, in order; links go through the host', async () => {
    await current().deliver(init(READY));
    const turns = Array.from({ length: 30 }, (_, i) => ({
      requestId: `r${i}`,
      user: `Question ${i}`,
      images: 0,
      reply: {
        text: i === 29 ? 'See [the docs](https://example.com/docs).' : `Answer ${i}`,
        info: { model: 'claude-test', stopReason: 'end_turn', canContinue: false },
      },
    }));
    await current().deliver({ type: 'restore', title: 'Old chat', turns });
    const users = current().page.locator('article.turn.user');
    assert.equal(await users.last().innerText(), 'You\nQuestion 29', 'the newest turn is there at once');
    await current().page.waitForFunction(() => document.querySelectorAll('article.turn.user').length === 30);
    assert.equal(await users.first().innerText(), 'You\nQuestion 0');
    await lastReply().getByRole('link', { name: 'the docs' }).click();
    assert.deepEqual(await current().sentOf('openLink'), [
      { type: 'openLink', href: 'https://example.com/docs' },
    ]);
  });
});

describe('chat app: certificate checks off (K7)', () => {
  it('while the host says checks are off, a warning stays above the conversation; it goes when they are back on', async () => {
    const warning = () =>
      current().page.getByRole('status').filter({ hasText: 'TLS certificate checks are off' });
    await current().deliver(init(READY));
    assert.equal(await warning().count(), 0);
    await current().deliver({ type: 'setupChanged', setup: { ...READY, certificateChecksOff: true } });
    await warning().waitFor({ state: 'visible' });
    assert.match((await warning().textContent()) ?? '', /claudeMessages\.tls\.rejectUnauthorized/);
    // A new chat clears notices, not this.
    await current().deliver({ type: 'clear' });
    assert.equal(await warning().isVisible(), true);
    await current().deliver({ type: 'setupChanged', setup: READY });
    await warning().waitFor({ state: 'hidden' });
  });
});

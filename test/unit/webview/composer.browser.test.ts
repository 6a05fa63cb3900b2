// The composer's keyboard-first parts in real Chromium on a fake host: the `@` and `/` suggestion list (asked for
// as the user types, named by what each option inserts, driven by arrows, Enter, Tab and Escape), Up-recall of sent
// messages, and files dropped from VS Code's explorer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Suggestion } from '../../../src/shared/composerProtocol';
import { chatPerTest, init, READY } from './chatHarness';

const current = chatPerTest(init(READY));

const composer = () => current().page.getByRole('textbox', { name: 'Message Claude' });
const list = () => current().page.getByRole('listbox', { name: 'Suggestions' });
const file = (path: string): Suggestion => ({
  insert: `@${path}`,
  label: path,
  detail: 'file',
  icon: 'file',
  mention: { kind: 'file', path },
});

/** The newest suggest the chat posted (waited for: the post follows the key). */
async function lastAsk() {
  await current().page.waitForFunction(() => window.host.sent.some((m) => m.type === 'suggest'));
  return (await current().sentOf('suggest')).at(-1)!;
}

describe('composer: @ and / suggestions', () => {
  it('@ asks the host as you type; the list is a listbox named by what each option inserts; arrows and Enter pick', async () => {
    await composer().pressSequentially('look at @sr');
    const ask = await lastAsk();
    assert.deepEqual({ ...ask, seq: 0 }, { type: 'suggest', seq: 0, trigger: 'mention', query: 'sr' });
    await current().deliver({
      type: 'suggestions',
      seq: ask.seq,
      items: [file('src/a.ts'), file('src/b.ts')],
    });
    const options = list().getByRole('option');
    assert.deepEqual(await options.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))), [
      '@src/a.ts',
      '@src/b.ts',
    ]);
    assert.equal(await composer().getAttribute('aria-activedescendant'), 'claude-suggestions-0');
    await composer().press('ArrowDown');
    assert.equal(
      await list().getByRole('option', { name: '@src/b.ts' }).getAttribute('aria-selected'),
      'true',
    );
    await composer().press('Enter');
    assert.equal(await composer().inputValue(), 'look at @src/b.ts ');
    assert.deepEqual(await current().sentOf('pickMention'), [
      { type: 'pickMention', mention: { kind: 'file', path: 'src/b.ts' } },
    ]);
    assert.deepEqual(await current().sentOf('send'), [], 'Enter picked; it did not send');
    assert.equal(await list().isVisible(), false);
    // The picked mention shows inline as a chip; a hand-typed @word does not; sending clears the marks.
    await composer().pressSequentially('and @notpicked');
    const marks = current().page.locator('.composer-highlight mark.mention-chip');
    assert.deepEqual(await marks.allTextContents(), ['@src/b.ts']);
    const [mark, box] = await Promise.all([marks.first().boundingBox(), composer().boundingBox()]);
    assert.ok(
      mark && box && mark.y >= box.y && mark.y + mark.height <= box.y + box.height,
      'the chip sits in the box',
    );
    await composer().press('Escape');
    await composer().press('Enter');
    assert.equal((await current().sentOf('send')).at(-1)?.text, 'look at @src/b.ts and @notpicked');
    assert.equal(await marks.count(), 0);
  });

  it('an answer to an older ask is ignored; Escape closes the list without stopping a reply', async () => {
    await current().deliver({ type: 'turnStart', requestId: 'r1', text: 'q', images: 0 });
    await composer().pressSequentially('@a');
    const first = await lastAsk();
    await composer().pressSequentially('b');
    await current().page.waitForFunction(
      (seq) => window.host.sent.some((m) => m.type === 'suggest' && m.seq > seq),
      first.seq,
    );
    await current().deliver({ type: 'suggestions', seq: first.seq, items: [file('stale.ts')] });
    assert.equal(await list().isVisible(), false, 'a stale answer is not shown');
    const second = await lastAsk();
    await current().deliver({ type: 'suggestions', seq: second.seq, items: [file('ab.ts')] });
    assert.equal(await list().isVisible(), true);
    await composer().press('Escape');
    assert.equal(await list().isVisible(), false);
    assert.deepEqual(await current().sentOf('stop'), [], 'Escape closed the list; the reply goes on');
  });

  it('/ as the first word lists commands; Tab inserts the command and attaches nothing', async () => {
    await composer().pressSequentially('/fi');
    const ask = await lastAsk();
    assert.equal(ask.trigger, 'command');
    assert.equal(ask.query, 'fi');
    await current().deliver({
      type: 'suggestions',
      seq: ask.seq,
      items: [{ insert: '/fix ', label: '/fix', detail: 'Find and fix bugs', icon: 'zap' }],
    });
    await composer().press('Tab');
    assert.equal(await composer().inputValue(), '/fix ');
    assert.deepEqual(await current().sentOf('pickMention'), []);
  });

  it('Enter on a command typed out in full sends it; Tab still completes it', async () => {
    await composer().pressSequentially('/new');
    const ask = await lastAsk();
    await current().deliver({
      type: 'suggestions',
      seq: ask.seq,
      items: [{ insert: '/new ', label: '/new', detail: 'Start a new chat', icon: 'zap' }],
    });
    await composer().press('Enter');
    assert.deepEqual(
      (await current().sentOf('send')).map((m) => m.text),
      ['/new'],
    );
    assert.equal(await list().isVisible(), false);
  });

  it('a click picks too, and the host’s note (no matches, still indexing) is shown', async () => {
    await composer().pressSequentially('@zz');
    let ask = await lastAsk();
    await current().deliver({
      type: 'suggestions',
      seq: ask.seq,
      items: [],
      note: 'No file or folder matches.',
    });
    assert.equal(await current().page.getByText('No file or folder matches.').isVisible(), true);
    await composer().press('Backspace');
    await current().page.waitForFunction(
      (seq) => window.host.sent.filter((m) => m.type === 'suggest').at(-1)?.seq !== seq,
      ask.seq,
    );
    ask = await lastAsk();
    await current().deliver({
      type: 'suggestions',
      seq: ask.seq,
      items: [file('zeta.ts')],
      note: 'Indexing the workspace… (10 paths so far)',
    });
    await list().getByRole('option', { name: '@zeta.ts' }).click();
    assert.equal(await composer().inputValue(), '@zeta.ts ');
    assert.equal((await current().sentOf('pickMention')).length, 1);
  });

  it('an @ inside a word (an e-mail address) asks nothing', async () => {
    await composer().pressSequentially('mail me@example.com');
    assert.deepEqual(await current().sentOf('suggest'), []);
    await composer().pressSequentially(' or @x');
    await current().page.waitForFunction(() =>
      window.host.sent.some((m) => m.type === 'suggest' && m.query === 'x'),
    );
    assert.deepEqual(
      (await current().sentOf('suggest')).map((m) => m.query),
      ['', 'x'],
      'only the @ that starts a word asks',
    );
  });
});

describe('composer: Up recalls what was sent', () => {
  it('Up in an empty box brings back the last message, again an older one, Down goes forward; kept in the view state', async () => {
    for (const text of ['first question', 'second question']) {
      await composer().fill(text);
      await composer().press('Enter');
    }
    await composer().press('ArrowUp');
    assert.equal(await composer().inputValue(), 'second question');
    await composer().press('ArrowUp');
    assert.equal(await composer().inputValue(), 'first question');
    await composer().press('ArrowDown');
    assert.equal(await composer().inputValue(), 'second question');
    await composer().press('ArrowDown');
    assert.equal(await composer().inputValue(), '');
    const state = await current().page.evaluate(() => window.host.state);
    assert.deepEqual(state, { sent: ['first question', 'second question'] });
  });

  it('Up in a box with a draft moves the caret as usual; it recalls nothing', async () => {
    await composer().fill('sent once');
    await composer().press('Enter');
    await composer().fill('a draft');
    await composer().press('ArrowUp');
    assert.equal(await composer().inputValue(), 'a draft');
  });
});

describe('composer: files dropped from VS Code', () => {
  it('a drop carrying VS Code’s URI list posts the files for the host to attach', async () => {
    await current().page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('application/vnd.code.uri-list', 'file:///ws/src/a.ts\r\nfile:///ws/README.md');
      const target = document.querySelector('form.composer')!;
      target.dispatchEvent(
        new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }),
      );
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    assert.deepEqual(await current().sentOf('dropFiles'), [
      { type: 'dropFiles', uris: ['file:///ws/src/a.ts', 'file:///ws/README.md'] },
    ]);
  });
});

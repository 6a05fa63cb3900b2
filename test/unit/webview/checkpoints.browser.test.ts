// Restore Checkpoint, Undo Restore and Edit on the user's questions, in real Chromium on a fake host: what each
// button sends, what the host's answers change in the view.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chatPerTest, init, READY } from './chatHarness';

const current = chatPerTest();
const page = () => current().page;
const composer = () => page().getByRole('textbox', { name: 'Message Claude' });
const info = { model: 'm', stopReason: 'end_turn', canContinue: false };

/** A conversation of three questions (indexes 0, 2, 4), as restored after a reload. */
async function threeTurns(): Promise<void> {
  await current().deliver(init(READY));
  await current().deliver({
    type: 'restore',
    title: 't',
    turns: [
      {
        requestId: 'c-1',
        turn: 0,
        user: 'first',
        images: 0,
        attachments: [{ kind: 'file', label: 'src/a.ts' }],
        reply: { text: 'one', info },
      },
      { requestId: 'c-3', turn: 2, user: 'second', images: 0, reply: { text: 'two', info } },
      { requestId: 'c-5', turn: 4, user: 'third', images: 0, reply: { text: 'three', info } },
    ],
  });
}

const question = (text: string) => page().locator('article.turn.user', { hasText: text });

describe('checkpoints in the view', () => {
  it('every question has Restore Checkpoint, which names its turn; Undo Restore appears after a restore and goes once used', async () => {
    await threeTurns();
    assert.equal(await page().getByRole('button', { name: 'Restore Checkpoint' }).count(), 3);
    await question('second').getByRole('button', { name: 'Restore Checkpoint' }).click();
    assert.deepEqual(await current().sentOf('restoreCheckpoint'), [{ type: 'restoreCheckpoint', turn: 2 }]);
    await current().deliver({ type: 'checkpointRestored', turn: 2, undoId: 'a1-00000000000a' });
    const undo = question('second').getByRole('button', { name: 'Undo Restore' });
    assert.equal(await undo.count(), 1);
    await undo.click();
    assert.deepEqual(await current().sentOf('undoRestore'), [
      { type: 'undoRestore', undoId: 'a1-00000000000a' },
    ]);
    await current().deliver({ type: 'restoreUndone', undoId: 'a1-00000000000a' });
    assert.equal(await page().getByRole('button', { name: 'Undo Restore' }).count(), 0);
  });

  it('a live question gets the buttons once the host names its turn', async () => {
    await current().deliver(init(READY));
    await composer().fill('live');
    await composer().press('Enter');
    const [send] = await current().sentOf('send');
    assert.ok(send);
    await current().deliver({
      type: 'turnStart',
      requestId: send.requestId,
      text: 'live',
      images: 0,
      turn: 0,
    });
    await question('live').getByRole('button', { name: 'Restore Checkpoint' }).click();
    assert.deepEqual(await current().sentOf('restoreCheckpoint'), [{ type: 'restoreCheckpoint', turn: 0 }]);
  });
});

describe('edit and resend in the view', () => {
  it('Edit puts the text in the composer and names what goes with it; Send replaces that turn; the host cuts the view there', async () => {
    await threeTurns();
    await question('first').getByRole('button', { name: 'Edit' }).click();
    assert.equal(await composer().inputValue(), 'first');
    const bar = page().locator('.composer-editing');
    assert.equal(await bar.isVisible(), true);
    assert.match(await bar.innerText(), /src\/a\.ts/);
    await composer().fill('first, better');
    await composer().press('Enter');
    const [send] = await current().sentOf('send');
    assert.equal(send?.text, 'first, better');
    assert.equal(send?.replaceTurn, 0);
    assert.equal(await bar.isVisible(), false, 'the edit ends once sent');
    // The host cuts the conversation, then the new question starts.
    await current().deliver({ type: 'truncate', turn: 0 });
    assert.equal(await page().locator('article.turn').count(), 0);
    await current().deliver({
      type: 'turnStart',
      requestId: send?.requestId ?? '',
      text: 'first, better',
      images: 0,
      turn: 0,
      attachments: [{ kind: 'file', label: 'src/a.ts' }],
    });
    assert.equal(await page().locator('article.turn.user').count(), 1);
    assert.equal(await question('first, better').count(), 1);
  });

  it('cutting at a later question keeps the earlier ones; Cancel ends an edit without sending', async () => {
    await threeTurns();
    await question('second').getByRole('button', { name: 'Edit' }).click();
    await page().getByRole('button', { name: 'Cancel Edit' }).click();
    assert.equal(await composer().inputValue(), '');
    assert.equal(await page().locator('.composer-editing').isVisible(), false);
    await composer().fill('plain');
    await composer().press('Enter');
    assert.equal((await current().sentOf('send'))[0]?.replaceTurn, undefined);
    await current().deliver({ type: 'truncate', turn: 2 });
    assert.deepEqual(await page().locator('article.turn.user .user-text').allInnerTexts(), ['first']);
    assert.equal(await page().locator('article.turn.assistant').count(), 1);
  });

  it('an edit the host sends back (its sending was cancelled) is in the composer again', async () => {
    await threeTurns();
    await current().deliver({ type: 'editTurn', turn: 2, text: 'second, edited', attachments: ['src/b.ts'] });
    assert.equal(await composer().inputValue(), 'second, edited');
    await composer().press('Enter');
    assert.equal((await current().sentOf('send'))[0]?.replaceTurn, 2);
  });
});

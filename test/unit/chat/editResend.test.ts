import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Conversation } from '../../../src/core/chat/conversation';
import { addQuestion } from '../../../src/core/chat/question';
import { snapshotOf } from '../../../src/core/chat/snapshot';
import { parseStoredConversation } from '../../../src/core/chat/storedConversation';
import { restoredTurns } from '../../../src/core/chat/restoredTurns';
import type { Compaction } from '../../../src/core/context/contextState';

const compaction = (at: number): Compaction => ({
  at,
  kind: 'cleared',
  reason: 'threshold',
  clearedBefore: Math.max(0, at - 2),
  tokensBefore: 100,
  tokensAfter: 50,
  time: 1,
});

/** q0 (with an attached file and an image) → a1 with a tool call → tool results → a3; q4 → a5; q6 → a7. */
function sample(): Conversation {
  const c = new Conversation();
  addQuestion(c, {
    text: 'first',
    images: [{ mediaType: 'image/png', data: 'iVBORw0KGgo=' }],
    context: [{ kind: 'file', label: 'src/a.ts', block: { type: 'text', text: '<file>a</file>' } }],
  });
  c.keepReply(
    [
      { type: 'text', text: 'reading' },
      { type: 'tool_use', id: 't1', name: 'read_file', input: { path: 'a' } },
    ],
    { model: 'm', stopReason: 'tool_use' },
  );
  c.messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'a' }] });
  c.keepReply([{ type: 'text', text: 'done' }], { model: 'm', stopReason: 'end_turn' });
  addQuestion(c, { text: 'second' });
  c.keepReply([{ type: 'text', text: 'two' }], { model: 'm', stopReason: 'end_turn' });
  addQuestion(c, { text: 'third' });
  c.keepReply([{ type: 'text', text: 'three' }], { model: 'm', stopReason: 'end_turn' });
  c.checkpoints['0'] = 'a1-000000000001';
  c.checkpoints['4'] = 'a1-000000000004';
  c.checkpoints['6'] = 'a1-000000000006';
  c.compactions.push(compaction(3), compaction(5), compaction(7));
  return c;
}

describe('edit and resend: the conversation is cut at the edited question', () => {
  test('questions are known by index; tool results are not questions', () => {
    const c = sample();
    assert.deepEqual(
      c.messages.map((_, i) => c.isQuestion(i)),
      [true, false, false, false, true, false, true, false],
    );
    assert.equal(c.lastQuestion(), 6);
    assert.deepEqual(
      restoredTurns(c).map((t) => t.turn),
      [0, 4, 6],
    );
  });

  test('restoring a question takes its checkpoint and every later one, oldest first', () => {
    const c = sample();
    assert.deepEqual(c.checkpointsFrom(4), ['a1-000000000004', 'a1-000000000006']);
    assert.deepEqual(c.checkpointsFrom(5), ['a1-000000000006']);
    assert.deepEqual(c.checkpointsFrom(0).length, 3);
  });

  test('cutting at the second question drops it and all after: replies, checkpoints, later compactions', () => {
    const c = sample();
    const cut = c.cutAt(4);
    assert.deepEqual(cut, { images: [], context: [] });
    assert.equal(c.messages.length, 4);
    assert.deepEqual(Object.keys(c.replies).sort(), ['1', '3']);
    assert.deepEqual(c.checkpoints, { '0': 'a1-000000000001' });
    // The compaction before reply 3 stays; those of requests past the cut go.
    assert.deepEqual(
      c.compactions.map((k) => k.at),
      [3],
    );
    // The edited question goes in where the old one was, and the stored form is valid and shows two turns.
    addQuestion(c, { text: 'second, edited' });
    assert.equal(c.lastQuestion(), 4);
    const stored = parseStoredConversation(JSON.parse(JSON.stringify(snapshotOf(c))));
    assert.equal(stored.messages.length, 5);
    assert.deepEqual(stored.checkpoints, { '0': 'a1-000000000001' });
    assert.deepEqual(
      restoredTurns(new Conversation(stored)).map((t) => t.user),
      ['first', 'second, edited'],
    );
  });

  test('cutting at the first question gives back its image and attached file, to be sent again', () => {
    const c = sample();
    const cut = c.cutAt(0);
    assert.deepEqual(cut, {
      images: [{ mediaType: 'image/png', data: 'iVBORw0KGgo=' }],
      context: [{ kind: 'file', label: 'src/a.ts', block: { type: 'text', text: '<file>a</file>' } }],
    });
    assert.equal(c.messages.length, 0);
    assert.deepEqual(c.checkpoints, {});
    assert.deepEqual(c.compactions, []);
    assert.deepEqual(c.attachments, {});
    addQuestion(c, { text: 'first, edited', ...cut });
    assert.deepEqual(restoredTurns(c)[0]?.attachments, [{ kind: 'file', label: 'src/a.ts' }]);
    assert.equal(restoredTurns(c)[0]?.images, 1);
  });

  test('a question joined to tool results: the results stay, only the question goes', () => {
    const c = new Conversation();
    addQuestion(c, { text: 'go' });
    c.keepReply([{ type: 'tool_use', id: 't1', name: 'list_files', input: {} }], {
      model: 'm',
      stopReason: 'tool_use',
    });
    c.messages.push({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: 'x' }] });
    // The turn ended after its tools ran; the next question joins the results.
    addQuestion(c, { text: 'and then?' });
    assert.equal(c.messages.length, 3);
    assert.ok(c.isQuestion(2));
    c.cutAt(2);
    assert.equal(c.messages.length, 3);
    assert.deepEqual(c.messages[2], {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: 't1', content: 'x' }],
    });
    assert.equal(c.isQuestion(2), false);
  });

  test('a reply, tool results, or an index out of range cannot be cut at', () => {
    const c = sample();
    assert.equal(c.cutAt(1), undefined);
    assert.equal(c.cutAt(2), undefined);
    assert.equal(c.cutAt(99), undefined);
    assert.equal(c.messages.length, 8);
  });

  test('a stored checkpoint id that is not one is dropped on load; the conversation opens', () => {
    const c = sample();
    const raw = JSON.parse(JSON.stringify(snapshotOf(c))) as { checkpoints: Record<string, string> };
    raw.checkpoints['0'] = '../../etc/passwd';
    const loaded = new Conversation(parseStoredConversation(raw));
    assert.deepEqual(loaded.checkpoints, { '4': 'a1-000000000004', '6': 'a1-000000000006' });
  });
});

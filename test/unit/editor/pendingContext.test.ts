import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PendingContext, toBlocks } from '../../../src/core/editor/pendingContext';
import type { ContextItem } from '../../../src/core/editor/contextItems';
import { MAX_CONTEXT_ITEMS } from '../../../src/shared/protocol';

const item = (label: string): ContextItem => ({
  kind: 'code',
  label,
  detail: label,
  block: { type: 'text', text: `From ${label}` },
});

test('chips in attach order; the same thing attached twice is one chip; every change is announced', () => {
  let changes = 0;
  const p = new PendingContext(() => changes++);
  p.add(item('a.ts:1-2'));
  p.add(item('b.ts:3'));
  p.add(item('a.ts:1-2'));
  assert.deepEqual(
    p.chips().map((c) => c.label),
    ['b.ts:3', 'a.ts:1-2'],
  );
  assert.equal(changes, 3);
  p.remove(p.chips()[0]!.id);
  assert.deepEqual(
    p.chips().map((c) => c.label),
    ['a.ts:1-2'],
  );
  p.remove('no-such-id');
  assert.equal(changes, 4);
});

test('Send takes only the ids still shown; a message that was not sent gets them back, first', () => {
  const p = new PendingContext(() => {});
  p.add(item('a'));
  p.add(item('b'));
  p.add(item('c'));
  const [a, , c] = p.chips();
  const taken = p.take([c!.id, a!.id, 'stale-id']);
  assert.deepEqual(
    toBlocks(taken).map((b) => b.label),
    ['a', 'c'],
  );
  assert.deepEqual(
    p.chips().map((x) => x.label),
    ['b'],
  );
  p.add(item('d'));
  p.restore(taken);
  assert.deepEqual(
    p.chips().map((x) => x.label),
    ['a', 'c', 'b', 'd'],
  );
});

test('at most MAX_CONTEXT_ITEMS items, refused with a reason', () => {
  const p = new PendingContext(() => {});
  for (let i = 0; i < MAX_CONTEXT_ITEMS; i++) assert.ok(p.add(item(`f${i}`)).ok);
  const r = p.add(item('one more'));
  assert.ok(!r.ok && /At most 50 items/.test(r.message));
});

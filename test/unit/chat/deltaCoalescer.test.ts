import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeltaCoalescer, type CoalescedDelta } from '../../../src/core/chat/deltaCoalescer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('many deltas within one interval become one post carrying only the new text', async () => {
  const posts: CoalescedDelta[] = [];
  const c = new DeltaCoalescer((d) => posts.push(d), 20);
  for (let i = 0; i < 50; i++) c.pushText(`${i},`);
  c.pushThinking('hmm');
  assert.equal(posts.length, 0, 'nothing is posted synchronously');
  await sleep(40);
  assert.equal(posts.length, 1);
  assert.equal(posts[0]?.text, Array.from({ length: 50 }, (_, i) => `${i},`).join(''));
  assert.equal(posts[0]?.thinking, 'hmm');
  c.pushText('next');
  await sleep(40);
  assert.deepEqual(posts[1], { text: 'next', thinking: '' }, 'the second post does not repeat the first');
});

test('a 100 KB reply in 20-character deltas posts well under 200 KB in total', async () => {
  let bytes = 0;
  let posts = 0;
  const c = new DeltaCoalescer((d) => {
    posts++;
    bytes += JSON.stringify(d).length;
  }, 5);
  const delta = 'abcdefghij klmnopqr '; // 20 characters
  for (let i = 0; i < 5000; i++) {
    c.pushText(delta);
    if (i % 100 === 0) await sleep(1);
  }
  c.flush();
  assert.ok(bytes < 200_000 && bytes >= 100_000, `posted ${bytes} bytes`);
  assert.ok(posts < 5000 / 10, `posted ${posts} times`);
});

test('flush emits at once and cancels the timer; dispose drops pending text', async () => {
  const posts: CoalescedDelta[] = [];
  const c = new DeltaCoalescer((d) => posts.push(d), 1000);
  c.pushText('a');
  c.flush();
  assert.deepEqual(posts, [{ text: 'a', thinking: '' }]);
  c.flush();
  assert.equal(posts.length, 1, 'an empty flush posts nothing');
  c.pushText('b');
  c.dispose();
  await sleep(20);
  assert.equal(posts.length, 1);
});

// The coalescer's timing with Node's mock timers: what is posted when is decided by the clock it is given, not by
// how fast this machine happens to run.
import { beforeEach, afterEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { DeltaCoalescer, type CoalescedDelta } from '../../../src/core/chat/deltaCoalescer';

beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

test('many deltas within one interval become one post carrying only the new text', () => {
  const posts: CoalescedDelta[] = [];
  const c = new DeltaCoalescer((d) => posts.push(d), 20);
  for (let i = 0; i < 50; i++) c.pushText(`${i},`);
  c.pushThinking('hmm');
  assert.equal(posts.length, 0, 'nothing is posted synchronously');
  mock.timers.tick(19);
  assert.equal(posts.length, 0, 'nor before the interval is over');
  mock.timers.tick(1);
  assert.equal(posts.length, 1);
  assert.equal(posts[0]?.text, Array.from({ length: 50 }, (_, i) => `${i},`).join(''));
  assert.equal(posts[0]?.thinking, 'hmm');
  c.pushText('next');
  mock.timers.tick(20);
  assert.deepEqual(posts[1], { text: 'next', thinking: '' }, 'the second post does not repeat the first');
  mock.timers.tick(100);
  assert.equal(posts.length, 2, 'no post without new text');
});

test('a 100 KB reply in 20-character deltas, 100 deltas per frame, posts well under 200 KB in total', () => {
  let bytes = 0;
  let posts = 0;
  const c = new DeltaCoalescer((d) => {
    posts++;
    bytes += JSON.stringify(d).length;
  }, 16);
  const delta = 'abcdefghij klmnopqr '; // 20 characters
  for (let i = 0; i < 5000; i++) {
    c.pushText(delta);
    if (i % 100 === 99) mock.timers.tick(16);
  }
  c.flush();
  assert.equal(posts, 50, 'one post per frame');
  assert.ok(bytes < 200_000 && bytes >= 100_000, `posted ${bytes} bytes`);
});

test('flush emits at once and cancels the timer; dispose drops pending text', () => {
  const posts: CoalescedDelta[] = [];
  const c = new DeltaCoalescer((d) => posts.push(d), 1000);
  c.pushText('a');
  c.flush();
  assert.deepEqual(posts, [{ text: 'a', thinking: '' }]);
  mock.timers.tick(1000);
  assert.equal(posts.length, 1, 'the cancelled timer posts nothing');
  c.flush();
  assert.equal(posts.length, 1, 'an empty flush posts nothing');
  c.pushText('b');
  c.dispose();
  mock.timers.tick(1000);
  assert.equal(posts.length, 1);
});

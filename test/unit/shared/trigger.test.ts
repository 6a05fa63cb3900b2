import { test } from 'node:test';
import assert from 'node:assert/strict';
import { triggerAt } from '../../../src/shared/trigger';

/** The text with `|` marking the caret. */
function at(marked: string) {
  const caret = marked.indexOf('|');
  return triggerAt(marked.replace('|', ''), caret);
}

test('an @ at the start of a word is a mention; the query runs to the caret, the pick replaces the whole word', () => {
  assert.deepEqual(at('look at @src/ap|p.ts please'), {
    kind: 'mention',
    query: 'src/ap',
    start: 8,
    end: 19,
  });
  assert.deepEqual(at('@|'), { kind: 'mention', query: '', start: 0, end: 1 });
  assert.deepEqual(at('see (@#rend|'), { kind: 'mention', query: '#rend', start: 5, end: 11 });
  assert.deepEqual(at('line\n@a.ts:3-|'), { kind: 'mention', query: 'a.ts:3-', start: 5, end: 13 });
});

test('an @ inside a word (an e-mail address), or a word already ended by a space, is not a mention', () => {
  assert.equal(at('mail me@ho|st'), undefined);
  assert.equal(at('@src/app.ts |'), undefined);
  assert.equal(at('plain words|'), undefined);
  assert.equal(at(''), undefined);
});

test('a / is a command only as the first word of the message', () => {
  assert.deepEqual(at('/fi|'), { kind: 'command', query: 'fi', start: 0, end: 3 });
  assert.deepEqual(at('  /|'), { kind: 'command', query: '', start: 2, end: 3 });
  assert.equal(at('run /usr/bi|'), undefined);
  assert.equal(at('/fix now|'), undefined);
});

test('the caret outside the text, or a word longer than any path, triggers nothing', () => {
  assert.equal(triggerAt('@a', 5), undefined);
  assert.equal(triggerAt('@a', -1), undefined);
  const long = `@${'x'.repeat(5000)}`;
  assert.equal(triggerAt(long, long.length), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Mention, mentionText, parseMentionQuery } from '../../../src/shared/mentions';

test('a path with :N or :N-M asks for those lines; reversed ranges are put in order', () => {
  assert.deepEqual(parseMentionQuery('src/app.ts:10-20'), {
    kind: 'path',
    path: 'src/app.ts',
    range: { start: 10, end: 20 },
  });
  assert.deepEqual(parseMentionQuery('app.ts:7'), {
    kind: 'path',
    path: 'app.ts',
    range: { start: 7, end: 7 },
  });
  assert.deepEqual(parseMentionQuery('app.ts:20-10'), {
    kind: 'path',
    path: 'app.ts',
    range: { start: 10, end: 20 },
  });
});

test('a half-typed or impossible range is part of the path being typed', () => {
  assert.deepEqual(parseMentionQuery('app.ts:'), { kind: 'path', path: 'app.ts:' });
  assert.deepEqual(parseMentionQuery('app.ts:0'), { kind: 'path', path: 'app.ts:0' });
  assert.deepEqual(parseMentionQuery(':12'), { kind: 'path', path: ':12' });
  assert.deepEqual(parseMentionQuery('C:'), { kind: 'path', path: 'C:' });
});

test('# asks for a symbol', () => {
  assert.deepEqual(parseMentionQuery('#render'), { kind: 'symbol', name: 'render' });
  assert.deepEqual(parseMentionQuery('#'), { kind: 'symbol', name: '' });
});

test('a picked mention leaves its text in the message', () => {
  assert.equal(mentionText({ kind: 'file', path: 'src/a.ts' }), '@src/a.ts');
  assert.equal(mentionText({ kind: 'file', path: 'src/a.ts', range: { start: 3, end: 9 } }), '@src/a.ts:3-9');
  assert.equal(mentionText({ kind: 'file', path: 'a.ts', range: { start: 4, end: 4 } }), '@a.ts:4');
  assert.equal(mentionText({ kind: 'folder', path: 'src' }), '@src/');
  assert.equal(mentionText({ kind: 'folder', path: 'src/' }), '@src/');
  assert.equal(
    mentionText({ kind: 'symbol', name: 'render', path: 'a.ts', range: { start: 1, end: 2 } }),
    '@#render',
  );
  assert.equal(mentionText({ kind: 'problems' }), '@problems');
  assert.equal(mentionText({ kind: 'problems', path: 'src/a.ts' }), '@problems:src/a.ts');
  assert.equal(mentionText({ kind: 'terminal' }), '@terminal');
});

test('a picked mention from the webview is validated: kinds, paths and ranges within bounds, nothing extra', () => {
  const ok = (v: unknown) => Mention.safeParse(v).success;
  assert.ok(ok({ kind: 'file', path: 'a.ts', range: { start: 1, end: 2 } }));
  assert.ok(ok({ kind: 'problems' }));
  assert.ok(ok({ kind: 'problems', path: 'a.ts' }));
  assert.ok(!ok({ kind: 'selection', path: 'a.ts' }), 'selection takes no path');
  assert.ok(!ok({ kind: 'file', path: '' }));
  assert.ok(!ok({ kind: 'file', path: 'a.ts', range: { start: 0, end: 2 } }));
  assert.ok(!ok({ kind: 'file', path: 'a.ts', extra: 1 }));
  assert.ok(!ok({ kind: 'shell', command: 'rm -rf /' }));
  assert.ok(!ok({ kind: 'symbol', name: 'x', path: 'a.ts' }), 'a symbol needs its lines');
});

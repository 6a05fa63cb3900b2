import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allCommands,
  BUILTIN_COMMANDS,
  matchCommands,
  parseCommand,
} from '../../../src/core/composer/slashCommands';
import type { PromptFile } from '../../../src/core/composer/promptFiles';

const prompt = (name: string, source: 'workspace' | 'user'): PromptFile => ({
  name,
  description: `${source} ${name}`,
  body: 'x',
  source,
  origin: `${name}.md`,
});

test('built-ins come first; the user’s own prompt wins over a workspace one of the same name; no prompt shadows a built-in', () => {
  const all = allCommands([
    prompt('review', 'workspace'),
    prompt('review', 'user'),
    prompt('fix', 'workspace'),
  ]);
  assert.deepEqual(
    all.map((c) => c.name),
    [...BUILTIN_COMMANDS.map((c) => c.name), 'review'],
  );
  assert.equal(all.at(-1)?.source, 'user');
});

test('matching: names starting with the query first, then names containing it', () => {
  const all = allCommands([prompt('prefix-test', 'workspace'), prompt('unittests', 'user')]);
  assert.deepEqual(
    matchCommands('doc', all, 10).map((c) => c.name),
    ['docs'],
  );
  assert.deepEqual(
    matchCommands('test', all, 10).map((c) => c.name),
    ['tests', 'unittests', 'prefix-test'],
  );
  assert.equal(matchCommands('', all, 3).length, 3);
});

test('parsing a sent message: the command and what follows it', () => {
  assert.deepEqual(parseCommand('/fix the off-by-one\nin line 3'), {
    name: 'fix',
    args: 'the off-by-one\nin line 3',
  });
  assert.deepEqual(parseCommand('  /frontend:component  '), { name: 'frontend:component', args: '' });
  assert.equal(parseCommand('please /fix'), undefined);
  assert.equal(parseCommand('/'), undefined);
  assert.equal(parseCommand('/usr/bin/env is odd'), undefined);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expandPrompt, parsePromptFile, promptName } from '../../../src/core/composer/promptFiles';

test('names: VS Code prompt files by their stem, Claude Code commands with their subfolder', () => {
  assert.equal(promptName('github', 'fix-issue.prompt.md'), 'fix-issue');
  assert.equal(promptName('github', 'notes.md'), undefined);
  assert.equal(promptName('github', 'sub/x.prompt.md'), undefined);
  assert.equal(promptName('claude', 'review.md'), 'review');
  assert.equal(promptName('claude', 'frontend/component.md'), 'frontend:component');
  assert.equal(promptName('claude', 'has space.md'), undefined);
  assert.equal(promptName('claude', 'readme.txt'), undefined);
});

test('front matter gives description and argument hint, even where it is not valid YAML', () => {
  const p = parsePromptFile(
    '---\nallowed-tools: Bash(git add:*)\nargument-hint: [pr-number] [priority]\ndescription: "Review a PR"\n---\nReview PR #$1 with priority $2.\n',
    { name: 'review', source: 'workspace', origin: '.claude/commands/review.md' },
  );
  assert.equal(p.description, 'Review a PR');
  assert.equal(p.argumentHint, '[pr-number] [priority]');
  assert.equal(p.body, 'Review PR #$1 with priority $2.');
  assert.equal(p.source, 'workspace');
});

test('without front matter the first line describes the prompt; a BOM and CRLF are fine', () => {
  const p = parsePromptFile('\uFEFF# Explain like I am new\r\n\r\nExplain $ARGUMENTS.', {
    name: 'eli5',
    source: 'user',
    origin: 'eli5.md',
  });
  assert.equal(p.description, 'Explain like I am new');
  assert.equal(p.argumentHint, undefined);
  const q = parsePromptFile('---\r\ndescription: Tidy\r\n---\r\nTidy it.', {
    name: 't',
    source: 'user',
    origin: 't.md',
  });
  assert.equal(q.description, 'Tidy');
  assert.equal(q.body, 'Tidy it.');
});

test('$ARGUMENTS and ${input:...} take the whole argument text, $1..$9 its words', () => {
  assert.equal(expandPrompt('Fix issue $ARGUMENTS now', '123 in parser'), 'Fix issue 123 in parser now');
  assert.equal(expandPrompt('Name: ${input:name:a name}', 'Ada Lovelace'), 'Name: Ada Lovelace');
  assert.equal(expandPrompt('PR $1, priority $2, $3.', '42 high'), 'PR 42, priority high, .');
  assert.equal(expandPrompt('Price $10', ''), 'Price $10');
});

test('a prompt with no placeholder gets the arguments after it; with none, it is sent as written', () => {
  assert.equal(expandPrompt('Review the diff.', 'focus on errors'), 'Review the diff.\n\nfocus on errors');
  assert.equal(expandPrompt('Review the diff.', '  '), 'Review the diff.');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildUserTurn, userPart } from '../../../src/core/chat/userTurn';

const code = {
  kind: 'code' as const,
  label: 'src/a.ts:1-2',
  block: { type: 'text' as const, text: 'From src/a.ts…' },
};
const pdf = {
  kind: 'pdf' as const,
  label: 'docs/spec.pdf',
  block: {
    type: 'document' as const,
    source: { type: 'base64' as const, media_type: 'application/pdf' as const, data: 'JVBERi0=' },
    title: 'docs/spec.pdf',
  },
};
const image = { mediaType: 'image/png' as const, data: 'iVBORw0KGgo=' };

test('plain text stays a string', () => {
  assert.deepEqual(buildUserTurn({ text: 'hi' }), { content: 'hi', attachments: [] });
});

test('images, then documents, then attached code, then the question; attachments remember their blocks', () => {
  const { content, attachments } = buildUserTurn({
    text: 'What is wrong?',
    images: [image],
    context: [code, pdf],
  });
  assert.ok(Array.isArray(content));
  assert.deepEqual(
    content.map((b) => b.type),
    ['image', 'document', 'text', 'text'],
  );
  assert.deepEqual(attachments, [
    { kind: 'pdf', label: 'docs/spec.pdf', block: 1 },
    { kind: 'code', label: 'src/a.ts:1-2', block: 2 },
  ]);
  const last = content[3];
  assert.equal(last?.type === 'text' && last.text, 'What is wrong?');
  // The transcript shows the question and the pasted image, not the attached blocks.
  assert.deepEqual(userPart({ role: 'user', content }, attachments), { text: 'What is wrong?', images: 1 });
});

test('context alone (no question) is a valid turn', () => {
  const { content, attachments } = buildUserTurn({ text: '  ', context: [code] });
  assert.deepEqual(content, [code.block]);
  assert.equal(attachments.length, 1);
  assert.deepEqual(userPart({ role: 'user', content }, attachments), { text: '', images: 0 });
});

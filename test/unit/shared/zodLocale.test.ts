// Schemas speak zod's own English (zod/mini alone says only "Invalid input"), wherever they are first imported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod/mini';
import { WebviewMessage } from '../../../src/shared/protocol';

test('schemas use zod\'s English messages, not the bare "Invalid input"', () => {
  const r = z.strictObject({ id: z.string().check(z.maxLength(3)) }).safeParse({ id: 'toolong', x: 1 });
  assert.equal(r.success, false);
  assert.deepEqual(
    r.error?.issues.map((i) => i.message),
    ['Too big: expected string to have <=3 characters', 'Unrecognized key: "x"'],
  );
});

test('a protocol message with a wrong field names what is wrong', () => {
  const r = WebviewMessage.safeParse({ type: 'stop', requestId: 7 });
  assert.equal(r.success, false);
  assert.match(r.error?.issues[0]?.message ?? '', /expected string, received number/);
});

// The hand-kept English messages say exactly what zod's own English locale says, for every kind of issue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as locales from 'zod/locales';
import * as z from 'zod/mini';
import { englishMessage } from '../../../src/shared/zodLocale';

const zodEnglish = locales.en().localeError as (issue: unknown) => string | { message: string };
const text = (m: string | { message: string }) => (typeof m === 'string' ? m : m.message);

const issues: Record<string, unknown>[] = [
  { code: 'invalid_type', expected: 'string', input: 3 },
  { code: 'invalid_type', expected: 'number', input: Number.NaN },
  { code: 'invalid_type', expected: 'number', input: Number.POSITIVE_INFINITY },
  { code: 'invalid_type', expected: 'object', input: null },
  { code: 'invalid_type', expected: 'array', input: undefined },
  { code: 'invalid_type', expected: 'string', input: [1] },
  { code: 'invalid_type', expected: 'nan', input: 1 },
  { code: 'invalid_value', values: ['ready'] },
  { code: 'invalid_value', values: ['copy', 'insert', 2, true] },
  { code: 'too_big', origin: 'string', maximum: 64, inclusive: true },
  { code: 'too_big', origin: 'array', maximum: 20, inclusive: false },
  { code: 'too_big', origin: 'number', maximum: 1, inclusive: true },
  { code: 'too_big', origin: 'string', maximum: 4, exact: true },
  { code: 'too_small', origin: 'string', minimum: 1, inclusive: true },
  { code: 'too_small', origin: 'number', minimum: 0, inclusive: false },
  { code: 'too_small', origin: 'bigint', minimum: 10n, inclusive: true },
  { code: 'invalid_format', format: 'regex', pattern: '/^[a-z]+$/' },
  { code: 'invalid_format', format: 'starts_with', prefix: 'sk-' },
  { code: 'invalid_format', format: 'ends_with', suffix: '.ts' },
  { code: 'invalid_format', format: 'includes', includes: '@' },
  { code: 'not_multiple_of', divisor: 5 },
  { code: 'unrecognized_keys', keys: ['extra'] },
  { code: 'unrecognized_keys', keys: ['a', 'b'] },
  { code: 'invalid_key', origin: 'record' },
  { code: 'invalid_union' },
  { code: 'invalid_union', options: ['text', 'image'] },
  { code: 'invalid_union', inclusive: false },
  { code: 'invalid_element', origin: 'map' },
  { code: 'custom' },
];

test("every issue reads as zod's English locale says it", () => {
  for (const issue of issues)
    assert.equal(
      englishMessage(issue),
      text(zodEnglish(issue)),
      JSON.stringify(issue, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)),
    );
});

test('schemas use these messages (not the bare "Invalid input")', () => {
  const r = z.strictObject({ id: z.string().check(z.maxLength(3)) }).safeParse({ id: 'toolong', x: 1 });
  assert.equal(r.success, false);
  assert.deepEqual(
    r.error?.issues.map((i) => i.message),
    ['Too big: expected string to have <=3 characters', 'Unrecognized key: "x"'],
  );
});

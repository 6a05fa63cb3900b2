// zod/mini registers no locale, so every issue would read just "Invalid input". These are zod's English messages
// (zod/locales/en) for the checks this project's schemas use, written out here because the full English locale,
// mostly names of string formats we never check, cost the 200 KB host bundle 2.6 KB (performance.md 4).
// Imported for its side effect by every module that defines schemas; the setting is global and idempotent.
import * as z from 'zod/mini';

/** The fields of a zod issue these messages read (zod's own issue types are a union too wide to name here). */
interface RawIssue {
  code?: string;
  expected?: string;
  input?: unknown;
  values?: unknown[];
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
  exact?: boolean;
  format?: string;
  pattern?: string;
  prefix?: string;
  suffix?: string;
  includes?: string;
  divisor?: number;
  keys?: string[];
  options?: unknown[];
}

const UNITS: Record<string, string> = {
  string: 'characters',
  file: 'bytes',
  array: 'items',
  set: 'items',
  map: 'entries',
};

function typeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? 'number' : String(v);
  return typeof v;
}

const shown = (v: unknown) =>
  typeof v === 'bigint' ? `${v}n` : typeof v === 'string' ? `"${v}"` : `${String(v)}`;

function size(issue: RawIssue, word: string, bound: number | bigint | undefined, adj: string): string {
  const unit = UNITS[issue.origin ?? ''];
  const what = issue.origin ?? 'value';
  return unit
    ? `${word}: expected ${what} to have ${adj}${String(bound)} ${unit}`
    : `${word}: expected ${what} to be ${adj}${String(bound)}`;
}

export function englishMessage(issue: RawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${issue.expected === 'nan' ? 'NaN' : issue.expected}, received ${typeOf(issue.input)}`;
    case 'invalid_value': {
      const values = issue.values ?? [];
      return values.length === 1
        ? `Invalid input: expected ${shown(values[0])}`
        : `Invalid option: expected one of ${values.map(shown).join('|')}`;
    }
    case 'too_big':
      return size(issue, 'Too big', issue.maximum, issue.exact ? 'exactly ' : issue.inclusive ? '<=' : '<');
    case 'too_small':
      return size(issue, 'Too small', issue.minimum, issue.exact ? 'exactly ' : issue.inclusive ? '>=' : '>');
    case 'invalid_format':
      if (issue.format === 'starts_with') return `Invalid string: must start with "${issue.prefix}"`;
      if (issue.format === 'ends_with') return `Invalid string: must end with "${issue.suffix}"`;
      if (issue.format === 'includes') return `Invalid string: must include "${issue.includes}"`;
      if (issue.format === 'regex') return `Invalid string: must match pattern ${issue.pattern}`;
      return `Invalid ${issue.format}`;
    case 'not_multiple_of':
      return `Invalid number: must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys': {
      const keys = issue.keys ?? [];
      return `Unrecognized key${keys.length > 1 ? 's' : ''}: ${keys.map(shown).join(', ')}`;
    }
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`;
    case 'invalid_union':
      if (issue.options?.length)
        return `Invalid discriminator value. Expected ${issue.options.map((o) => `'${String(o)}'`).join(' | ')}`;
      return issue.inclusive === false ? 'Invalid input: more than one option matched' : 'Invalid input';
    case 'invalid_element':
      return `Invalid value in ${issue.origin}`;
    default:
      return 'Invalid input';
  }
}

z.config({ localeError: (issue) => englishMessage(issue as RawIssue) });

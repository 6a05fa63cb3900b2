// The key is redacted from error text and logs not only as itself but as any run of 12 or more of its characters
// (an endpoint echoing a prefix) and in the encodings endpoints echo it in: base64 (alone, in a Basic auth echo,
// as `Bearer <key>`), base64url and URL-encoding (docs/threat-model.md, K1).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/messages/errors';
import { redact } from '../../../src/core/messages/redact';
import { echoKey } from '../../support/endpoint/faultResponses';
import type { EchoForm } from '../../support/endpoint/types';
import { ask, clientFor, rejection, useEndpoint } from './helpers';

/** As long as a real Anthropic key, same alphabet. */
const LONG_KEY =
  'sk-ant-api03-Zq3_xY7-Lm9pQ2rS8tUv4wX1yZ0aB6cD5eF3gH2iJ1kL0mN9oP8qR7sT6uV5wX4yZ3aB2cD1eF0gH9iJ8kL7mN6oP5-AbCdEfAA';
/** A gateway token with the characters URL-encoding changes. */
const TOKEN_KEY = 'gw1/Kx+9fQ2mZt7=Lp4Rw8/Vb3+Nd6Hs0=Jc5Yq1+';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** Any run of `n` characters of the key, in `text` itself or in what any base64 or URL-encoded piece of it decodes to. */
function revealsKey(text: string, key: string, n = 12): boolean {
  const views = [text];
  try {
    views.push(decodeURIComponent(text));
  } catch {
    /* not URL-encoded */
  }
  for (const token of views.flatMap((v) => v.match(/[A-Za-z0-9+/_-]{8,}/g) ?? [])) {
    // The token may be cut anywhere: try every alignment.
    for (let k = 0; k < 4; k++) {
      views.push(Buffer.from(token.slice(k), 'base64').toString('latin1'));
      views.push(Buffer.from(token.slice(k), 'base64url').toString('latin1'));
    }
  }
  for (let i = 0; i + n <= key.length; i++) {
    const run = key.slice(i, i + n);
    if (views.some((v) => v.includes(run))) return true;
  }
  return false;
}

describe('redact: runs and encodings of the key (K1)', () => {
  test('the key itself, and any run of 12 or more of its characters: prefix, suffix, middle', () => {
    for (const piece of [LONG_KEY, LONG_KEY.slice(0, 24), LONG_KEY.slice(-16), LONG_KEY.slice(40, 52)]) {
      const out = redact(`before ${piece} after`, [LONG_KEY]);
      assert.equal(out, 'before [redacted] after', piece);
    }
  });

  test('shorter runs and unrelated text stay as they are', () => {
    const text = `status 401: invalid key ${LONG_KEY.slice(20, 31)} for model claude-sonnet-4-5`;
    assert.equal(redact(text, [LONG_KEY]), text);
  });

  test('base64, base64url, Basic (user:key), Bearer-in-base64, and a base64 prefix of the key', () => {
    const forms = {
      base64: b64(LONG_KEY),
      base64url: Buffer.from(LONG_KEY).toString('base64url'),
      basic: `Basic ${b64(`user:${LONG_KEY}`)}`,
      bearer: b64(`Bearer ${LONG_KEY}`),
      prefix: `Basic ${b64(`apikey:${LONG_KEY.slice(0, 30)}`)}`,
    };
    for (const [name, form] of Object.entries(forms)) {
      const out = redact(`echo: ${form}.`, [LONG_KEY]);
      assert.ok(out.includes('[redacted]'), name);
      assert.ok(!revealsKey(out, LONG_KEY), `${name}: ${out}`);
    }
  });

  test('URL-encoded, and base64 inside a URL-encoded query', () => {
    for (const form of [encodeURIComponent(TOKEN_KEY), encodeURIComponent(b64(TOKEN_KEY))]) {
      const out = redact(`GET /auth?token=${form}&x=1`, [TOKEN_KEY]);
      assert.ok(out.includes('[redacted]'), form);
      assert.ok(!revealsKey(out, TOKEN_KEY), out);
      assert.ok(out.endsWith('&x=1'));
    }
  });

  test('a short secret (under 12 characters) is still redacted whole', () => {
    assert.equal(redact('key=abcd1234 end', ['abcd1234']), 'key=[redacted] end');
  });

  test('overlapping and repeated occurrences collapse into one marker each', () => {
    const text = `${LONG_KEY}${LONG_KEY} and ${LONG_KEY.slice(5, 30)}`;
    assert.equal(redact(text, [LONG_KEY]), '[redacted] and [redacted]');
  });
});

describe('an endpoint echoing the key in an error (K1)', () => {
  const keys: Record<EchoForm, string> = {
    prefix: LONG_KEY,
    suffix: LONG_KEY,
    base64: LONG_KEY,
    base64url: LONG_KEY,
    basic: LONG_KEY,
    'bearer-base64': LONG_KEY,
    url: TOKEN_KEY,
  };
  const h = useEndpoint();

  for (const [form, key] of Object.entries(keys) as [EchoForm, string][]) {
    test(`echoed as ${form}: the error message does not reveal the key`, async () => {
      h.ep.configure({ apiKey: key });
      h.ep.setFault({ type: 'echo-key', form });
      const err = await rejection(clientFor(h.ep, { apiKey: key }).stream(ask()));
      assert.ok(err instanceof ApiError && err.kind === 'auth', String(err));
      const echoed = echoKey({ 'x-api-key': key }, form);
      assert.ok(revealsKey(echoed, key), 'the endpoint did echo the key');
      assert.match(err.message, /invalid credentials: .*\[redacted\]/);
      assert.ok(!revealsKey(err.message, key), err.message);
    });
  }
});

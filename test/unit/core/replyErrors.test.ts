// Errors say what happened: a JSON reply cut off or not JSON at all is not "an error body", and a body that cannot
// be decompressed is not "could not reach the endpoint" (and is not retried as if it were).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/messages/errors';
import { ask, clientFor, rejection, useEndpoint } from './helpers';

describe('a JSON reply that is cut off or not JSON', () => {
  const h = useEndpoint();

  test('create(): a reply cut off mid-JSON with HTTP 200 is truncated, says so, and is not retried', async () => {
    h.ep.script({
      content: [{ type: 'text', text: 'the whole answer' }],
      fault: { type: 'cut', afterEvents: 1 },
    });
    const err = await rejection(clientFor(h.ep).create(ask()));
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.kind, 'truncated');
    assert.match(
      err.message,
      /The endpoint's reply was cut off \(HTTP 200, \d+ bytes of JSON\); first bytes: \{"/,
    );
    assert.doesNotMatch(err.message, /error body/);
    assert.equal(h.ep.requests.length, 1);
  });

  test('stream(): a JSON reply to a streaming request, cut off, is truncated too', async () => {
    h.ep.script({
      raw: '{"id":"msg_1","type":"message","content":[{"type":"te',
      contentType: 'application/json',
    });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'truncated', String(err));
    assert.match(err.message, /was cut off/);
  });

  test('a reply that is not JSON at all says so and shows its first bytes', async () => {
    h.ep.script({ raw: 'Service temporarily unavailable, try later', contentType: 'application/json' });
    const err = await rejection(clientFor(h.ep).create(ask()));
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.kind, 'invalid_response');
    assert.match(
      err.message,
      /The endpoint's reply was not valid JSON \(HTTP 200\); first bytes: Service temporarily unavailable/,
    );
    assert.equal(h.ep.requests.length, 1);
  });

  test('the model list: a reply that is not JSON is not "an error body"', async () => {
    h.ep.setFault({ type: 'status', status: 200, body: 'ok' });
    const err = await rejection(clientFor(h.ep).listModels());
    assert.ok(err instanceof ApiError && err.kind === 'invalid_response', String(err));
    assert.match(err.message, /not valid JSON \(HTTP 200\); first bytes: ok/);
  });

  test('an HTML page with HTTP 200 is still reported as a page from a gateway', async () => {
    h.ep.script({
      raw: '<!DOCTYPE html><html><head><title>Sign in</title></head><body>SSO</body></html>',
      contentType: 'text/html',
    });
    const err = await rejection(clientFor(h.ep, { maxRetries: 0 }).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'gateway', String(err));
    assert.match(err.message, /Sign in/);
  });
});

describe('a body that cannot be decompressed', () => {
  const h = useEndpoint();

  test('create(): a corrupt gzip body is invalid_response naming gzip, not a network error, not retried', async () => {
    h.ep.setFault({ type: 'bad-gzip' }, { times: 0 });
    const err = await rejection(clientFor(h.ep).create(ask()));
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.kind, 'invalid_response');
    assert.match(
      err.message,
      /The endpoint sent a body that could not be decompressed \(gzip: incorrect header check\)/,
    );
    assert.doesNotMatch(err.message, /Could not reach/);
    assert.equal(err.retryable, false);
    assert.equal(h.ep.requests.length, 1);
  });

  test('stream(): a corrupt gzip event stream is the same error', async () => {
    h.ep.setFault({ type: 'bad-gzip', contentType: 'text/event-stream' }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'invalid_response', String(err));
    assert.match(err.message, /could not be decompressed \(gzip/);
    assert.equal(h.ep.requests.length, 1);
  });

  test('the model list too', async () => {
    h.ep.setFault({ type: 'bad-gzip' }, { times: 0 });
    const err = await rejection(clientFor(h.ep).listModels());
    assert.ok(err instanceof ApiError && err.kind === 'invalid_response', String(err));
    assert.match(err.message, /could not be decompressed \(gzip/);
  });
});

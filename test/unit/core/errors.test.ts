import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  errorFromEvent,
  errorFromResponse,
  isErrorPayload,
  parseErrorBody,
} from '../../../src/core/messages/errors';
import { redact } from '../../../src/core/messages/redact';

describe('error normalisation', () => {
  test("Anthropic's error body with request-id header", () => {
    const e = errorFromResponse(
      JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
      { status: 529, headers: new Headers({ 'request-id': 'req_123' }) },
    );
    assert.equal(e.kind, 'overloaded');
    assert.equal(e.type, 'overloaded_error');
    assert.equal(e.requestId, 'req_123');
    assert.equal(e.retryable, true);
    assert.match(e.message, /Overloaded/);
  });

  test('request_id in the body wins over the header', () => {
    const e = errorFromResponse(
      JSON.stringify({
        type: 'error',
        error: { type: 'invalid_request_error', message: 'bad' },
        request_id: 'req_body',
      }),
      { status: 400, headers: new Headers({ 'request-id': 'req_head' }) },
    );
    assert.equal(e.requestId, 'req_body');
    assert.equal(e.kind, 'invalid_request');
    assert.equal(e.retryable, false);
  });

  test('the gateway body with trace_id and HTTP 200', () => {
    const body = {
      success: false,
      error: { code: 'rate_limit_exceeded', message: 'slow down' },
      trace_id: 'tr-9',
    };
    assert.ok(isErrorPayload(body));
    const e = errorFromResponse(JSON.stringify(body), { status: 200 });
    assert.equal(e.kind, 'rate_limit');
    assert.equal(e.code, 'rate_limit_exceeded');
    assert.equal(e.requestId, 'tr-9');
    assert.equal(e.retryable, true);
  });

  test('OpenAI-style bodies', () => {
    const p = parseErrorBody({
      error: {
        message: 'Incorrect API key provided',
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    });
    assert.deepEqual(p, {
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: 'Incorrect API key provided',
      requestId: undefined,
    });
  });

  test('HTML pages become readable text; a 400 HTML page is a gateway problem', () => {
    const e = errorFromResponse(
      '<html><head><title>Request Rejected</title><style>x{}</style></head><body><h1>Blocked</h1></body></html>',
      {
        status: 400,
      },
    );
    assert.equal(e.kind, 'gateway');
    assert.match(e.message, /Request Rejected/);
    assert.match(e.message, /Blocked/);
    assert.ok(!e.message.includes('x{}'));
  });

  test('an empty body says so', () => {
    const e = errorFromResponse('', { status: 503 });
    assert.equal(e.kind, 'gateway');
    assert.match(e.message, /empty body/);
  });

  test('the key is redacted from any message', () => {
    const key = 'sk-ant-secret-key-123456';
    const e = errorFromResponse(JSON.stringify({ error: { message: `bad key ${key}` } }), {
      status: 401,
      secrets: [key],
    });
    assert.ok(!e.message.includes(key));
    assert.match(e.message, /\[redacted\]/);
    assert.equal(redact(`a ${key} b ${key}`, [key]), 'a [redacted] b [redacted]');
    const ev = errorFromEvent({ type: 'error', error: { type: 'api_error', message: key } }, undefined, [
      key,
    ]);
    assert.ok(!ev.message.includes(key));
  });

  test('spend limits are billing, never retryable', () => {
    const e = errorFromResponse(
      JSON.stringify({
        type: 'error',
        error: { type: 'rate_limit_error', message: 'You have reached your specified API usage limits' },
      }),
      {
        status: 429,
      },
    );
    assert.equal(e.kind, 'billing');
    assert.equal(e.retryable, false);
    const b = errorFromResponse(
      JSON.stringify({ type: 'error', error: { type: 'billing_error', message: 'x' } }),
      { status: 400 },
    );
    assert.equal(b.kind, 'billing');
  });
});

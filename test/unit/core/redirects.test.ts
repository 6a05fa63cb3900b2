// The key and the conversation never follow a redirect to another origin (docs/threat-model.md, K4). The local
// endpoint answers with a redirect to a second server on another port (another origin) that records everything
// reaching it: it must see no connection at all.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError } from '../../../src/core/messages/errors';
import { startCapture, type Capture } from '../../support/endpoint/capture';
import { ask, clientFor, KEY, rejection, useEndpoint } from './helpers';

const REDIRECTS = [301, 302, 307, 308];

describe('redirects to another origin are refused (K4)', () => {
  const h = useEndpoint();
  let capture: Capture;
  before(async () => {
    capture = await startCapture();
  });
  beforeEach(() => capture.reset());
  after(() => capture.close());

  const requests = {
    'messages (stream)': (c: ReturnType<typeof clientFor>) => c.stream(ask('a private conversation')),
    'messages (create)': (c: ReturnType<typeof clientFor>) => c.create(ask('a private conversation')),
    models: (c: ReturnType<typeof clientFor>) => c.listModels(),
    count_tokens: (c: ReturnType<typeof clientFor>) => c.countTokens(ask('a private conversation')),
  };

  for (const status of REDIRECTS) {
    for (const [name, send] of Object.entries(requests)) {
      test(`${name}: HTTP ${status} to another origin is an error naming the target; nothing reaches it`, async () => {
        const target = `${capture.url}/v1/messages`;
        h.ep.setFault({ type: 'redirect', status, location: target }, { times: 0 });
        const err = await rejection(send(clientFor(h.ep)));
        assert.ok(err instanceof ApiError, String(err));
        assert.equal(err.kind, 'redirect');
        assert.equal(err.status, status);
        assert.ok(err.message.includes(`redirected to ${target}`), err.message);
        assert.ok(err.message.includes(`set the base URL to ${capture.url} if you trust it`), err.message);
        assert.equal(err.redirectTo, target);
        assert.equal(err.retryable, false);
        assert.equal(h.ep.requests.length, 1, 'not retried');
        assert.equal(capture.connections, 0, 'no connection to the other origin');
        assert.deepEqual(capture.requests, []);
      });
    }
  }

  test('a target under a path prefix suggests that prefix as the base URL', async () => {
    const target = `${capture.url}/gateway/anthropic/v1/messages?beta=true`;
    h.ep.setFault({ type: 'redirect', status: 308, location: target }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'redirect');
    assert.ok(err.message.includes(`set the base URL to ${capture.url}/gateway/anthropic if you trust it`));
    assert.equal(capture.connections, 0);
  });

  test('another name for the same server (localhost for 127.0.0.1) is another origin', async () => {
    const target = `http://localhost:${h.ep.port}/v1/messages`;
    h.ep.setFault({ type: 'redirect', status: 307, location: target }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'redirect', String(err));
    assert.equal(h.ep.requests.length, 1, 'localhost is not 127.0.0.1: not followed');
  });

  test('a same-origin 307 is followed with the key and the body; a relative Location works', async () => {
    h.ep.setFault({ type: 'redirect', status: 307, location: '/v1/messages' }, { times: 1 });
    h.ep.script('followed');
    const m = await clientFor(h.ep).stream(ask('kept'));
    assert.deepEqual(m.content, [{ type: 'text', text: 'followed' }]);
    assert.equal(h.ep.requests.length, 2);
    const second = h.ep.requests[1]!;
    assert.equal(second.method, 'POST');
    assert.equal(second.headers['x-api-key'], KEY);
    assert.equal((second.body as { messages: { content: string }[] }).messages[0]?.content, 'kept');
  });

  test('a same-origin 301 on GET /v1/models is followed', async () => {
    h.ep.setFault({ type: 'redirect', status: 301, location: '/v1/models?limit=100' }, { times: 1 });
    const models = await clientFor(h.ep).listModels();
    assert.ok(models.length > 0);
    assert.equal(h.ep.requests.length, 2);
  });

  test('same-origin redirects stop after 3 hops with an error', async () => {
    h.ep.setFault({ type: 'redirect', status: 307, location: '/v1/messages' }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'redirect', String(err));
    assert.match(err.message, /more than 3 times/);
    assert.equal(h.ep.requests.length, 4);
  });

  test('the target is redacted when it carries the key', async () => {
    const target = `${capture.url}/v1/messages?key=${KEY}`;
    h.ep.setFault({ type: 'redirect', status: 302, location: target }, { times: 0 });
    const err = await rejection(clientFor(h.ep).stream(ask()));
    assert.ok(err instanceof ApiError && err.kind === 'redirect');
    assert.ok(!err.message.includes(KEY));
    assert.ok(!(err.redirectTo ?? '').includes(KEY));
    assert.equal(capture.connections, 0);
  });
});

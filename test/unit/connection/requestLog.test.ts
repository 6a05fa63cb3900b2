// The request log as the host writes it: endpoint, model, status,
// request id, timings and retries per attempt; content only when verbose; the key never.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestLogger, withContentLogging, type RequestLog } from '../../../src/core/messages/requestLog';
import { KEY, ask, clientFor, useEndpoint } from '../core/helpers';

function fakeLog() {
  const lines: string[] = [];
  const log = {
    info: (m: string) => lines.push(`info ${m}`),
    warn: (m: string) => lines.push(`warn ${m}`),
  } satisfies RequestLog;
  return { log, lines };
}

describe('request log', () => {
  const h = useEndpoint();

  it('logs each attempt with the full endpoint, model, status, request id, timings and the retry', async () => {
    const { log, lines } = fakeLog();
    h.ep.setFault({ type: 'status', status: 529, errorType: 'overloaded_error', retryAfterMs: 5 });
    const client = clientFor(h.ep, { onLog: requestLogger(log, h.ep.url) });
    await client.stream(ask(`secret question ${KEY}`));
    assert.equal(lines.length, 2);
    assert.match(
      lines[0]!,
      new RegExp(
        `^warn POST ${h.ep.url}/v1/messages model=claude-sonnet-4-5 attempt=1 status=529 outcome=retry kind=overloaded request-id=\\S+ headers=\\d+ms total=\\d+ms retry-in=\\d+ms$`,
      ),
    );
    assert.match(
      lines[1]!,
      /^info POST .*\/v1\/messages .*attempt=2 status=200 outcome=ok request-id=\S+ headers=\d+ms total=\d+ms$/,
    );
    assert.ok(
      lines.every((l) => !l.includes(KEY) && !l.includes('secret question')),
      'no key, no content',
    );
  });

  it('content only with verbose logging, and the key redacted even then', async () => {
    const quiet = fakeLog();
    const q = withContentLogging(clientFor(h.ep), quiet.log, false);
    await q.stream(ask('plain question'));
    assert.deepEqual(quiet.lines, []);

    const verbose = fakeLog();
    const v = withContentLogging(clientFor(h.ep), verbose.log, KEY);
    await v.stream(ask(`why is ${KEY} in my message?`));
    assert.equal(verbose.lines.length, 1);
    assert.match(verbose.lines[0]!, /request body: .*why is \[redacted\] in my message\?/);
    assert.ok(!verbose.lines[0]!.includes(KEY));
  });
});

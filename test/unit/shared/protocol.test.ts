import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_WEBVIEW_MESSAGE_BYTES, parseWebviewMessage } from '../../../src/shared/protocol';

test('random values from the webview never throw and are accepted only when well-formed', () => {
  fc.assert(
    fc.property(fc.anything({ withObjectString: true, withNullPrototype: true, withBigInt: true }), (raw) => {
      const r = parseWebviewMessage(raw);
      if (r.ok)
        assert.ok(
          [
            'ready',
            'send',
            'stop',
            'newChat',
            'runCommand',
            'codeAction',
            'openLink',
            'continue',
            'showHistory',
            'selectModel',
            'replaceSelection',
            'removeContext',
          ].includes(r.message.type),
        );
    }),
    { numRuns: 2000 },
  );
});

test('messages shaped like real ones but wrong are dropped with a reason', () => {
  const bad: unknown[] = [
    { type: 'send', requestId: '', text: 'x' },
    { type: 'send', requestId: 'a', text: 'x', extra: true },
    { type: 'send', requestId: 'a'.repeat(65), text: 'x' },
    { type: 'runCommand', command: 'workbench.action.terminal.sendSequence' },
    { type: 'codeAction', action: 'execute', code: 'rm -rf /', language: 'sh' },
    { type: 'approveTool', id: 'x' },
    { type: 'openLink' },
    null,
    'ready',
    [],
  ];
  for (const m of bad) {
    const r = parseWebviewMessage(m);
    assert.equal(r.ok, false, JSON.stringify(m));
    assert.ok(!r.ok && r.reason.length > 0);
  }
});

test('an oversized message is refused before it is parsed', () => {
  const r = parseWebviewMessage({
    type: 'send',
    requestId: 'a',
    text: 'x'.repeat(MAX_WEBVIEW_MESSAGE_BYTES),
  });
  assert.equal(r.ok, false);
  assert.match(!r.ok ? r.reason : '', /oversized/);
});

test('cyclic and unserialisable values are refused, not thrown', () => {
  const cyclic: Record<string, unknown> = { type: 'send' };
  cyclic.self = cyclic;
  assert.equal(parseWebviewMessage(cyclic).ok, false);
  assert.equal(parseWebviewMessage({ type: 'ready', protocol: 10n }).ok, false);
});

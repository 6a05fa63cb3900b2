import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiFunction } from '../../../src/core/lm/featureDetect';

describe('apiFunction (feature detection)', () => {
  test('a host without the namespace, without the function, or with a stub that is not a function: undefined', () => {
    assert.equal(
      apiFunction(() => undefined, 'registerLanguageModelChatProvider'),
      undefined,
    );
    assert.equal(
      apiFunction(() => ({}), 'registerLanguageModelChatProvider'),
      undefined,
    );
    assert.equal(
      apiFunction(() => ({ registerLanguageModelChatProvider: true }), 'registerLanguageModelChatProvider'),
      undefined,
    );
  });

  test('a namespace or property that throws counts as missing', () => {
    assert.equal(
      apiFunction(() => {
        throw new Error('proposed API');
      }, 'f'),
      undefined,
    );
    const refusing = Object.defineProperty({}, 'f', {
      get() {
        throw new Error('not available');
      },
    });
    assert.equal(
      apiFunction(() => refusing, 'f'),
      undefined,
    );
  });

  test('a real function comes back bound to its namespace', () => {
    const lm = {
      vendor: 'v',
      register(this: { vendor: string }, name: string) {
        return `${this.vendor}:${name}`;
      },
    };
    const f = apiFunction<(name: string) => string>(() => lm, 'register');
    assert.equal(f?.('x'), 'v:x');
  });
});

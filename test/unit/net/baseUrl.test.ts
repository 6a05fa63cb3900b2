import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeBaseUrl, normaliseBaseUrl } from '../../../src/core/net/baseUrl';
import { apiUrl } from '../../../src/core/messages/headers';

const root = (raw: string) => {
  const n = normaliseBaseUrl(raw);
  assert.ok(!('problem' in n), `${raw}: ${'problem' in n ? n.problem : ''}`);
  return n;
};

describe('base URLs as people paste them', () => {
  it('the root, /v1, and every request path name the same API root, with or without trailing slashes', () => {
    for (const raw of [
      'https://gw.example.com',
      'https://gw.example.com/',
      'https://gw.example.com/v1',
      'https://gw.example.com/v1/',
      'https://gw.example.com/v1/messages',
      'https://gw.example.com/v1/messages/',
      'https://gw.example.com/v1/messages/count_tokens',
      'https://gw.example.com/v1/chat/completions',
      'https://gw.example.com/v1/chat/completions//',
      'https://gw.example.com/v1/models',
      '  https://GW.example.com/V1/Messages  ',
    ])
      assert.equal(root(raw).url, 'https://gw.example.com', raw);
  });

  it('a gateway prefix is kept; only the end of the path is cut', () => {
    assert.equal(root('https://gw/api/anthropic/v1/messages').url, 'https://gw/api/anthropic');
    assert.equal(root('https://gw/api/anthropic/').url, 'https://gw/api/anthropic');
    assert.equal(
      root('http://127.0.0.1:8080/openai/v1/chat/completions').url,
      'http://127.0.0.1:8080/openai',
    );
    // "v1" inside a word is not the version segment.
    assert.equal(root('https://gw/apiv1').url, 'https://gw/apiv1');
  });

  it('says what was dropped and which format a pasted request path belongs to', () => {
    assert.deepEqual(root('https://gw/v1/messages'), {
      url: 'https://gw',
      dropped: '/v1/messages',
      impliedFormat: 'messages',
    });
    assert.equal(root('https://gw/v1/chat/completions').impliedFormat, 'chat-completions');
    assert.equal(root('https://gw/v1').impliedFormat, undefined);
    assert.equal(root('https://gw').dropped, undefined);
  });

  it('the request URLs built on the normalised root are the API paths, once', () => {
    const base = root('https://gw/v1/messages').url;
    assert.equal(apiUrl(base, '/v1/messages'), 'https://gw/v1/messages');
    assert.equal(
      apiUrl(root('https://gw/v1/chat/completions/').url, '/v1/chat/completions'),
      'https://gw/v1/chat/completions',
    );
  });

  it('bad input is a clear problem: empty, not a URL, another scheme, credentials, query', () => {
    const problem = (raw: unknown) => {
      const n = normaliseBaseUrl(raw);
      assert.ok('problem' in n, String(raw));
      return n.problem;
    };
    assert.match(problem(''), /is empty/);
    assert.match(problem(42), /is empty/);
    assert.match(problem('gw.example.com/v1'), /is not a URL/);
    assert.match(problem('ftp://gw/v1'), /not an http\(s\) URL/);
    assert.match(problem('https://u:p@gw/v1'), /user name or password/);
    assert.match(problem('https://gw/v1/messages?beta=true'), /query or fragment/);
  });

  it("Test Connection's note says what was used and what the extension adds", () => {
    assert.equal(
      describeBaseUrl('https://gw/v1/messages', 'https://gw', 'messages'),
      'Using https://gw (the /v1/messages you entered is added by the extension: it requests /v1/messages).',
    );
    assert.equal(describeBaseUrl('https://gw', 'https://gw', 'messages'), undefined);
    assert.match(
      describeBaseUrl('https://gw/v1/chat/completions', 'https://gw', 'messages') ?? '',
      /Using https:\/\/gw .*a chat-completions address, but claudeMessages\.apiFormat is "messages"/,
    );
    assert.match(
      describeBaseUrl('https://gw/v1/', 'https://gw', 'chat-completions') ?? '',
      /the \/v1 you entered is added by the extension: it requests \/v1\/chat\/completions/,
    );
  });
});

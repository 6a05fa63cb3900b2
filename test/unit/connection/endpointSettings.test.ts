import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pickActive, readProfiles, secretIdFor } from '../../../src/core/connection/profiles';
import {
  describeProblems,
  describeSetup,
  validateEndpoint,
  validateTurn,
  type RawEndpoint,
  type RawTurn,
} from '../../../src/core/connection/endpointSettings';

const endpoint = (over: Partial<RawEndpoint> = {}): RawEndpoint => ({
  baseUrl: 'https://api.anthropic.com/',
  apiFormat: 'messages',
  authHeader: 'x-api-key',
  anthropicVersion: '2023-06-01',
  anthropicBeta: [],
  extraHeaders: {},
  ...over,
});
const turn = (over: Partial<RawTurn> = {}): RawTurn => ({
  model: 'claude-sonnet-4-5',
  maxTokens: 8192,
  systemPrompt: '',
  temperature: null,
  topP: null,
  topK: null,
  stopSequences: [],
  thinkingEnabled: false,
  thinkingBudget: 4096,
  promptCaching: true,
  ...over,
});
const messages = (r: { ok: boolean; problems: { setting: string; message: string }[] }) =>
  r.problems.map((p) => `${p.setting} ${p.message}`).join('\n');

describe('settings validation', () => {
  it('accepts the defaults and normalises the base URL', () => {
    const r = validateEndpoint(endpoint());
    assert.ok(r.ok);
    assert.equal(r.value.baseUrl, 'https://api.anthropic.com');
    const t = validateTurn(turn());
    assert.ok(t.ok);
    assert.equal(t.value.promptCaching, true);
  });

  it('a non-URL base URL is named with an example', () => {
    const r = validateEndpoint(endpoint({ baseUrl: 'api.anthropic.com' }));
    assert.equal(r.ok, false);
    assert.match(messages(r), /claudeMessages\.baseUrl "api\.anthropic\.com" is not a URL/);
    assert.match(messages(validateEndpoint(endpoint({ baseUrl: 'ftp://x' }))), /not an http\(s\) URL/);
    const pasted = validateEndpoint(endpoint({ baseUrl: 'https://gw/v1/messages' }));
    assert.ok(pasted.ok, 'a pasted request URL is normalised, not refused');
    assert.equal(pasted.value.baseUrl, 'https://gw');
    assert.equal(pasted.value.enteredBaseUrl, 'https://gw/v1/messages');
    assert.match(
      messages(validateEndpoint(endpoint({ baseUrl: 'https://u:p@gw' }))),
      /user name or password/,
    );
  });

  it('extraHeaders cannot carry the key or replace protocol headers', () => {
    for (const name of ['x-api-key', 'Authorization', 'anthropic-version', 'Host']) {
      const r = validateEndpoint(endpoint({ extraHeaders: { [name]: 'v' } }));
      assert.equal(r.ok, false, name);
      assert.match(messages(r), new RegExp(`claudeMessages\\.extraHeaders "${name}" cannot be set here`));
    }
    assert.match(
      messages(validateEndpoint(endpoint({ extraHeaders: { 'bad name': 'v' } }))),
      /not a valid header name/,
    );
    assert.match(messages(validateEndpoint(endpoint({ extraHeaders: { 'x-a': 'a\r\nb' } }))), /line break/);
    assert.match(messages(validateEndpoint(endpoint({ extraHeaders: { 'x-a': 3 } }))), /must be a string/);
    assert.ok(validateEndpoint(endpoint({ extraHeaders: { 'x-gateway-team': 'blue' } })).ok);
  });

  it('enums, version and beta names are checked', () => {
    assert.match(
      messages(validateEndpoint(endpoint({ apiFormat: 'openai' }))),
      /apiFormat must be "messages" or "chat-completions"/,
    );
    assert.match(
      messages(validateEndpoint(endpoint({ authHeader: 'basic' }))),
      /authHeader must be "x-api-key" or "bearer"/,
    );
    assert.match(
      messages(validateEndpoint(endpoint({ anthropicVersion: 'latest' }))),
      /a date like 2023-06-01/,
    );
    assert.match(
      messages(validateEndpoint(endpoint({ anthropicBeta: ['ok-1', 'no spaces'] }))),
      /"no spaces" is not a beta name/,
    );
    const ok = validateEndpoint(endpoint({ anthropicBeta: ['a-2025-01-01', 'a-2025-01-01', 'b'] }));
    assert.ok(ok.ok);
    assert.deepEqual(ok.value.anthropicBeta, ['a-2025-01-01', 'b']);
  });

  it('turn settings: negative maxTokens, budget not below maxTokens, ranges, thinking conflicts', () => {
    assert.match(
      messages(validateTurn(turn({ maxTokens: -5 }))),
      /claudeMessages\.maxTokens must be a positive whole number, not -5/,
    );
    assert.match(
      messages(validateTurn(turn({ maxTokens: 2.5 }))),
      /maxTokens must be a positive whole number/,
    );
    const budget = validateTurn(turn({ thinkingEnabled: true, maxTokens: 4096, thinkingBudget: 4096 }));
    assert.match(
      messages(budget),
      /thinking\.budgetTokens \(4096\) must be less than claudeMessages\.maxTokens \(4096\)/,
    );
    assert.match(
      messages(validateTurn(turn({ thinkingEnabled: true, thinkingBudget: 100 }))),
      /at least 1024/,
    );
    assert.match(
      messages(validateTurn(turn({ temperature: 3 }))),
      /temperature must be a number from 0 to 1/,
    );
    assert.match(
      messages(validateTurn(turn({ thinkingEnabled: true, temperature: 0.5 }))),
      /must be 1 or empty while extended thinking/,
    );
    assert.match(messages(validateTurn(turn({ model: ' ' }))), /model is empty/);
    assert.match(messages(validateTurn(turn({ stopSequences: [''] }))), /non-empty strings/);
    const t = validateTurn(turn({ thinkingEnabled: true, thinkingBudget: 2048, topK: 5 }));
    assert.equal(t.ok, false, 'topK with thinking is refused');
    const good = validateTurn(turn({ thinkingEnabled: true, thinkingBudget: 2048, promptCaching: false }));
    assert.ok(good.ok);
    assert.deepEqual(good.value.thinking, { budgetTokens: 2048 });
    assert.equal(good.value.promptCaching, false);
  });
});

describe('connection profiles', () => {
  const def = validateEndpoint(endpoint());

  it('Default comes from the top-level settings; named profiles get their own secret id', () => {
    const r = readProfiles(
      [
        {
          name: 'Company gateway',
          baseUrl: 'https://gw.example.com',
          apiFormat: 'messages',
          authHeader: 'bearer',
        },
      ],
      def,
      [],
    );
    assert.deepEqual(
      r.profiles.map((p) => p.name),
      ['Default', 'Company gateway'],
    );
    assert.equal(r.profiles[0]!.secretId, 'claudeMessages.apiKey');
    assert.equal(r.profiles[1]!.secretId, secretIdFor('Company gateway'));
    assert.notEqual(r.profiles[1]!.secretId, r.profiles[0]!.secretId);
    assert.equal(r.profiles[1]!.usesEnvironment, false);
    assert.equal(r.profiles[1]!.endpoint.authHeader, 'bearer');
  });

  it('a bad profile is reported by its index and cannot be activated', () => {
    const r = readProfiles(
      [
        {
          name: 'Bad',
          baseUrl: 'nope',
          apiFormat: 'messages',
          authHeader: 'x-api-key',
          extraHeaders: { 'x-api-key': 'k' },
        },
        { name: 'Default', baseUrl: 'https://x' },
        { baseUrl: 'https://y' },
      ],
      def,
      [],
    );
    assert.deepEqual(
      r.profiles.map((p) => p.name),
      ['Default'],
    );
    assert.match(
      messages({ ok: false, problems: r.invalid.get('Bad')! }),
      /profiles\[0\]\.baseUrl .*not a URL[\s\S]*profiles\[0\]\.extraHeaders "x-api-key" cannot be set/,
    );
    assert.match(
      messages({ ok: false, problems: r.problems }),
      /profiles\[1\]\.name "Default" is used twice[\s\S]*profiles\[2\]\.name is missing/,
    );
    const active = pickActive(r, 'Bad');
    assert.ok('problems' in active);
    const missing = pickActive(r, 'Gone');
    assert.ok('problems' in missing && /no profile has that name/.test(missing.problems[0]!.message));
    const fallback = pickActive(r, undefined);
    assert.ok('profile' in fallback && fallback.profile.name === 'Default');
  });
});

describe('settings validation, combined problems', () => {
  it('a bad maxTokens is reported once, not again as a budget comparison', () => {
    const r = validateTurn(turn({ maxTokens: -5, thinkingEnabled: true, thinkingBudget: 4096 }));
    assert.equal(r.problems.length, 1);
    assert.match(messages(r), /maxTokens must be a positive whole number/);
  });
});

describe('the error shown on send', () => {
  it('names the missing key for the profile and lists every bad setting', () => {
    const t = validateTurn(turn({ maxTokens: -5 }));
    const e = validateEndpoint(endpoint({ extraHeaders: { authorization: 'Bearer x' } }));
    const text = describeSetup({
      problems: ['noKey', 'badSettings'],
      profile: 'Company gateway',
      detail: describeProblems([...t.problems, ...e.problems]),
    });
    assert.match(text, /^No API key for "Company gateway": run "Claude: Set API Key"\./);
    assert.match(
      text,
      /Fix these settings first:\nclaudeMessages\.maxTokens must be a positive whole number, not -5\.\n/,
    );
    assert.match(text, /claudeMessages\.extraHeaders "authorization" cannot be set here/);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lmModelId, modelInfo, parseLmModelId, type CatalogProfile } from '../../../src/core/lm/modelInfo';

const anthropic: CatalogProfile = {
  name: 'Default',
  baseUrl: 'https://api.anthropic.com',
  apiFormat: 'messages',
  anthropicBeta: [],
};
const gateway: CatalogProfile = {
  name: 'Team / EU gateway',
  baseUrl: 'https://llm.example.com/proxy',
  apiFormat: 'chat-completions',
  anthropicBeta: [],
};

describe('model ids', () => {
  test('name the profile and the model, and parse back even with slashes in both', () => {
    for (const [profile, model] of [
      ['Default', 'claude-sonnet-4-5'],
      ['Team / EU gateway', 'anthropic/claude-sonnet-4.5'],
      ['100% ünïcode', 'us.anthropic.claude-opus-4-1-20250805-v1:0'],
    ]) {
      const id = lmModelId(profile!, model!);
      assert.equal(id.split('/')[0], encodeURIComponent(profile!));
      assert.deepEqual(parseLmModelId(id), { profile, model });
    }
  });

  test('an id that is not ours parses to undefined', () => {
    for (const id of ['', 'no-slash', '/model', 'profile/', '%E0%A4%A/model'])
      assert.equal(parseLmModelId(id), undefined, id);
  });
});

describe('modelInfo', () => {
  test('says which endpoint: the Default profile by its host, a named one by its name', () => {
    const a = modelInfo({
      profile: anthropic,
      model: { id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5' },
      maxTokens: 8192,
    });
    assert.equal(a.name, 'Claude Sonnet 4.5 (api.anthropic.com)');
    assert.equal(a.id, 'Default/claude-sonnet-4-5-20250929');
    assert.equal(a.family, 'claude-sonnet-4-5');
    assert.equal(a.version, 'claude-sonnet-4-5-20250929');
    const g = modelInfo({ profile: gateway, model: { id: 'claude-opus-4-1' }, maxTokens: 8192 });
    assert.equal(g.name, 'claude-opus-4-1 (Team / EU gateway)');
    assert.match(g.detail, /Team \/ EU gateway/);
    assert.match(
      g.tooltip,
      /https:\/\/llm\.example\.com\/proxy \(Chat Completions, profile "Team \/ EU gateway"\)/,
    );
  });

  test('honest limits: the window minus the default output, the family maximum, and where they come from', () => {
    const a = modelInfo({ profile: anthropic, model: { id: 'claude-sonnet-4-5' }, maxTokens: 8192 });
    assert.equal(a.maxInputTokens, 200_000 - 8_192);
    assert.equal(a.maxOutputTokens, 64_000);
    assert.deepEqual(a.capabilities, { imageInput: true, toolCalling: true });
    assert.match(
      a.tooltip,
      /200K context window, up to 64K output tokens \(for the claude-sonnet-4-5 family\)/,
    );

    const reported = modelInfo({
      profile: gateway,
      model: { id: 'big-model', context_window: 1_000_000, max_output_tokens: 32_000 },
      maxTokens: 8192,
    });
    assert.equal(reported.maxInputTokens, 1_000_000 - 8_192);
    assert.equal(reported.maxOutputTokens, 32_000);
    assert.match(reported.tooltip, /as the endpoint reports/);

    const unknown = modelInfo({ profile: gateway, model: { id: 'mystery' }, maxTokens: 8192 });
    assert.equal(unknown.capabilities.imageInput, false);
    assert.equal(unknown.family, 'mystery');
    assert.match(unknown.tooltip, /assumed/);
  });

  test('the 1M-context beta on the profile shows in the limits', () => {
    const info = modelInfo({
      profile: { ...anthropic, anthropicBeta: ['context-1m-2025-08-07'] },
      model: { id: 'claude-sonnet-4-5' },
      maxTokens: 8192,
    });
    assert.equal(info.maxInputTokens, 1_000_000 - 8_192);
  });
});

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLAUDE_FAMILY_LIMITS,
  familyOf,
  maxInputTokens,
  modelLimits,
  reportedLimits,
  UNKNOWN_MODEL_LIMITS,
} from '../../../src/core/lm/modelLimits';

describe('familyOf', () => {
  test('names the family from the ids Anthropic, gateways and clouds use', () => {
    const cases: [string, string | undefined][] = [
      ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
      ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
      ['anthropic/claude-sonnet-4.5', 'claude-sonnet-4-5'],
      ['us.anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-1'],
      ['claude-sonnet-4@20250514', 'claude-sonnet-4'],
      ['claude-sonnet-4-20250514', 'claude-sonnet-4'],
      ['claude-opus-4-0', 'claude-opus-4'],
      ['claude-opus-4-5', 'claude-opus-4-5'],
      ['claude-haiku-4-5', 'claude-haiku-4-5'],
      ['claude-3-7-sonnet-latest', 'claude-sonnet-3-7'],
      ['claude-3-5-sonnet-20241022', 'claude-sonnet-3-5'],
      ['claude-3-5-haiku-latest', 'claude-haiku-3-5'],
      ['claude-3-opus-20240229', 'claude-opus-3'],
      ['CLAUDE-3-HAIKU-20240307', 'claude-haiku-3'],
    ];
    for (const [id, family] of cases) assert.equal(familyOf(id), family, id);
  });

  test('a model the table does not know has no family (no guessing from a newer version number)', () => {
    for (const id of ['gpt-4o', 'claude-opus-9', 'claude-sonnet-4-7', 'my-claude', 'claude-instant-1.2'])
      assert.equal(familyOf(id), undefined, id);
  });
});

describe('modelLimits', () => {
  test('a known family comes from the table, with image input', () => {
    const l = modelLimits({ modelId: 'claude-opus-4-1-20250805' });
    assert.deepEqual(l, {
      contextWindow: 200_000,
      maxOutput: 32_000,
      imageInput: true,
      source: 'table',
      family: 'claude-opus-4-1',
    });
    assert.equal(modelLimits({ modelId: 'claude-3-5-haiku-latest' }).maxOutput, 8_192);
    assert.equal(modelLimits({ modelId: 'claude-3-haiku-20240307' }).maxOutput, 4_096);
  });

  test('every table row is a window larger than its output', () => {
    for (const [family, row] of Object.entries(CLAUDE_FAMILY_LIMITS))
      assert.ok(row.contextWindow > row.maxOutput && row.maxOutput > 0, family);
  });

  test("the endpoint's reported values win, field by field", () => {
    const window = modelLimits({ modelId: 'claude-sonnet-4-5', reported: { contextWindow: 100_000 } });
    assert.equal(window.contextWindow, 100_000);
    assert.equal(window.maxOutput, 64_000);
    assert.equal(window.source, 'reported');
    const output = modelLimits({ modelId: 'claude-sonnet-4-5', reported: { maxOutput: 4_000 } });
    assert.deepEqual([output.contextWindow, output.maxOutput], [200_000, 4_000]);
    // An input limit plus the output makes the window.
    const input = modelLimits({ modelId: 'gpt-4o', reported: { maxInput: 120_000, maxOutput: 8_000 } });
    assert.deepEqual([input.contextWindow, input.maxOutput, input.source], [128_000, 8_000, 'reported']);
    assert.equal(
      modelLimits({ modelId: 'claude-sonnet-4-5', reported: { imageInput: false } }).imageInput,
      false,
    );
  });

  test('the 1M-context and 128K-output betas widen only the families that have them', () => {
    const betas = ['context-1m-2025-08-07', 'output-128k-2025-02-19'];
    assert.equal(modelLimits({ modelId: 'claude-sonnet-4-5', betas }).contextWindow, 1_000_000);
    assert.equal(modelLimits({ modelId: 'claude-sonnet-4-20250514', betas }).contextWindow, 1_000_000);
    assert.equal(modelLimits({ modelId: 'claude-opus-4-1', betas }).contextWindow, 200_000);
    assert.equal(modelLimits({ modelId: 'claude-3-7-sonnet-latest', betas }).maxOutput, 128_000);
    assert.equal(modelLimits({ modelId: 'claude-3-7-sonnet-latest' }).maxOutput, 64_000);
  });

  test('an unknown model gets the conservative guess, marked as such, without claiming image input', () => {
    const l = modelLimits({ modelId: 'some-gateway-model' });
    assert.deepEqual(l, {
      ...UNKNOWN_MODEL_LIMITS,
      imageInput: false,
      source: 'unknown',
      family: undefined,
    });
  });

  test('output never exceeds the window', () => {
    const l = modelLimits({ modelId: 'x', reported: { contextWindow: 4_000, maxOutput: 8_000 } });
    assert.equal(l.maxOutput, 4_000);
  });
});

describe('reportedLimits', () => {
  test('reads the fields gateways use and ignores anything that is not a positive integer', () => {
    assert.deepEqual(
      reportedLimits({
        id: 'm',
        max_input_tokens: 100_000,
        context_window: 110_000,
        max_output_tokens: 9_000,
      }),
      { contextWindow: 110_000, maxInput: 100_000, maxOutput: 9_000, imageInput: undefined },
    );
    assert.deepEqual(reportedLimits({ context_length: 64_000, max_tokens: 2_048, supports_vision: true }), {
      contextWindow: 64_000,
      maxInput: undefined,
      maxOutput: 2_048,
      imageInput: true,
    });
    assert.deepEqual(
      reportedLimits({ context_window: '200000', max_tokens: -1, max_input_tokens: 1.5, vision: 'yes' }),
      { contextWindow: undefined, maxInput: undefined, maxOutput: undefined, imageInput: undefined },
    );
  });
});

describe('maxInputTokens', () => {
  test('leaves room in the window for the output a request asks for', () => {
    const l = modelLimits({ modelId: 'claude-sonnet-4-5' });
    assert.equal(maxInputTokens(l, 8_192), 200_000 - 8_192);
    // Asking for more than the model can write reserves only what it can write.
    assert.equal(maxInputTokens(l, 1_000_000), 200_000 - 64_000);
  });
});

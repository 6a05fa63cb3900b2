import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributes } from '../extensionUnderTest';

suite('settings', () => {
  const config = () => vscode.workspace.getConfiguration('claudeMessages');

  test('defaults are the documented ones', () => {
    assert.equal(config().get('baseUrl'), 'https://api.anthropic.com');
    assert.equal(config().get('apiFormat'), 'messages');
    assert.equal(config().get('authHeader'), 'x-api-key');
    assert.equal(config().get('anthropicVersion'), '2023-06-01');
    assert.equal(typeof config().get('model'), 'string');
    assert.ok((config().get<number>('maxTokens') ?? 0) > 0);
    assert.deepEqual(config().get('stopSequences'), []);
    assert.deepEqual(config().get('extraHeaders'), {});
    assert.equal(config().get('thinking.enabled'), false);
  });

  test('settings that decide where the key goes cannot come from a workspace', () => {
    const props = contributes().configuration.properties;
    for (const key of ['baseUrl', 'authHeader', 'extraHeaders']) {
      const scope = props[`claudeMessages.${key}`]?.scope;
      assert.ok(scope === 'application' || scope === 'machine', `claudeMessages.${key} has scope ${scope}`);
    }
  });

  test('writing baseUrl into the workspace is refused and changes nothing', async () => {
    let refused = false;
    try {
      await config().update('baseUrl', 'http://127.0.0.1:1/capture', vscode.ConfigurationTarget.Workspace);
    } catch {
      refused = true;
    }
    assert.equal(config().get('baseUrl'), 'https://api.anthropic.com');
    assert.ok(refused || config().inspect('baseUrl')?.workspaceValue === undefined);
  });
});

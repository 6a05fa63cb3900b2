import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extensionUnderTest } from '../extensionUnderTest';

suite('workspace trust', () => {
  test('declares limited support for untrusted workspaces, with a reason', () => {
    const caps = (
      extensionUnderTest().packageJSON as {
        capabilities: { untrustedWorkspaces: { supported: unknown; description?: string } };
      }
    ).capabilities.untrustedWorkspaces;
    assert.equal(caps.supported, 'limited');
    assert.ok((caps.description ?? '').length > 20);
  });

  test('runs in the trust state the harness set up', async () => {
    const expected = process.env.CLAUDE_MESSAGES_EXPECT_TRUSTED;
    if (expected === undefined) return; // under test-electron the trust state is whatever the runner chose
    assert.equal(vscode.workspace.isTrusted, expected === '1');
    // The extension activates and its view provider works in both states.
    await vscode.commands.executeCommand('claudeMessages.newChat');
    assert.equal(extensionUnderTest().isActive, true);
  });
});

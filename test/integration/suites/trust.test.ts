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
    // Both harnesses (code-server here, test-electron elsewhere) say which state they set up; a missing value is
    // a harness bug, not a reason to pass.
    const expected = process.env.CLAUDE_MESSAGES_EXPECT_TRUSTED;
    assert.ok(expected === '0' || expected === '1', `CLAUDE_MESSAGES_EXPECT_TRUSTED is ${expected}`);
    assert.equal(vscode.workspace.isTrusted, expected === '1');
    // The extension activates and its view provider works in both states.
    await vscode.commands.executeCommand('claudeMessages.newChat');
    assert.equal(extensionUnderTest().isActive, true);
  });
});

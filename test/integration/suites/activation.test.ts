import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { contributes, extensionUnderTest, wasActiveAtStart } from '../extensionUnderTest';

suite('activation', () => {
  test('the extension is installed and stays inactive until it is used', () => {
    // Activation is only on the view or a command (never `*` or startup), so a fresh window had not loaded it
    // when the suites started (recorded then, so this holds whichever test runs first).
    assert.equal(wasActiveAtStart(), false);
    const events =
      (extensionUnderTest().packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'), `eager activation: ${events}`);
  });

  test('"Claude: New Chat" activates it and opens the chat view', async () => {
    await vscode.commands.executeCommand('claudeMessages.newChat');
    assert.equal(extensionUnderTest().isActive, true);
  });

  test('every contributed command is registered and titled "Claude: ..."', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const c of contributes().commands) {
      assert.ok(registered.has(c.command), `${c.command} is contributed but not registered`);
      assert.match(c.command, /^claudeMessages\.[a-z][A-Za-z]+$/);
      assert.equal(c.category, 'Claude', `${c.command} should show as "Claude: ${c.title}"`);
    }
  });
});

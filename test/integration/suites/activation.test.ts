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

  test('our keyboard shortcuts take no key VS Code binds by default (Ctrl+Alt+M focuses the composer)', async () => {
    // VS Code's own default keybindings for this platform, as the "Open Default Keyboard Shortcuts (JSON)" shows.
    await vscode.commands.executeCommand('workbench.action.openDefaultKeybindingsFile');
    const doc = vscode.window.activeTextEditor?.document;
    assert.ok(doc, 'the default keybindings file did not open');
    const text = doc.getText();
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // The file lists every binding not the user's own, extensions' included: ours are left out of the comparison.
    const defaults = new Map<string, string>();
    for (const m of text.matchAll(/"key":\s*"([^"]+)",\s*"command":\s*"([^"]+)"/g)) {
      if (!m[2]!.startsWith('claudeMessages.') && !m[2]!.startsWith('-'))
        defaults.set(m[1]!.toLowerCase(), m[2]!);
    }
    assert.ok(defaults.size > 100, `read only ${defaults.size} default keys`);
    const ours = contributes().keybindings;
    assert.ok(ours.some((k) => k.command === 'claudeMessages.focusComposer' && k.key === 'ctrl+alt+m'));
    for (const k of ours) {
      const key = process.platform === 'darwin' && k.mac ? k.mac : k.key;
      assert.ok(
        !defaults.has(key),
        `${k.command}'s ${key} is also VS Code's binding for ${defaults.get(key)}`,
      );
    }
  });
});

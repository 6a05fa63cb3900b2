// Activation: only on the chat view or one of our commands (package.json has no `*`/startup events).
// Keep this cheap: register and return; anything heavy happens on first use.
import * as vscode from 'vscode';
import { ChatViewProvider } from './chatViewProvider';
import { SECRET_KEY_ID } from './connection';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Claude Messages', { log: true });
  const chat = new ChatViewProvider(context, log);
  context.subscriptions.push(
    log,
    chat,
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chat, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand('claudeMessages.newChat', () => chat.newChat()),
    vscode.commands.registerCommand('claudeMessages.stop', () => chat.stop()),
    vscode.commands.registerCommand('claudeMessages.setApiKey', () => setApiKey(context.secrets)),
    vscode.commands.registerCommand('claudeMessages.clearApiKey', () => clearApiKey(context.secrets)),
    vscode.commands.registerCommand('claudeMessages.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:claude-messages.claude-messages'),
    ),
  );
}

export function deactivate(): void {}

async function setApiKey(secrets: vscode.SecretStorage): Promise<void> {
  const key = await vscode.window.showInputBox({
    title: 'Claude: Set API Key',
    prompt:
      "Your Anthropic API key or your gateway's key. Stored in VS Code's secret storage, never in settings.",
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim() === ''
        ? 'Enter a key, or press Escape to cancel.'
        : /\s/.test(v.trim())
          ? 'A key has no spaces.'
          : undefined,
  });
  if (key === undefined) return;
  await secrets.store(SECRET_KEY_ID, key.trim());
  void vscode.window.showInformationMessage('Claude: API key saved in secret storage.');
}

async function clearApiKey(secrets: vscode.SecretStorage): Promise<void> {
  await secrets.delete(SECRET_KEY_ID);
  void vscode.window.showInformationMessage('Claude: API key removed.');
}

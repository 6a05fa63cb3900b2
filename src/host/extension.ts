// Activation: only on the chat view or one of our commands (package.json has no `*`/startup events).
// Keep this cheap: register and return; anything heavy happens on first use.
import * as vscode from 'vscode';
import { ChatViewProvider } from './chatViewProvider';
import { registerEditorActions } from './editorActions';
import { exportChat } from './exportChat';
import { showHistory } from './history';
import { selectModel } from './selectModel';
import { clearApiKey, selectEndpoint, setApiKey, addEndpoint } from './profiles';
import { EndpointStatusItem } from './statusBar';
import { ConnectionReports, testConnection } from './testConnection';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Claude Messages', { log: true });
  const chat = new ChatViewProvider(context, log);
  const reports = new ConnectionReports();
  context.subscriptions.push(
    log,
    chat,
    reports,
    new EndpointStatusItem(context.secrets),
    vscode.window.registerWebviewViewProvider(ChatViewProvider.viewId, chat, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    vscode.commands.registerCommand('claudeMessages.newChat', () => chat.newChat()),
    vscode.commands.registerCommand('claudeMessages.stop', () => chat.stop()),
    vscode.commands.registerCommand('claudeMessages.showHistory', () => showHistory(chat)),
    vscode.commands.registerCommand('claudeMessages.selectModel', () => selectModel(context.secrets)),
    vscode.commands.registerCommand('claudeMessages.exportChat', () => exportChat(chat)),
    vscode.commands.registerCommand('claudeMessages.setApiKey', () => setApiKey(context.secrets)),
    vscode.commands.registerCommand('claudeMessages.clearApiKey', () => clearApiKey(context.secrets)),
    vscode.commands.registerCommand('claudeMessages.selectEndpoint', () => selectEndpoint(context.secrets)),
    vscode.commands.registerCommand('claudeMessages.addEndpoint', () => addEndpoint(context.secrets)),
    vscode.commands.registerCommand('claudeMessages.testConnection', () =>
      testConnection(context.secrets, log, reports),
    ),
    vscode.commands.registerCommand('claudeMessages.showLog', () => log.show()),
    ...registerEditorActions(chat),
    vscode.commands.registerCommand('claudeMessages.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:claude-messages.claude-messages'),
    ),
  );
}

export function deactivate(): void {}

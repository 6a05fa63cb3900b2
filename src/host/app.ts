// Everything the extension does once it is first used: the chat view, the session and Messages client, the
// connection, the editor actions. Loaded by extension.ts on the first command or when the view first opens,
// so activation itself stays cheap (docs/performance.md, P5 and P6).
import type * as vscode from 'vscode';
import { commands, l10n, window } from 'vscode';
import { ChatViewProvider } from './view/chatViewProvider';
import type { CommandId } from './commandIds';
import { contextCommandHandlers } from './editor/contextCommands';
import { editorActionHandlers } from './editor/editorActions';
import { exportChat } from './chat/exportChat';
import { showHistory } from './chat/historyPicker';
import { addEndpoint, clearApiKey, selectEndpoint, setApiKey } from './connection/endpointCommands';
import { SelectionReplacer } from './editor/replaceSelection';
import { chooseEndpointKind } from './connection/endpointKind';
import { selectModel } from './connection/selectModel';
import { EndpointStatusItem } from './connection/endpointStatusItem';
import { ConnectionReports, testConnection } from './connection/testConnection';
import { manageLanguageModels } from './lm/manageLanguageModels';
import { createTestHooks, type TestHooks } from './testHooks';
import { externalSetup } from './tools/externalSetup';
import { showMcpServers } from './mcp/mcpServersPick';

export interface App {
  view: ChatViewProvider;
  /** The integration suites' seam (src/host/testHooks.ts); only called when its command is registered. */
  testHooks(): TestHooks;
  commands: Record<CommandId, (...args: never[]) => unknown>;
  disposables: vscode.Disposable[];
}

export function createApp(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): App {
  const replacer = new SelectionReplacer();
  const view = new ChatViewProvider(context, log, (id, code) => replacer.replace(id, code));
  const reports = new ConnectionReports();
  const secrets = context.secrets;
  const status = new EndpointStatusItem(secrets);
  let hooks: TestHooks | undefined;
  return {
    view,
    testHooks: () => (hooks ??= createTestHooks(view)),
    disposables: [
      view,
      reports,
      replacer,
      status,
      view.chat.onDidChangeBusy((busy) => status.setBusy(busy)),
      { dispose: () => hooks?.dispose() },
    ],
    commands: {
      'claudeMessages.newChat': () => view.newChat(),
      'claudeMessages.stop': () => view.stop(),
      'claudeMessages.showHistory': () => showHistory(view),
      'claudeMessages.exportChat': () => exportChat(view),
      'claudeMessages.selectModel': () => selectModel(secrets),
      'claudeMessages.setApiKey': () => setApiKey(secrets),
      'claudeMessages.clearApiKey': () => clearApiKey(secrets),
      'claudeMessages.selectEndpoint': () => selectEndpoint(secrets),
      'claudeMessages.addEndpoint': () => addEndpoint(secrets),
      'claudeMessages.chooseEndpointKind': (kind?: unknown) => chooseEndpointKind(secrets, kind),
      'claudeMessages.testConnection': () => testConnection(secrets, log, reports),
      'claudeMessages.showLog': () => log.show(),
      'claudeMessages.manageLanguageModels': () => manageLanguageModels(secrets),
      'claudeMessages.focusComposer': () => view.focusComposer(),
      'claudeMessages.compactConversation': () => view.chat.compact(),
      'claudeMessages.mcpServers': () => showMcpServers(externalSetup(context, log).mcp, log),
      'claudeMessages.openSettings': () =>
        commands.executeCommand('workbench.action.openSettings', '@ext:claude-messages.claude-messages'),
      ...editorActionHandlers(view, replacer),
      ...contextCommandHandlers(view),
    },
  };
}

/** Shown when loading the app fails: the error is in the log, the user is told where to look. */
export function reportLoadFailure(log: vscode.LogOutputChannel, e: unknown): void {
  log.error(`Claude Messages failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  void window.showErrorMessage(l10n.t('Claude Messages failed to start; see the "Claude Messages" log.'));
}

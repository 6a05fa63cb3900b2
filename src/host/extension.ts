// Activation: only on the chat view, one of our commands, or when something asks VS Code for language models of our
// vendor (package.json has no `*`/startup events). It registers every command, the view and the language-model
// provider with thin entries and returns; the app behind them (the Messages client,
// zod schemas, session, connection) is loaded on first use. esbuild turns the dynamic import into a lazily
// evaluated part of the same bundle, so nothing of it runs at activation.
import * as vscode from 'vscode';
import { setTranslator } from '../core/l10n';
import type { App } from './app';
import { COMMAND_IDS, TEST_HOOKS_COMMAND, TEST_HOOKS_ENV } from './commandIds';
import { registerLanguageModels } from './lm/register';
import type { TestHookRequest } from './testHooks';

const VIEW_ID = 'claudeMessages.chat';

export function activate(context: vscode.ExtensionContext): void {
  // Core's strings in the user's display language (src/core/l10n.ts).
  setTranslator((message, ...args) => vscode.l10n.t(message, ...args)); // l10n-seam
  const log = vscode.window.createOutputChannel('Claude Messages', { log: true });
  let app: Promise<App> | undefined;
  const load = (): Promise<App> =>
    (app ??= import('./app').then((m) => {
      try {
        const created = m.createApp(context, log);
        context.subscriptions.push(...created.disposables);
        return created;
      } catch (e) {
        m.reportLoadFailure(log, e);
        throw e;
      }
    }));

  context.subscriptions.push(
    log,
    vscode.window.registerWebviewViewProvider(
      VIEW_ID,
      { resolveWebviewView: async (view) => (await load()).view.resolveWebviewView(view) },
      { webviewOptions: { retainContextWhenHidden: false } },
    ),
    ...COMMAND_IDS.map((id) =>
      vscode.commands.registerCommand(id, async (...args: unknown[]) =>
        ((await load()).commands[id] as (...a: unknown[]) => unknown)(...args),
      ),
    ),
  );
  // Our endpoints as VS Code language models, where the host has the API; the provider itself loads on first use.
  registerLanguageModels(context, log);

  // The integration suites' seam (src/host/testHooks.ts): never registered outside them.
  if (process.env[TEST_HOOKS_ENV] === '1')
    context.subscriptions.push(
      vscode.commands.registerCommand(TEST_HOOKS_COMMAND, async (request: TestHookRequest) =>
        (await load()).testHooks().run(request),
      ),
    );
}

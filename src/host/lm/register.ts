// The language-model provider (vendor `claude-messages`) as activation registers it: a thin stand-in that answers
// "no models" while the user has not offered them, and otherwise loads the real provider (provider.ts) on first use,
// the way extension.ts loads the app (docs/performance.md, P5 and P10). On a host without the provider API (an older
// VS Code, a fork that lacks or stubs it) nothing is registered and the rest of the extension works as before.
import * as vscode from 'vscode';
import { apiFunction } from '../../core/lm/featureDetect';
import { modelsOffered, notOfferedError, offerToTurnOn } from './consent';
import type { LanguageModelService } from './provider';

export const VENDOR = 'claude-messages';

type Register = typeof vscode.lm.registerLanguageModelChatProvider;

/** Registers the provider when the host has the API; returns whether it did. */
export function registerLanguageModels(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): boolean {
  const register = apiFunction<Register>(() => vscode.lm, 'registerLanguageModelChatProvider');
  if (!register) {
    log.info(
      'This VS Code has no language-model provider API: the endpoints are not offered as language models.',
    );
    return false;
  }
  // Settings or keys changed: VS Code asks for the model list again, and the service forgets what it listed.
  const changed = new vscode.EventEmitter<void>();
  let service: Promise<LanguageModelService> | undefined;
  const load = (): Promise<LanguageModelService> =>
    (service ??= import('./provider').then((m) =>
      m.createLanguageModelService({ context, log, changed: changed.event }),
    ));

  const provider: vscode.LanguageModelChatProvider = {
    onDidChangeLanguageModelChatInformation: changed.event,
    async provideLanguageModelChatInformation(options, token) {
      if (!modelsOffered()) {
        if (!options.silent) offerToTurnOn('list');
        return [];
      }
      return (await load()).models(options, token);
    },
    async provideLanguageModelChatResponse(model, messages, options, progress, token) {
      if (!modelsOffered()) {
        log.warn(`Language model request for ${model.id} refused: the models are not offered (setting off).`);
        offerToTurnOn('request');
        throw notOfferedError();
      }
      return (await load()).respond({ model, messages, options, progress, token });
    },
    async provideTokenCount(model, text, token) {
      return (await load()).countTokens(model, text, token);
    },
  };
  try {
    context.subscriptions.push(
      changed,
      register(VENDOR, provider),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('claudeMessages')) changed.fire();
      }),
      context.secrets.onDidChange(() => changed.fire()),
    );
    return true;
  } catch (e) {
    log.warn(
      `The language-model provider could not be registered: ${e instanceof Error ? e.message : String(e)}. The rest of the extension works.`,
    );
    return false;
  }
}

// Whether the user chose to offer the endpoints as language models (docs/threat-model.md, K6). VS Code promises a
// consent dialog when an extension first uses another's models, but VS Code 1.139 showed none, so the choice is
// ours: off until the user turns on `claudeMessages.languageModels.enabled` (application scope, read from user
// settings only). Loaded at activation: it must stay small and import nothing but `vscode`.
import * as vscode from 'vscode';

export const ENABLED_SETTING = 'languageModels.enabled';
const FULL_SETTING = `claudeMessages.${ENABLED_SETTING}`;

/** True only when the user turned the setting on in their own settings. */
export function modelsOffered(): boolean {
  return (
    vscode.workspace.getConfiguration('claudeMessages').inspect<boolean>(ENABLED_SETTING)?.globalValue ===
    true
  );
}

export async function setModelsOffered(on: boolean): Promise<void> {
  await vscode.workspace
    .getConfiguration('claudeMessages')
    .update(ENABLED_SETTING, on ? true : undefined, vscode.ConfigurationTarget.Global);
}

export function notOfferedMessage(): string {
  return vscode.l10n.t(
    'Claude Messages does not offer its endpoints as language models: every request would spend your API key, so this is off until you turn it on (setting {0}, or "Claude: Manage Language Models").',
    FULL_SETTING,
  );
}

/** The error a request gets while the models are not offered. */
export function notOfferedError(): vscode.LanguageModelError {
  return vscode.LanguageModelError.NoPermissions(notOfferedMessage());
}

let asking = false;

/**
 * Tells the user something asked for the models while they are not offered, and offers to turn them on. One
 * notification at a time: a caller retrying in a loop does not stack them up.
 */
export function offerToTurnOn(reason: 'request' | 'list'): void {
  if (asking) return;
  asking = true;
  const text =
    reason === 'request'
      ? vscode.l10n.t(
          'A request for a Claude Messages language model was refused: offering your endpoints as language models to VS Code and other extensions is off. Requests spend your API key.',
        )
      : vscode.l10n.t(
          'Offer your Claude Messages endpoints as language models to VS Code and other extensions? Requests spend your API key.',
        );
  const turnOn = vscode.l10n.t('Turn On');
  void vscode.window
    .showInformationMessage(text, turnOn, vscode.l10n.t('Not Now'))
    .then(async (choice) => {
      if (choice === turnOn) await setModelsOffered(true);
    })
    .then(
      () => (asking = false),
      () => (asking = false),
    );
}

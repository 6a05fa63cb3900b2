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

export const NOT_OFFERED_MESSAGE =
  `Claude Messages does not offer its endpoints as language models: every request would spend your API key, so ` +
  `this is off until you turn it on (setting ${FULL_SETTING}, or "Claude: Manage Language Models").`;

/** The error a request gets while the models are not offered. */
export function notOfferedError(): vscode.LanguageModelError {
  return vscode.LanguageModelError.NoPermissions(NOT_OFFERED_MESSAGE);
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
      ? 'A request for a Claude Messages language model was refused: offering your endpoints as language models to VS Code and other extensions is off. Requests spend your API key.'
      : 'Offer your Claude Messages endpoints as language models to VS Code and other extensions? Requests spend your API key.';
  void vscode.window
    .showInformationMessage(text, 'Turn On', 'Not Now')
    .then(async (choice) => {
      if (choice === 'Turn On') await setModelsOffered(true);
    })
    .then(
      () => (asking = false),
      () => (asking = false),
    );
}

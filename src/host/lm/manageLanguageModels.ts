// "Claude: Manage Language Models": whether the endpoints are offered as language models, and the way to the
// endpoint and key commands. VS Code runs it from its model picker (the contribution's managementCommand).
import * as vscode from 'vscode';
import { keyFor, readProfileSettings } from '../connection/resolveConnection';
import { modelsOffered, setModelsOffered } from './consent';

export async function manageLanguageModels(secrets: vscode.SecretStorage): Promise<void> {
  const offered = modelsOffered();
  const { read } = readProfileSettings();
  const keyed: string[] = [];
  for (const p of read.profiles) if ((await keyFor(secrets, p)).key) keyed.push(p.name);
  type Item = vscode.QuickPickItem & { run: () => Thenable<unknown> };
  const items: Item[] = [
    offered
      ? {
          label: `$(circle-slash) ${vscode.l10n.t('Stop Offering Models')}`,
          detail: vscode.l10n.t(
            'VS Code and other extensions can no longer use your endpoints (requests spend your API key).',
          ),
          run: () => setModelsOffered(false),
        }
      : {
          label: `$(check) ${vscode.l10n.t('Offer Models to VS Code and Other Extensions')}`,
          detail: vscode.l10n.t(
            'Every profile with a key appears as language models (vendor "claude-messages"); requests spend your API key.',
          ),
          run: () => setModelsOffered(true),
        },
    {
      label: `$(server) ${vscode.l10n.t('Select Endpoint…')}`,
      detail: vscode.l10n.t('Choose the active profile, or add one'),
      run: () => vscode.commands.executeCommand('claudeMessages.selectEndpoint'),
    },
    {
      label: `$(key) ${vscode.l10n.t('Set API Key…')}`,
      detail: vscode.l10n.t('The key of the active profile'),
      run: () => vscode.commands.executeCommand('claudeMessages.setApiKey'),
    },
    {
      label: `$(output) ${vscode.l10n.t('Show Log')}`,
      detail: vscode.l10n.t(
        'Each language-model request is logged with its model, profile and calling extension',
      ),
      run: () => vscode.commands.executeCommand('claudeMessages.showLog'),
    },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Claude: Manage Language Models'),
    placeHolder: vscode.l10n.t(
      '{0} Profiles with a key: {1}',
      offered ? vscode.l10n.t('Models are offered.') : vscode.l10n.t('Models are not offered.'),
      keyed.length ? keyed.join(', ') : vscode.l10n.t('none'),
    ),
  });
  await pick?.run();
}

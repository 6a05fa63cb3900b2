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
          label: '$(circle-slash) Stop Offering Models',
          detail:
            'VS Code and other extensions can no longer use your endpoints (requests spend your API key).',
          run: () => setModelsOffered(false),
        }
      : {
          label: '$(check) Offer Models to VS Code and Other Extensions',
          detail:
            'Every profile with a key appears as language models (vendor "claude-messages"); requests spend your API key.',
          run: () => setModelsOffered(true),
        },
    {
      label: '$(server) Select Endpoint…',
      detail: 'Choose the active profile, or add one',
      run: () => vscode.commands.executeCommand('claudeMessages.selectEndpoint'),
    },
    {
      label: '$(key) Set API Key…',
      detail: 'The key of the active profile',
      run: () => vscode.commands.executeCommand('claudeMessages.setApiKey'),
    },
    {
      label: '$(output) Show Log',
      detail: 'Each language-model request is logged with its model, profile and calling extension',
      run: () => vscode.commands.executeCommand('claudeMessages.showLog'),
    },
  ];
  const state = offered ? 'offered' : 'not offered';
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Claude: Manage Language Models',
    placeHolder: `Models are ${state}. Profiles with a key: ${keyed.length ? keyed.join(', ') : 'none'}`,
  });
  await pick?.run();
}

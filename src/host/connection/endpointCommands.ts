// Connection profiles in the UI: "Claude: Select Endpoint" (a quick pick, also behind the status-bar item),
// adding a profile, and the key of the active profile ("Claude: Set API Key" / "Claude: Clear API Key").
// Profiles live in user settings (application scope); each key in SecretStorage under the profile's own id.
import * as vscode from 'vscode';
import { DEFAULT_PROFILE, secretIdFor } from '../../core/connection/profiles';
import { checkBaseUrl } from '../../core/connection/endpointSettings';
import { readProfileSettings } from './resolveConnection';

interface StoredProfile {
  name: string;
  baseUrl: string;
  apiFormat: 'messages' | 'chat-completions';
  authHeader: 'x-api-key' | 'bearer';
  anthropicVersion?: string;
  extraHeaders?: Record<string, string>;
}

const config = () => vscode.workspace.getConfiguration('claudeMessages');

function activeName(): string {
  const { active } = readProfileSettings();
  return 'profile' in active ? active.profile.name : active.name;
}

export async function selectEndpoint(secrets: vscode.SecretStorage): Promise<void> {
  const { read } = readProfileSettings();
  const current = activeName();
  type Item = vscode.QuickPickItem & { run: () => Thenable<unknown> };
  const items: Item[] = [];
  for (const p of read.profiles) {
    const hasKey = (await secrets.get(p.secretId)) !== undefined;
    items.push({
      label: `${p.name === current ? '$(check) ' : ''}${p.name}`,
      description: p.endpoint.baseUrl,
      detail: `${p.endpoint.apiFormat} · key as ${p.endpoint.authHeader} · ${hasKey ? 'key stored' : p.usesEnvironment ? 'key from secret storage or ANTHROPIC_* variables' : 'no key yet'}`,
      run: () => activate(p.name),
    });
  }
  for (const [name, problems] of read.invalid) {
    items.push({
      label: `$(warning) ${name}`,
      description: 'needs fixing',
      detail: problems[0] ? `${problems[0].setting} ${problems[0].message}` : undefined,
      run: openProfilesJson,
    });
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator, run: async () => undefined },
    {
      label: '$(add) Add Endpoint…',
      detail: 'A named endpoint with its own URL, format, auth header and key',
      run: () => addEndpoint(secrets),
    },
    { label: '$(json) Edit Profiles in settings.json', run: openProfilesJson },
  );
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Claude: Select Endpoint',
    placeHolder: `Active: ${current}`,
    matchOnDescription: true,
  });
  await pick?.run();
}

async function activate(name: string): Promise<void> {
  await config().update(
    'activeProfile',
    name === DEFAULT_PROFILE ? undefined : name,
    vscode.ConfigurationTarget.Global,
  );
}

function openProfilesJson(): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettingsJson', {
    revealSetting: { key: 'claudeMessages.profiles' },
  });
}

/** Asks for a name, URL, format and auth header; saves the profile (user settings), activates it, asks for its key. */
export async function addEndpoint(secrets: vscode.SecretStorage): Promise<void> {
  const { read } = readProfileSettings();
  const taken = new Set([...read.profiles.map((p) => p.name), ...read.invalid.keys()]);
  const name = await vscode.window.showInputBox({
    title: 'Claude: Add Endpoint (1/4)',
    prompt: 'A name for this endpoint, e.g. "Company gateway"',
    ignoreFocusOut: true,
    validateInput: (v) =>
      !v.trim() ? 'Enter a name.' : taken.has(v.trim()) ? 'That name is taken.' : undefined,
  });
  if (name === undefined) return;
  const baseUrl = await vscode.window.showInputBox({
    title: 'Claude: Add Endpoint (2/4)',
    prompt: 'Base URL (the root, without /v1/messages)',
    placeHolder: 'https://gateway.example.com',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = checkBaseUrl(v);
      return 'problem' in r ? `The base URL ${r.problem}` : undefined;
    },
  });
  if (baseUrl === undefined) return;
  const format = await vscode.window.showQuickPick(
    [
      { label: 'messages', detail: "Anthropic's Messages API: POST /v1/messages" },
      { label: 'chat-completions', detail: 'OpenAI-compatible: POST /v1/chat/completions' },
    ],
    { title: 'Claude: Add Endpoint (3/4): wire format', ignoreFocusOut: true },
  );
  if (!format) return;
  const auth = await vscode.window.showQuickPick(
    [
      { label: 'x-api-key', detail: "The key in the x-api-key header (Anthropic's default)" },
      { label: 'bearer', detail: 'Authorization: Bearer <key> (many gateways)' },
    ],
    { title: 'Claude: Add Endpoint (4/4): how the key is sent', ignoreFocusOut: true },
  );
  if (!auth) return;
  const profile: StoredProfile = {
    name: name.trim(),
    baseUrl: (checkBaseUrl(baseUrl) as { url: string }).url,
    apiFormat: format.label as StoredProfile['apiFormat'],
    authHeader: auth.label as StoredProfile['authHeader'],
  };
  const existing = config().inspect<StoredProfile[]>('profiles')?.globalValue ?? [];
  await config().update('profiles', [...existing, profile], vscode.ConfigurationTarget.Global);
  await activate(profile.name);
  await setApiKey(secrets);
}

export async function setApiKey(secrets: vscode.SecretStorage): Promise<void> {
  const name = activeName();
  const key = await vscode.window.showInputBox({
    title: `Claude: Set API Key (${name})`,
    prompt: `The key for "${name}". Stored in VS Code's secret storage, never in settings.`,
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
  await secrets.store(secretIdFor(name), key.trim());
  // Not awaited: the command finishes when the key is stored, not when the notification is dismissed.
  void vscode.window
    .showInformationMessage(`Claude: API key for "${name}" saved in secret storage.`, 'Test Connection')
    .then((choice) => choice && vscode.commands.executeCommand('claudeMessages.testConnection'));
}

export async function clearApiKey(secrets: vscode.SecretStorage): Promise<void> {
  const name = activeName();
  await secrets.delete(secretIdFor(name));
  void vscode.window.showInformationMessage(`Claude: API key for "${name}" removed.`);
}

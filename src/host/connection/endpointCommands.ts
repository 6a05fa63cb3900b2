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
      detail: `${p.endpoint.apiFormat} · ${vscode.l10n.t('key as {0}', p.endpoint.authHeader)} · ${hasKey ? vscode.l10n.t('key stored') : p.usesEnvironment ? vscode.l10n.t('key from secret storage or ANTHROPIC_* variables') : vscode.l10n.t('no key yet')}`,
      run: () => activate(p.name),
    });
  }
  for (const [name, problems] of read.invalid) {
    items.push({
      label: `$(warning) ${name}`,
      description: vscode.l10n.t('needs fixing'),
      detail: problems[0] ? `${problems[0].setting} ${problems[0].message}` : undefined,
      run: openProfilesJson,
    });
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator, run: async () => undefined },
    {
      label: `$(add) ${vscode.l10n.t('Add Endpoint…')}`,
      detail: vscode.l10n.t('A named endpoint with its own URL, format, auth header and key'),
      run: () => addEndpoint(secrets),
    },
    { label: `$(json) ${vscode.l10n.t('Edit Profiles in settings.json')}`, run: openProfilesJson },
  );
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Claude: Select Endpoint'),
    placeHolder: vscode.l10n.t('Active: {0}', current),
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
    title: vscode.l10n.t('Claude: Add Endpoint ({0}/{1})', 1, 4),
    prompt: vscode.l10n.t('A name for this endpoint, e.g. "Company gateway"'),
    ignoreFocusOut: true,
    validateInput: (v) =>
      !v.trim()
        ? vscode.l10n.t('Enter a name.')
        : taken.has(v.trim())
          ? vscode.l10n.t('That name is taken.')
          : undefined,
  });
  if (name === undefined) return;
  const baseUrl = await vscode.window.showInputBox({
    title: vscode.l10n.t('Claude: Add Endpoint ({0}/{1})', 2, 4),
    prompt: vscode.l10n.t('Base URL (the root, without /v1/messages)'),
    placeHolder: 'https://gateway.example.com',
    ignoreFocusOut: true,
    validateInput: (v) => {
      const r = checkBaseUrl(v);
      return 'problem' in r ? vscode.l10n.t('The base URL {0}', r.problem) : undefined;
    },
  });
  if (baseUrl === undefined) return;
  const format = await vscode.window.showQuickPick(
    [
      { label: 'messages', detail: vscode.l10n.t("Anthropic's Messages API: POST /v1/messages") },
      { label: 'chat-completions', detail: vscode.l10n.t('OpenAI-compatible: POST /v1/chat/completions') },
    ],
    { title: vscode.l10n.t('Claude: Add Endpoint ({0}/{1}): wire format', 3, 4), ignoreFocusOut: true },
  );
  if (!format) return;
  const auth = await vscode.window.showQuickPick(
    [
      { label: 'x-api-key', detail: vscode.l10n.t("The key in the x-api-key header (Anthropic's default)") },
      { label: 'bearer', detail: vscode.l10n.t('Authorization: Bearer <key> (many gateways)') },
    ],
    {
      title: vscode.l10n.t('Claude: Add Endpoint ({0}/{1}): how the key is sent', 4, 4),
      ignoreFocusOut: true,
    },
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
    title: vscode.l10n.t('Claude: Set API Key ({0})', name),
    prompt: vscode.l10n.t('The key for "{0}". Stored in VS Code\'s secret storage, never in settings.', name),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) =>
      v.trim() === ''
        ? vscode.l10n.t('Enter a key, or press Escape to cancel.')
        : /\s/.test(v.trim())
          ? vscode.l10n.t('A key has no spaces.')
          : undefined,
  });
  if (key === undefined) return;
  await secrets.store(secretIdFor(name), key.trim());
  // Not awaited: the command finishes when the key is stored, not when the notification is dismissed.
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t('Claude: API key for "{0}" saved in secret storage.', name),
      vscode.l10n.t('Test Connection'),
    )
    .then((choice) => choice && vscode.commands.executeCommand('claudeMessages.testConnection'));
}

export async function clearApiKey(secrets: vscode.SecretStorage): Promise<void> {
  const name = activeName();
  await secrets.delete(secretIdFor(name));
  void vscode.window.showInformationMessage(vscode.l10n.t('Claude: API key for "{0}" removed.', name));
}

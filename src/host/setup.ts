// Works out whether chat can run: an endpoint and a key. The key is looked up but never returned here,
// so nothing that reaches the webview can carry it.
import * as vscode from 'vscode';
import type { SetupState } from '../shared/protocol';

export const SECRET_KEY_ID = 'claudeMessages.apiKey';

export async function hasStoredKey(secrets: vscode.SecretStorage): Promise<boolean> {
  return Boolean(await secrets.get(SECRET_KEY_ID));
}

export async function readSetupState(secrets: vscode.SecretStorage): Promise<SetupState> {
  const config = vscode.workspace.getConfiguration('claudeMessages');
  // An empty variable counts as unset, as in Anthropic's own tools.
  const envBase = process.env.ANTHROPIC_BASE_URL?.trim() || undefined;
  const configuredBase = config.inspect<string>('baseUrl');
  const userSetBase = configuredBase?.globalValue ?? undefined;
  const endpoint = userSetBase ?? envBase ?? configuredBase?.defaultValue ?? '';
  const model = config.get<string>('model') ?? '';
  const problems: SetupState['problems'] = [];

  const keyFromEnv = Boolean(process.env.ANTHROPIC_API_KEY || process.env.ANTHROPIC_AUTH_TOKEN);
  if (!keyFromEnv && !(await hasStoredKey(secrets))) problems.push('noKey');

  let detail: string | undefined;
  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    problems.push('noEndpoint');
    detail = endpoint ? `"${endpoint}" is not an http(s) URL.` : undefined;
  }
  return { ready: problems.length === 0, problems, endpoint, model, detail };
}

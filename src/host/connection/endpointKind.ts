// "Claude: Choose Endpoint Kind": the walkthrough's first step. Writes the Default profile's settings for one of the
// four kinds (src/core/connection/endpointKinds.ts), asking a gateway's URL, makes Default active, then asks for the
// key. A walkthrough link passes the kind as the argument; from the palette a quick pick asks for it.
import * as vscode from 'vscode';
import { checkBaseUrl } from '../../core/connection/endpointSettings';
import {
  ANTHROPIC_BASE_URL,
  isEndpointKind,
  settingsForKind,
  type EndpointKind,
} from '../../core/connection/endpointKinds';
import { setApiKey } from './endpointCommands';

function kindItems(): (vscode.QuickPickItem & { endpointKind: EndpointKind })[] {
  return [
    {
      endpointKind: 'anthropic',
      label: vscode.l10n.t('Anthropic'),
      detail: vscode.l10n.t('api.anthropic.com with an Anthropic API key (x-api-key)'),
    },
    {
      endpointKind: 'gatewayBearer',
      label: vscode.l10n.t('Gateway with Bearer'),
      detail: vscode.l10n.t('Messages API; the key sent as Authorization: Bearer <key>'),
    },
    {
      endpointKind: 'gatewayApiKey',
      label: vscode.l10n.t('Gateway with x-api-key'),
      detail: vscode.l10n.t('Messages API; the key sent in the x-api-key header'),
    },
    {
      endpointKind: 'chatCompletions',
      label: vscode.l10n.t('Chat Completions only'),
      detail: vscode.l10n.t('OpenAI-compatible POST /v1/chat/completions; the key sent as Bearer'),
    },
  ];
}

export async function chooseEndpointKind(secrets: vscode.SecretStorage, arg?: unknown): Promise<void> {
  let kind = isEndpointKind(arg) ? arg : undefined;
  if (!kind) {
    const pick = await vscode.window.showQuickPick(kindItems(), {
      title: vscode.l10n.t('Claude: Choose Endpoint Kind'),
      placeHolder: vscode.l10n.t('What kind of endpoint will you use?'),
      ignoreFocusOut: true,
    });
    if (!pick) return;
    kind = pick.endpointKind;
  }
  const config = vscode.workspace.getConfiguration('claudeMessages');
  let gatewayUrl = ANTHROPIC_BASE_URL;
  if (kind !== 'anthropic') {
    const current = config.get<string>('baseUrl');
    const entered = await vscode.window.showInputBox({
      title: vscode.l10n.t('Claude: Choose Endpoint Kind'),
      prompt: vscode.l10n.t("Your gateway's base URL (the root, without /v1/messages)"),
      placeHolder: 'https://gateway.example.com',
      value: current && current !== ANTHROPIC_BASE_URL ? current : undefined,
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = checkBaseUrl(v);
        return 'problem' in r ? vscode.l10n.t('The base URL {0}', r.problem) : undefined;
      },
    });
    if (entered === undefined) return;
    gatewayUrl = (checkBaseUrl(entered) as { url: string }).url;
  }
  const settings = settingsForKind(kind, gatewayUrl);
  const global = vscode.ConfigurationTarget.Global;
  // Anthropic's values are the defaults: clearing keeps settings.json free of noise.
  const orDefault = <T>(value: T, fallback: T) => (value === fallback ? undefined : value);
  await config.update('baseUrl', orDefault(settings.baseUrl, ANTHROPIC_BASE_URL), global);
  await config.update('apiFormat', orDefault(settings.apiFormat, 'messages'), global);
  await config.update('authHeader', orDefault(settings.authHeader, 'x-api-key'), global);
  await config.update('activeProfile', undefined, global);
  await setApiKey(secrets);
}

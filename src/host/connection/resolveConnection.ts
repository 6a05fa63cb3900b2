// Reads the settings, the active connection profile and its key into what the Messages client needs. The key comes
// from SecretStorage (one entry per profile), else, for the Default profile only, from ANTHROPIC_API_KEY /
// ANTHROPIC_AUTH_TOKEN. Everything that decides where the key goes is read from user (global) values only: the
// manifest scopes those settings to the application too, so a repository's .vscode/settings.json cannot redirect it.
import * as vscode from 'vscode';
import type { TurnDefaults } from '../../core/chat/turnRequest';
import { pickActive, readProfiles, type Profile } from '../../core/connection/profiles';
import {
  describeProblems,
  describeSetup,
  validateEndpoint,
  validateTurn,
  type SettingProblem,
} from '../../core/connection/endpointSettings';
import type { MessagesClientConfig } from '../../core/messages/client';
import { userValue } from '../userSettings';
import { networkAccess } from '../net/networkAccess';

export type SetupProblemKind = 'noKey' | 'noEndpoint' | 'badSettings';

export type Connection =
  | {
      ok: true;
      client: MessagesClientConfig;
      turn: TurnDefaults;
      endpoint: string;
      profile: string;
      /** Where the key came from, for reports; never the key. */
      keySource: string;
      verbose: boolean;
      /** The base URL as entered, when normalising changed it (Test Connection's note). */
      enteredBaseUrl?: string;
    }
  | {
      ok: false;
      problems: SetupProblemKind[];
      endpoint: string;
      model: string;
      profile: string;
      detail?: string;
      /** The profile, when it is valid: Test Connection can still run without a key. */
      partial?: { client: MessagesClientConfig; model: string; keySource: string; enteredBaseUrl?: string };
    };

function env(name: string): string | undefined {
  return process.env[name]?.trim() || undefined; // an empty variable counts as unset
}

const config = () => vscode.workspace.getConfiguration('claudeMessages');

/** All profiles as the user configured them, and which one is active. */
export function readProfileSettings() {
  const base = config().inspect<string>('baseUrl');
  const defaultEndpoint = validateEndpoint({
    baseUrl: base?.globalValue ?? env('ANTHROPIC_BASE_URL') ?? base?.defaultValue,
    apiFormat: userValue('apiFormat'),
    authHeader: userValue('authHeader'),
    anthropicVersion: userValue('anthropicVersion'),
    anthropicBeta: userValue('anthropicBeta'),
    extraHeaders: userValue('extraHeaders'),
  });
  const read = readProfiles(userValue('profiles'), defaultEndpoint, userValue('anthropicBeta'));
  return { read, active: pickActive(read, userValue('activeProfile')) };
}

/** The key for a profile and where it came from. */
export async function keyFor(
  secrets: vscode.SecretStorage,
  profile: Profile,
): Promise<{ key?: string; source: string; authHeader: Profile['endpoint']['authHeader'] }> {
  const stored = await secrets.get(profile.secretId);
  if (stored)
    return { key: stored, source: vscode.l10n.t('secret storage'), authHeader: profile.endpoint.authHeader };
  if (profile.usesEnvironment && env('ANTHROPIC_API_KEY'))
    return { key: env('ANTHROPIC_API_KEY'), source: 'ANTHROPIC_API_KEY', authHeader: 'x-api-key' };
  if (profile.usesEnvironment && env('ANTHROPIC_AUTH_TOKEN'))
    return { key: env('ANTHROPIC_AUTH_TOKEN'), source: 'ANTHROPIC_AUTH_TOKEN', authHeader: 'bearer' };
  return { source: vscode.l10n.t('nowhere (no key set)'), authHeader: profile.endpoint.authHeader };
}

export async function resolveConnection(secrets: vscode.SecretStorage): Promise<Connection> {
  const c = config();
  const { read, active } = readProfileSettings();
  const turn = validateTurn({
    model: c.get('model'),
    maxTokens: c.get('maxTokens'),
    // Instructions come from the user only (docs/threat-model.md, K5); the manifest scopes it to the application.
    systemPrompt: userValue('systemPrompt'),
    temperature: c.get('temperature'),
    topP: c.get('topP'),
    topK: c.get('topK'),
    stopSequences: c.get('stopSequences'),
    thinkingEnabled: c.get('thinking.enabled'),
    thinkingBudget: c.get('thinking.budgetTokens'),
    promptCaching: c.get('promptCaching'),
  });
  const model = (c.get<string>('model') ?? '').trim();
  const problems = new Set<SetupProblemKind>();
  const settingProblems: SettingProblem[] = [...read.problems];
  if (!turn.ok) settingProblems.push(...turn.problems);

  if (!('profile' in active)) {
    settingProblems.push(...active.problems);
    const urlProblem = active.problems.some((p) => p.setting.endsWith('.baseUrl'));
    problems.add(urlProblem ? 'noEndpoint' : 'badSettings');
    if (settingProblems.length > active.problems.length) problems.add('badSettings');
    return {
      ok: false,
      problems: [...problems],
      endpoint: rawBaseUrl(active.name),
      model,
      profile: active.name,
      detail: describeProblems(settingProblems),
    };
  }
  const profile = active.profile;
  const key = await keyFor(secrets, profile);
  const client = clientConfig(profile, key);
  const endpoint = label(profile);
  if (!key.key) problems.add('noKey');
  if (settingProblems.length > 0) problems.add('badSettings');
  if (problems.size > 0 || !turn.ok)
    return {
      ok: false,
      problems: [...problems],
      endpoint,
      model,
      profile: profile.name,
      detail: settingProblems.length ? describeProblems(settingProblems) : undefined,
      partial: { client, model, keySource: key.source, enteredBaseUrl: profile.endpoint.enteredBaseUrl },
    };
  return {
    ok: true,
    endpoint,
    profile: profile.name,
    keySource: key.source,
    enteredBaseUrl: profile.endpoint.enteredBaseUrl,
    verbose: userValue<boolean>('verboseLogging') === true,
    client,
    turn: turn.value,
  };
}

/**
 * The client settings for one profile and its key: that profile's endpoint, format, headers and auth only, and the
 * proxy-aware fetch every request goes through (src/host/net/networkAccess.ts).
 */
export function clientConfig(
  profile: Profile,
  key: Awaited<ReturnType<typeof keyFor>>,
): MessagesClientConfig {
  return {
    baseUrl: profile.endpoint.baseUrl,
    apiKey: key.key,
    authHeader: key.authHeader,
    apiFormat: profile.endpoint.apiFormat,
    anthropicVersion: profile.endpoint.anthropicVersion,
    anthropicBeta: profile.endpoint.anthropicBeta,
    extraHeaders: profile.endpoint.extraHeaders,
    fetch: networkAccess().fetch,
  };
}

/** What the UI calls the endpoint: its URL, with the profile's name when it is not the Default one. */
export function label(profile: Profile): string {
  return profile.name === 'Default'
    ? profile.endpoint.baseUrl
    : `${profile.endpoint.baseUrl} (${profile.name})`;
}

function rawBaseUrl(profileName: string): string {
  if (profileName === 'Default') {
    const base = config().inspect<string>('baseUrl');
    return String(base?.globalValue ?? env('ANTHROPIC_BASE_URL') ?? base?.defaultValue ?? '');
  }
  const list = userValue<unknown[]>('profiles');
  const entry = Array.isArray(list)
    ? (list.find((p) => (p as { name?: unknown })?.name === profileName) as { baseUrl?: unknown } | undefined)
    : undefined;
  return typeof entry?.baseUrl === 'string' ? `${entry.baseUrl} (${profileName})` : profileName;
}

/** The error shown when a message is sent before the setup is complete (see describeSetup). */
export function setupErrorText(c: Extract<Connection, { ok: false }>): string {
  return describeSetup(c);
}

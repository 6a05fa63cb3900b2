// Validates the connection and turn settings as read (VS Code's JSON schema only warns in the editor; a hand-edited
// settings.json can hold anything). Each bad value becomes one problem naming the setting and saying how to fix it.
import type { TurnDefaults } from '../chat/turnRequest';
import type { AuthHeaderMode } from '../messages/headers';
import { normaliseBaseUrl } from '../net/baseUrl';
import { l10n } from '../l10n';

export interface SettingProblem {
  /** The setting's full id, e.g. `claudeMessages.maxTokens`, or a profile's path `claudeMessages.profiles[1].baseUrl`. */
  setting: string;
  message: string;
}

export interface EndpointSettings {
  /** The API root requests are built on (normalised). */
  baseUrl: string;
  /** The base URL as the user entered it, when it differs from `baseUrl` (for Test Connection's note). */
  enteredBaseUrl?: string;
  apiFormat: 'messages' | 'chat-completions';
  authHeader: AuthHeaderMode;
  anthropicVersion: string;
  anthropicBeta: string[];
  extraHeaders: Record<string, string>;
}

export type Validated<T> = { ok: true; value: T; problems: [] } | { ok: false; problems: SettingProblem[] };

/** Headers that carry the key or frame the request: only the extension itself sets them. */
const RESERVED_HEADERS = new Set([
  'x-api-key',
  'authorization',
  'proxy-authorization',
  'cookie',
  'anthropic-version',
  'anthropic-beta',
  'content-type',
  'content-length',
  'host',
  'transfer-encoding',
  'connection',
]);
/** RFC 9110 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Checks a base URL; returns the API root (no trailing slash, no `/v1` or request path: see normaliseBaseUrl) or
 * why it is unusable.
 */
export function checkBaseUrl(raw: unknown): { url: string; entered: string } | { problem: string } {
  const n = normaliseBaseUrl(raw);
  if ('problem' in n) return n;
  return { url: n.url, entered: String(raw).trim() };
}

export function checkExtraHeaders(raw: unknown, setting: string): SettingProblem[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object' || Array.isArray(raw))
    return [{ setting, message: l10n.t('must be an object of header names to string values.') }];
  const problems: SettingProblem[] = [];
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (!HEADER_NAME.test(name))
      problems.push({ setting, message: l10n.t('"{0}" is not a valid header name.', name) });
    else if (RESERVED_HEADERS.has(name.toLowerCase()))
      problems.push({
        setting,
        message: l10n.t(
          '"{0}" cannot be set here: the extension sets it (the key goes only through "Claude: Set API Key" and authHeader).',
          name,
        ),
      });
    if (typeof value !== 'string')
      problems.push({ setting, message: l10n.t('the value of "{0}" must be a string.', name) });
    else if (/[\r\n\0]/.test(value))
      problems.push({ setting, message: l10n.t('the value of "{0}" contains a line break.', name) });
  }
  return problems;
}

export function checkBeta(raw: unknown, setting: string): { value: string[]; problems: SettingProblem[] } {
  if (raw === undefined || raw === null) return { value: [], problems: [] };
  const list = typeof raw === 'string' ? raw.split(',') : raw;
  if (!Array.isArray(list))
    return { value: [], problems: [{ setting, message: l10n.t('must be a list of beta names.') }] };
  const value: string[] = [];
  const problems: SettingProblem[] = [];
  for (const item of list) {
    const name = typeof item === 'string' ? item.trim() : '';
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name))
      problems.push({
        setting,
        message: l10n.t('"{0}" is not a beta name (like prompt-caching-2024-07-31).', String(item)),
      });
    else if (!value.includes(name)) value.push(name);
  }
  return { value, problems };
}

export interface RawEndpoint {
  baseUrl: unknown;
  apiFormat: unknown;
  authHeader: unknown;
  anthropicVersion: unknown;
  anthropicBeta: unknown;
  extraHeaders: unknown;
}

/** `prefix` names where the values came from: `claudeMessages` or `claudeMessages.profiles[0]`. */
export function validateEndpoint(raw: RawEndpoint, prefix = 'claudeMessages'): Validated<EndpointSettings> {
  const problems: SettingProblem[] = [];
  const base = checkBaseUrl(raw.baseUrl);
  if ('problem' in base) problems.push({ setting: `${prefix}.baseUrl`, message: base.problem });
  const apiFormat = raw.apiFormat ?? 'messages';
  if (apiFormat !== 'messages' && apiFormat !== 'chat-completions')
    problems.push({
      setting: `${prefix}.apiFormat`,
      message: l10n.t('must be "messages" or "chat-completions", not {0}.', JSON.stringify(apiFormat)),
    });
  const authHeader = raw.authHeader ?? 'x-api-key';
  if (authHeader !== 'x-api-key' && authHeader !== 'bearer')
    problems.push({
      setting: `${prefix}.authHeader`,
      message: l10n.t('must be "x-api-key" or "bearer", not {0}.', JSON.stringify(authHeader)),
    });
  const version = raw.anthropicVersion ?? '2023-06-01';
  if (typeof version !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(version.trim()))
    problems.push({
      setting: `${prefix}.anthropicVersion`,
      message: l10n.t('must be a date like 2023-06-01, not {0}.', JSON.stringify(version)),
    });
  const beta = checkBeta(raw.anthropicBeta, 'claudeMessages.anthropicBeta');
  problems.push(...beta.problems);
  problems.push(...checkExtraHeaders(raw.extraHeaders, `${prefix}.extraHeaders`));
  if (problems.length > 0 || 'problem' in base) return { ok: false, problems };
  return {
    ok: true,
    problems: [],
    value: {
      baseUrl: base.url,
      ...(base.entered.replace(/\/+$/, '') !== base.url ? { enteredBaseUrl: base.entered } : {}),
      apiFormat: apiFormat as EndpointSettings['apiFormat'],
      authHeader: authHeader as AuthHeaderMode,
      anthropicVersion: (version as string).trim(),
      anthropicBeta: beta.value,
      extraHeaders: { ...((raw.extraHeaders as Record<string, string> | null | undefined) ?? {}) },
    },
  };
}

export interface RawTurn {
  model: unknown;
  maxTokens: unknown;
  systemPrompt: unknown;
  temperature: unknown;
  topP: unknown;
  topK: unknown;
  stopSequences: unknown;
  thinkingEnabled: unknown;
  thinkingBudget: unknown;
  promptCaching: unknown;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const unset = (v: unknown) => v === undefined || v === null;

export function validateTurn(raw: RawTurn): Validated<TurnDefaults> {
  const problems: SettingProblem[] = [];
  const p = (key: string, message: string) => problems.push({ setting: `claudeMessages.${key}`, message });
  const model = typeof raw.model === 'string' ? raw.model.trim() : '';
  if (!model) p('model', l10n.t('is empty: set a model id your endpoint accepts (e.g. claude-sonnet-4-5).'));
  const maxTokens = raw.maxTokens ?? 8192;
  if (!isNum(maxTokens) || !Number.isInteger(maxTokens) || maxTokens < 1)
    p('maxTokens', l10n.t('must be a positive whole number, not {0}.', JSON.stringify(maxTokens)));
  const system = raw.systemPrompt ?? '';
  if (typeof system !== 'string') p('systemPrompt', l10n.t('must be text.'));
  const range = (key: string, v: unknown, lo: number, hi: number) => {
    if (unset(v)) return undefined;
    if (!isNum(v) || v < lo || v > hi) {
      p(
        key,
        l10n.t(
          "must be a number from {0} to {1}, or empty for the endpoint's default; it is {2}.",
          lo,
          hi,
          JSON.stringify(v),
        ),
      );
      return undefined;
    }
    return v;
  };
  const temperature = range('temperature', raw.temperature, 0, 1);
  const topP = range('topP', raw.topP, 0, 1);
  let topK: number | undefined;
  if (!unset(raw.topK)) {
    if (!isNum(raw.topK) || !Number.isInteger(raw.topK) || raw.topK < 1)
      p('topK', l10n.t('must be a positive whole number, or empty; it is {0}.', JSON.stringify(raw.topK)));
    else topK = raw.topK;
  }
  const stops = raw.stopSequences ?? [];
  if (!Array.isArray(stops) || stops.some((s) => typeof s !== 'string' || s === ''))
    p('stopSequences', l10n.t('must be a list of non-empty strings.'));
  let thinking: TurnDefaults['thinking'];
  if (raw.thinkingEnabled === true) {
    const budget = raw.thinkingBudget ?? 4096;
    if (!isNum(budget) || !Number.isInteger(budget) || budget < 1024)
      p(
        'thinking.budgetTokens',
        l10n.t('must be a whole number of at least 1024; it is {0}.', JSON.stringify(budget)),
      );
    else if (isNum(maxTokens) && Number.isInteger(maxTokens) && maxTokens >= 1 && budget >= maxTokens)
      p(
        'thinking.budgetTokens',
        l10n.t(
          '({0}) must be less than claudeMessages.maxTokens ({1}): raise maxTokens or lower the budget.',
          budget,
          maxTokens,
        ),
      );
    else thinking = { budgetTokens: budget };
    if (temperature !== undefined && temperature !== 1)
      p('temperature', l10n.t('must be 1 or empty while extended thinking is on.'));
    if (topK !== undefined) p('topK', l10n.t('must be empty while extended thinking is on.'));
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    problems: [],
    value: {
      model,
      maxTokens: maxTokens as number,
      system: system as string,
      temperature,
      topP,
      topK,
      stopSequences: stops as string[],
      thinking,
      promptCaching: raw.promptCaching !== false,
    },
  };
}

/** One line per problem, for the welcome state and the error shown on send. */
export function describeProblems(problems: readonly SettingProblem[]): string {
  return problems.map((x) => `${x.setting} ${x.message}`).join('\n');
}

/** What is missing before chat can run, every problem with its fix: the error shown on send. */
export function describeSetup(c: {
  problems: readonly ('noKey' | 'noEndpoint' | 'badSettings')[];
  profile: string;
  detail?: string;
}): string {
  const lines: string[] = [];
  if (c.problems.includes('noKey'))
    lines.push(
      c.profile === 'Default'
        ? l10n.t('No API key for this endpoint: run "Claude: Set API Key".')
        : l10n.t('No API key for "{0}": run "Claude: Set API Key".', c.profile),
    );
  if (c.detail) lines.push(`${l10n.t('Fix these settings first:')}\n${c.detail}`);
  else if (c.problems.includes('noEndpoint'))
    lines.push(l10n.t('Set claudeMessages.baseUrl to Anthropic or your gateway.'));
  return lines.join('\n') || l10n.t('Finish the setup first: an endpoint and a key are needed.');
}

// What VS Code is told about each model the provider offers: one entry per (profile, model), with an id that names
// both, a name that says which endpoint it goes to, and honest limits and capabilities. Plain values; the host hands
// them to VS Code as LanguageModelChatInformation.
import { maxInputTokens, modelLimits, reportedLimits, type ModelLimits } from './modelLimits';

/** The shape of VS Code's LanguageModelChatInformation, without VS Code. */
export interface LmModelInfo {
  id: string;
  name: string;
  family: string;
  version: string;
  detail: string;
  tooltip: string;
  maxInputTokens: number;
  maxOutputTokens: number;
  capabilities: { imageInput: boolean; toolCalling: boolean };
}

/** A profile as the catalog needs it. */
export interface CatalogProfile {
  name: string;
  baseUrl: string;
  apiFormat: 'messages' | 'chat-completions';
  anthropicBeta: readonly string[];
}

/** One model an endpoint listed (or the configured model when it listed none): its id and any extra fields. */
export interface ListedModel {
  id: string;
  display_name?: string;
  [field: string]: unknown;
}

/**
 * The provider's model id: the profile's name (URI-encoded, so it holds no `/`) and the model id after the first
 * `/`. Model ids themselves may contain `/` (`anthropic/claude-sonnet-4.5`).
 */
export function lmModelId(profile: string, model: string): string {
  return `${encodeURIComponent(profile)}/${model}`;
}

export function parseLmModelId(id: string): { profile: string; model: string } | undefined {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return undefined;
  try {
    return { profile: decodeURIComponent(id.slice(0, slash)), model: id.slice(slash + 1) };
  } catch {
    return undefined;
  }
}

/** How a model's name says where it goes: the Default profile by its host, a named profile by its name. */
export function endpointLabel(profile: CatalogProfile): string {
  if (profile.name !== 'Default') return profile.name;
  try {
    return new URL(profile.baseUrl).host;
  } catch {
    return profile.baseUrl;
  }
}

function tokens(n: number): string {
  return n >= 1_000_000 && n % 1_000_000 === 0
    ? `${n / 1_000_000}M`
    : n >= 1000 && n % 1000 === 0
      ? `${n / 1000}K`
      : n.toLocaleString('en-US');
}

function limitsNote(limits: ModelLimits): string {
  const from =
    limits.source === 'reported'
      ? 'as the endpoint reports'
      : limits.source === 'table'
        ? `for the ${limits.family} family`
        : 'assumed: neither the endpoint nor the built-in table knows this model';
  return `${tokens(limits.contextWindow)} context window, up to ${tokens(limits.maxOutput)} output tokens (${from})`;
}

/**
 * The entry for one model of one profile. `maxTokens` is what a request asks for when the caller sets no
 * `max_tokens` (the user's `claudeMessages.maxTokens`): the input limit leaves room for that much output.
 */
export function modelInfo(options: {
  profile: CatalogProfile;
  model: ListedModel;
  maxTokens: number;
}): LmModelInfo {
  const { profile, model, maxTokens } = options;
  const limits = modelLimits({
    modelId: model.id,
    reported: reportedLimits(model),
    betas: profile.anthropicBeta,
  });
  const display = model.display_name && model.display_name !== model.id ? model.display_name : model.id;
  const label = endpointLabel(profile);
  return {
    id: lmModelId(profile.name, model.id),
    name: `${display} (${label})`,
    family: limits.family ?? model.id,
    version: model.id,
    detail: profile.name === 'Default' ? 'Claude Messages' : `Claude Messages · ${label}`,
    tooltip: `${model.id} at ${profile.baseUrl} (${profile.apiFormat === 'messages' ? 'Messages API' : 'Chat Completions'}, profile "${profile.name}"). ${limitsNote(limits)}.`,
    maxInputTokens: maxInputTokens(limits, maxTokens),
    maxOutputTokens: limits.maxOutput,
    capabilities: { imageInput: limits.imageInput, toolCalling: true },
  };
}

// The user's settings that apply to language-model requests. The endpoint, auth, headers, version and betas come
// from the model's profile; the caller brings its own system prompt, sampling options and tools, so the chat view's
// systemPrompt, temperature, topP, topK, stopSequences and thinking do not apply here.
import * as vscode from 'vscode';

const DEFAULT_MAX_TOKENS = 8192;

export interface ProviderSettings {
  /** `max_tokens` when the caller sets none (capped at the model's own maximum). */
  maxTokens: number;
  promptCaching: boolean;
  /** Log request bodies (never the key). */
  verbose: boolean;
  /** Offered for a profile whose endpoint lists no models. */
  configuredModel: string;
  /** A setting that is unusable, named with its fix; requests fail with it until it is fixed. */
  problem?: string;
}

export function providerSettings(): ProviderSettings {
  const c = vscode.workspace.getConfiguration('claudeMessages');
  const raw = c.get<unknown>('maxTokens');
  const valid = typeof raw === 'number' && Number.isInteger(raw) && raw >= 1;
  return {
    maxTokens: valid ? raw : DEFAULT_MAX_TOKENS,
    promptCaching: c.get<unknown>('promptCaching') !== false,
    verbose: c.inspect<boolean>('verboseLogging')?.globalValue === true,
    configuredModel: String(c.get<unknown>('model') ?? '').trim(),
    problem:
      raw === undefined || valid
        ? undefined
        : `claudeMessages.maxTokens must be a positive whole number, not ${JSON.stringify(raw)}.`,
  };
}

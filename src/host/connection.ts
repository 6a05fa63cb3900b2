// Reads the settings and the key into what the Messages client needs. The key comes from SecretStorage, else
// from ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN; the base URL from the user's setting, else ANTHROPIC_BASE_URL.
// Only user (global) values count for where the key goes: the manifest scopes them to the application too.
import * as vscode from 'vscode';
import type { TurnDefaults } from '../core/chat/conversation';
import type { MessagesClientConfig } from '../core/messages/client';

export const SECRET_KEY_ID = 'claudeMessages.apiKey';

export type Connection =
  | { ok: true; client: MessagesClientConfig; turn: TurnDefaults; endpoint: string }
  | {
      ok: false;
      problems: ('noKey' | 'noEndpoint' | 'badSettings')[];
      endpoint: string;
      model: string;
      detail?: string;
    };

function env(name: string): string | undefined {
  return process.env[name]?.trim() || undefined; // an empty variable counts as unset
}

export async function resolveConnection(secrets: vscode.SecretStorage): Promise<Connection> {
  const config = vscode.workspace.getConfiguration('claudeMessages');
  const base = config.inspect<string>('baseUrl');
  const endpoint = (base?.globalValue ?? env('ANTHROPIC_BASE_URL') ?? base?.defaultValue ?? '').replace(
    /\/+$/,
    '',
  );
  const model = config.get<string>('model')?.trim() ?? '';
  const problems: ('noKey' | 'noEndpoint' | 'badSettings')[] = [];
  let detail: string | undefined;

  const stored = await secrets.get(SECRET_KEY_ID);
  let authHeader = config.inspect<'x-api-key' | 'bearer'>('authHeader')?.globalValue ?? 'x-api-key';
  let apiKey = stored;
  if (!apiKey && env('ANTHROPIC_API_KEY')) {
    apiKey = env('ANTHROPIC_API_KEY');
    authHeader = 'x-api-key';
  } else if (!apiKey && env('ANTHROPIC_AUTH_TOKEN')) {
    apiKey = env('ANTHROPIC_AUTH_TOKEN');
    authHeader = 'bearer';
  }
  if (!apiKey) problems.push('noKey');

  try {
    const url = new URL(endpoint);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
  } catch {
    problems.push('noEndpoint');
    detail = endpoint ? `"${endpoint}" is not an http(s) URL.` : undefined;
  }

  const maxTokens = config.get<number>('maxTokens') ?? 8192;
  if (!model || !Number.isInteger(maxTokens) || maxTokens < 1) {
    problems.push('badSettings');
    detail = !model
      ? 'claudeMessages.model is empty.'
      : 'claudeMessages.maxTokens must be a positive integer.';
  }
  if (problems.length > 0) return { ok: false, problems, endpoint, model, detail };

  const thinkingOn = config.get<boolean>('thinking.enabled') ?? false;
  const num = (key: string) => {
    const v = config.get<number | null>(key);
    return typeof v === 'number' ? v : undefined;
  };
  return {
    ok: true,
    endpoint,
    client: {
      baseUrl: endpoint,
      apiKey,
      authHeader,
      apiFormat: config.inspect<'messages' | 'chat-completions'>('apiFormat')?.globalValue ?? 'messages',
      anthropicVersion: config.inspect<string>('anthropicVersion')?.globalValue ?? '2023-06-01',
      extraHeaders: config.inspect<Record<string, string>>('extraHeaders')?.globalValue ?? {},
    },
    turn: {
      model,
      maxTokens,
      system: config.get<string>('systemPrompt') ?? '',
      temperature: num('temperature'),
      topP: num('topP'),
      topK: num('topK'),
      stopSequences: config.get<string[]>('stopSequences') ?? [],
      thinking: thinkingOn
        ? { budgetTokens: config.get<number>('thinking.budgetTokens') ?? 4096 }
        : undefined,
    },
  };
}

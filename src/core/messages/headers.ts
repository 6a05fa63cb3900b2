// Request headers and URLs. Extra headers go first so they can never replace the auth or protocol headers.

export type AuthHeaderMode = 'x-api-key' | 'bearer';

export interface HeaderConfig {
  apiKey?: string;
  authHeader: AuthHeaderMode;
  apiFormat: 'messages' | 'chat-completions';
  anthropicVersion: string;
  anthropicBeta?: string[];
  extraHeaders?: Record<string, string>;
  userAgent?: string;
}

const PROTECTED = new Set([
  'x-api-key',
  'authorization',
  'content-type',
  'anthropic-version',
  'content-length',
  'host',
]);

export function buildHeaders(config: HeaderConfig, accept: string, hasBody: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.extraHeaders ?? {})) {
    if (!PROTECTED.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  }
  headers.accept = accept;
  if (hasBody) headers['content-type'] = 'application/json';
  if (config.apiFormat === 'messages') {
    headers['anthropic-version'] = config.anthropicVersion || '2023-06-01';
    if (config.anthropicBeta && config.anthropicBeta.length > 0)
      headers['anthropic-beta'] = config.anthropicBeta.join(',');
  }
  if (config.userAgent) headers['user-agent'] = config.userAgent;
  if (config.apiKey) {
    if (config.authHeader === 'bearer') headers.authorization = `Bearer ${config.apiKey}`;
    else headers['x-api-key'] = config.apiKey;
  }
  return headers;
}

/** `https://host/` and `https://host/v1` both mean the API root: users paste either. */
export function apiUrl(baseUrl: string, path: string): string {
  let base = baseUrl.trim().replace(/\/+$/, '');
  if (base.endsWith('/v1') && path.startsWith('/v1/')) base = base.slice(0, -3);
  return base + path;
}

// The four kinds of endpoint a new user chooses between in the walkthrough ("Claude: Choose Endpoint Kind"), and the
// Default profile's settings each one means. Pure, so the mapping is tested without VS Code.
export const ENDPOINT_KINDS = ['anthropic', 'gatewayBearer', 'gatewayApiKey', 'chatCompletions'] as const;
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

export interface KindSettings {
  baseUrl: string;
  apiFormat: 'messages' | 'chat-completions';
  authHeader: 'x-api-key' | 'bearer';
}

export function isEndpointKind(value: unknown): value is EndpointKind {
  return typeof value === 'string' && (ENDPOINT_KINDS as readonly string[]).includes(value);
}

/** Only Anthropic has a known URL; a gateway's comes from the user. Chat Completions gateways expect Bearer. */
export function settingsForKind(kind: EndpointKind, gatewayUrl: string): KindSettings {
  switch (kind) {
    case 'anthropic':
      return { baseUrl: ANTHROPIC_BASE_URL, apiFormat: 'messages', authHeader: 'x-api-key' };
    case 'gatewayBearer':
      return { baseUrl: gatewayUrl, apiFormat: 'messages', authHeader: 'bearer' };
    case 'gatewayApiKey':
      return { baseUrl: gatewayUrl, apiFormat: 'messages', authHeader: 'x-api-key' };
    case 'chatCompletions':
      return { baseUrl: gatewayUrl, apiFormat: 'chat-completions', authHeader: 'bearer' };
  }
}

// Shared pieces for the core tests: a client pointed at a fresh local endpoint, and small request builders.
import { after, before, beforeEach } from 'node:test';
import {
  MessagesClient,
  type MessagesClientConfig,
  type RequestLogEntry,
} from '../../../src/core/messages/client';
import type { MessagesRequest } from '../../../src/core/messages/schema';
import { startEndpoint, type Endpoint, type EndpointOptions } from '../../support/endpoint/server';

export const KEY = 'sk-test-local-0123456789';

/** Starts one endpoint for the enclosing describe block and resets it before each test. */
export function useEndpoint(options: EndpointOptions = {}): { readonly ep: Endpoint } {
  const holder = {} as { ep: Endpoint };
  before(async () => {
    holder.ep = await startEndpoint({ apiKey: KEY, ...options });
  });
  beforeEach(() => {
    holder.ep.reset();
    holder.ep.configure({ apiKey: KEY, auth: options.auth ?? 'either', ...options });
  });
  after(async () => {
    await holder.ep.close();
  });
  return holder;
}

export function clientFor(
  ep: Endpoint,
  overrides: Partial<MessagesClientConfig> = {},
  logs?: RequestLogEntry[],
) {
  return new MessagesClient({
    baseUrl: ep.url,
    apiKey: KEY,
    authHeader: 'x-api-key',
    apiFormat: 'messages',
    anthropicVersion: '2023-06-01',
    maxRetries: 2,
    ...(logs ? { onLog: (e) => logs.push(e) } : {}),
    ...overrides,
  });
}

export function ask(text = 'Hello', extra: Partial<MessagesRequest> = {}): MessagesRequest {
  return {
    model: 'claude-sonnet-4-5',
    max_tokens: 2048,
    messages: [{ role: 'user', content: text }],
    ...extra,
  };
}

/** Resolves to the rejection of a promise (fails the test if it resolves). */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/**
 * Resolves once `condition` holds, checking every few milliseconds. For facts another party settles a moment later
 * (the endpoint seeing a connection close); use it only for conditions that are sure to become true.
 */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

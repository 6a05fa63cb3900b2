// The Messages client's public surface, for the host and the rest of core.
export {
  MessagesClient,
  type MessagesClientConfig,
  type RequestLogEntry,
  type StreamCallbacks,
} from './client';
export type { ThinkingStyle } from '../chatCompletions/requestMapping';
export { ApiError, type ApiErrorKind } from './errors';
export { buildContinuation } from './continuation';
export { validateRequest } from './validate';
export { MessageAccumulator } from './accumulator';
export { DEFAULT_MAX_RETRIES, retryDelayMs, statusIsRetryable } from './retry';
export * from './schema';

// Token counts for VS Code's countTokens: the endpoint's /v1/messages/count_tokens when it has one, each answer
// cached (callers count the same messages again and again while they fit a prompt), and the calibrated local
// estimate when the endpoint cannot count. Counting never fails a caller: an endpoint error falls back to the
// estimate.
import { createHash } from 'node:crypto';
import { ApiError } from '../messages/errors';
import type { MessagesRequest, RequestContentBlock } from '../messages/schema';
import { dataBlock, type LmData, type LmMessage } from './requestMapping';
import { blocksTokens, TokenEstimator } from './tokenEstimate';

/** What counts tokens at the endpoint (a MessagesClient). */
export interface CountingClient {
  countTokens(request: Pick<MessagesRequest, 'model' | 'messages'>, signal?: AbortSignal): Promise<number>;
}

export interface CountResult {
  tokens: number;
  source: 'endpoint' | 'cache' | 'estimate';
  /** Why the endpoint was not asked or did not answer, for the log. */
  note?: string;
}

export const DEFAULT_CACHE_ENTRIES = 1000;

/**
 * One message's content as blocks to count: text and images as they are, tool calls as their name and input, tool
 * results as their content. The message's role does not change what its content costs, so every message is counted
 * as a user turn (the count route refuses a lone assistant turn holding a tool call).
 */
export function countableBlocks(message: LmMessage): RequestContentBlock[] {
  const blocks: RequestContentBlock[] = [];
  const text = (t: string) => {
    if (t.trim() !== '') blocks.push({ type: 'text', text: t });
  };
  // Data a request could not send (an unsupported type) costs nothing here; sending it is what fails, clearly.
  const data = (d: LmData) => {
    try {
      const b = dataBlock(d, 'content');
      if (b) blocks.push(b);
    } catch {
      // left out of the count
    }
  };
  for (const part of message.parts) {
    if (part.type === 'text') text(part.text);
    else if (part.type === 'data') data(part);
    else if (part.type === 'toolCall') text(`${part.name} ${JSON.stringify(part.input ?? {})}`);
    else if (part.type === 'toolResult')
      for (const c of part.content) {
        if (c.type === 'text') text(c.text);
        else data(c);
      }
  }
  return blocks;
}

export class TokenCounter {
  private readonly cache = new Map<string, number>();
  private readonly inFlight = new Map<string, Promise<number>>();
  /** Endpoints (by key) that have no count route: asked once, then estimated. */
  private readonly cannotCount = new Set<string>();

  constructor(
    readonly estimator = new TokenEstimator(),
    private readonly capacity = DEFAULT_CACHE_ENTRIES,
  ) {}

  /**
   * Counts `blocks` for `model`. `endpoint` names the endpoint and its credentials (requests with another key may
   * count differently, and must not share what one key was told); `client` is undefined when the endpoint cannot be
   * asked (Chat Completions, no key).
   */
  async count(options: {
    endpoint: string;
    model: string;
    blocks: readonly RequestContentBlock[];
    client?: CountingClient;
    signal?: AbortSignal;
  }): Promise<CountResult> {
    const { endpoint, model, blocks, client, signal } = options;
    if (blocks.length === 0) return { tokens: 0, source: 'estimate' };
    const learnKey = `${endpoint}\0${model}`;
    const rule = blocksTokens(blocks);
    const estimate = (note?: string): CountResult => ({
      tokens: this.estimator.estimate(learnKey, rule),
      source: 'estimate',
      note,
    });
    if (!client) return estimate('the endpoint has no token count');
    if (this.cannotCount.has(endpoint)) return estimate('the endpoint has no count_tokens route');
    const key = `${learnKey}\0${createHash('sha256').update(JSON.stringify(blocks)).digest('base64')}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return { tokens: cached, source: 'cache' };
    }
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = client.countTokens({ model, messages: [{ role: 'user', content: [...blocks] }] }, signal);
      this.inFlight.set(key, pending);
      void pending.then(
        () => this.inFlight.delete(key),
        () => this.inFlight.delete(key),
      );
    }
    try {
      const tokens = await pending;
      this.remember(key, tokens);
      this.estimator.observe(learnKey, rule, tokens);
      return { tokens, source: 'endpoint' };
    } catch (e) {
      if (e instanceof ApiError && (e.kind === 'not_found' || e.kind === 'unsupported')) {
        this.cannotCount.add(endpoint);
        return estimate('the endpoint has no count_tokens route');
      }
      // Only this caller's own cancellation ends its count; one sharing the request answers from the estimate.
      if (signal?.aborted) throw e;
      return estimate(`count_tokens failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }

  /** A reply's reported input tokens for a request the rule put at `ruleTokens`: teaches the estimate. */
  observeUsage(endpoint: string, model: string, ruleTokens: number, inputTokens: number): void {
    this.estimator.observe(`${endpoint}\0${model}`, ruleTokens, inputTokens);
  }

  private remember(key: string, tokens: number): void {
    this.cache.set(key, tokens);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
  }
}

// Keeps every request of a conversation inside the model's context window (docs/architecture.md, "Long sessions").
// Before a request: estimate its size (the local rule, calibrated per model by the endpoint's real usage; the
// endpoint's count_tokens when the estimate is near the limit); above the limit, clear old tool results, and if that
// is not enough, summarise older turns with the model. After a refusal for size: the same, forced, once.
import type { TokenEstimator } from '../lm/tokenEstimate';
import { requestTokens } from '../lm/tokenEstimate';
import type { MessageParam, MessagesRequest } from '../messages/schema';
import { currentState, sentMessages, type Compaction, type ContextState } from './contextState';
import type { ContextUsage } from '../../shared/protocol';
import { overflowNumbers } from './overflow';
import { chooseCut, summaryRequest } from './summary';
import { clearingPoint } from './toolResultClearing';

/** Tool rounds kept verbatim when older results are cleared. */
export const KEEP_ROUNDS = 3;
/** Clearing is enough when it brings the request under this share of the limit; else a summary follows. */
const CLEARED_TARGET = 0.6;
/** The verbatim tail kept after a summary: at most this share of the limit (at least the last message). */
const KEEP_AFTER_SUMMARY = 0.25;
/** count_tokens is asked only when the estimate is this close to the limit (either side): it costs a round trip. */
const COUNT_BAND = [0.85, 1.2] as const;
/** Most tokens a summary may take. */
const SUMMARY_MAX_TOKENS = 8_192;
/** Characters per token assumed when sizing the transcript sent for summarising (under, to stay safe). */
const TRANSCRIPT_CHARS_PER_TOKEN = 3;

export interface ContextLimits {
  /** The model's context window in tokens. */
  window: number;
  /** The request's max_tokens: what the reply may add. */
  maxTokens: number;
  /** Share of the input room (window minus max_tokens) at which compaction starts, 0.1 to 1. */
  threshold: number;
}

/** Input tokens a request may carry before compaction: the threshold's share of the room left for input. */
export function inputLimit(l: ContextLimits): number {
  return Math.max(1, Math.floor((l.window - Math.min(l.maxTokens, l.window / 2)) * l.threshold));
}

/** The conversation as the keeper needs it: its messages and its compactions (which it appends to). */
export interface CompactableConversation {
  readonly messages: readonly MessageParam[];
  readonly compactions: Compaction[];
}

export interface ContextKeeperOptions {
  limits: ContextLimits;
  /** Names the model on this endpoint, for the calibration. */
  key: string;
  estimator: TokenEstimator;
  /** Asks the model for a summary (a plain, non-streamed request); returns its text. */
  summarize(request: MessagesRequest, signal: AbortSignal): Promise<string>;
  /** The endpoint's own count, where it has one. */
  countTokens?(request: MessagesRequest, signal: AbortSignal): Promise<number>;
  /** Told about each compaction as it happens (the view shows a divider). */
  onCompacted?(c: Compaction): void;
  /**
   * A better window, found out while the first request is prepared (the endpoint's model list): awaited once by
   * the first `fit`; undefined keeps `limits.window`.
   */
  reportedWindow?: Promise<number | undefined>;
  /** Told how full each request was, from the endpoint's usage (the view's meter). */
  onUsage?(u: ContextUsage): void;
  now?: () => number;
}

export class ContextKeeper {
  private lastRuleTokens = 0;
  /** The window in use: the configured one until the endpoint's refusal shows the real one is smaller. */
  private window: number;
  private reportedWindow: Promise<number | undefined> | undefined;
  private learned = false;

  constructor(private readonly o: ContextKeeperOptions) {
    this.window = o.limits.window;
    this.reportedWindow = o.reportedWindow;
  }

  get limit(): number {
    return inputLimit({ ...this.o.limits, window: this.window });
  }

  /**
   * The endpoint refused the last request for its size: learn what its words tell (its count calibrates the
   * estimate, its maximum becomes the window); without numbers, the refused request's own size is taken as over the
   * window, so the window is assumed below it.
   */
  refused(message: string): void {
    const numbers = overflowNumbers(message);
    this.learned = true;
    if (numbers) {
      if (this.lastRuleTokens > 0) this.o.estimator.observe(this.o.key, this.lastRuleTokens, numbers.tokens);
      this.window = Math.min(this.window, numbers.maximum);
    } else if (this.lastRuleTokens > 0) {
      const refusedSize = this.o.estimator.estimate(this.o.key, this.lastRuleTokens);
      this.window = Math.min(this.window, Math.floor(refusedSize * 0.9));
    }
  }

  /** The calibrated estimate of a request's input tokens. */
  estimate(request: MessagesRequest): number {
    return this.o.estimator.estimate(this.o.key, requestTokens(request));
  }

  /**
   * What the endpoint counted for the last request `fit` returned: teaches the estimate, and tells the view how full
   * the window was (the meter).
   */
  observe(usage: { inputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }): void {
    const used = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
    if (this.lastRuleTokens > 0) this.o.estimator.observe(this.o.key, this.lastRuleTokens, used);
    this.o.onUsage?.({
      used,
      window: this.window,
      input: usage.inputTokens,
      cacheRead: usage.cacheReadTokens,
      cacheWrite: usage.cacheWriteTokens,
      compactAt: this.limit,
    });
  }

  /**
   * The request for the conversation as it stands, compacted first when it would not fit (or always, `force`).
   * `build` turns messages into the request (system, tools, settings), so sizes count everything sent.
   */
  async fit(
    c: CompactableConversation,
    options: {
      build: (messages: MessageParam[]) => MessagesRequest;
      signal: AbortSignal;
      reason?: Compaction['reason'];
    },
  ): Promise<MessagesRequest> {
    const { build, signal } = options;
    if (this.reportedWindow) {
      const reported = await this.reportedWindow;
      this.reportedWindow = undefined;
      if (reported && !this.learned) this.window = reported;
    }
    const force = options.reason === 'overflow' || options.reason === 'manual';
    const state = currentState(c.compactions);
    const request = build(sentMessages(c.messages, state));
    const before = this.estimate(request);
    if (!force && !(await this.tooLarge(request, before, signal))) return this.sending(request);

    const reason = options.reason ?? 'threshold';
    const limit = this.limit;
    // 1. Old tool results out (cheap, no model call).
    const clearedBefore = Math.max(state.clearedBefore, clearingPoint(c.messages, KEEP_ROUNDS));
    let next: ContextState = { ...state, clearedBefore };
    let compacted = build(sentMessages(c.messages, next));
    let after = this.estimate(compacted);
    if (clearedBefore > state.clearedBefore && after <= limit * CLEARED_TARGET)
      return this.record(c, { next, kind: 'cleared', reason, before, after, request: compacted });

    // 2. A summary of the older turns.
    const from = state.summary?.cutAt ?? 0;
    const cutAt = chooseCut(c.messages, {
      from,
      keepTokens: limit * KEEP_AFTER_SUMMARY,
      tokensOf: (m) => this.estimate({ model: request.model, max_tokens: 1, messages: [m] }),
    });
    if (cutAt === undefined) {
      // Nothing older to summarise: send what clearing gave (the endpoint may still refuse; it says why).
      if (clearedBefore > state.clearedBefore)
        return this.record(c, { next, kind: 'cleared', reason, before, after, request: compacted });
      return this.sending(request);
    }
    const summaryOutput = Math.min(SUMMARY_MAX_TOKENS, this.o.limits.maxTokens);
    const text = await this.o.summarize(
      summaryRequest({
        model: request.model,
        messages: sentMessages(c.messages, { clearedBefore }).slice(from, cutAt),
        previousSummary: state.summary?.text,
        maxTokens: summaryOutput,
        maxChars: Math.max(1_000, (this.window - summaryOutput) * 0.8 * TRANSCRIPT_CHARS_PER_TOKEN),
      }),
      signal,
    );
    next = { clearedBefore, summary: { text: text.trim(), cutAt } };
    compacted = build(sentMessages(c.messages, next));
    after = this.estimate(compacted);
    return this.record(c, { next, kind: 'summary', reason, before, after, request: compacted });
  }

  private async tooLarge(request: MessagesRequest, estimate: number, signal: AbortSignal): Promise<boolean> {
    const limit = this.limit;
    if (estimate < limit * COUNT_BAND[0]) return false;
    if (this.o.countTokens && estimate < limit * COUNT_BAND[1]) {
      try {
        const counted = await this.o.countTokens(request, signal);
        this.o.estimator.observe(this.o.key, requestTokens(request), counted);
        return counted > limit;
      } catch {
        // No count (unsupported, failed): the estimate decides.
      }
    }
    return estimate > limit;
  }

  private sending(request: MessagesRequest): MessagesRequest {
    this.lastRuleTokens = requestTokens(request);
    return request;
  }

  private record(
    c: CompactableConversation,
    r: {
      next: ContextState;
      kind: Compaction['kind'];
      reason: Compaction['reason'];
      before: number;
      after: number;
      request: MessagesRequest;
    },
  ): MessagesRequest {
    const compaction: Compaction = {
      ...r.next,
      at: c.messages.length,
      kind: r.kind,
      reason: r.reason,
      tokensBefore: r.before,
      tokensAfter: r.after,
      time: (this.o.now ?? Date.now)(),
    };
    c.compactions.push(compaction);
    this.o.onCompacted?.(compaction);
    return this.sending(r.request);
  }
}

// What compaction changed about what is sent, kept with the conversation (and stored with it): which tool results
// are cleared and which summary stands for which older turns. The stored messages are never changed by compaction;
// `sentMessages` derives the request's messages from them and this state (docs/architecture.md, "Long sessions").
import type { CompactionView } from '../../shared/protocol';
import type { MessageParam } from '../messages/schema';
import { withSummary } from './summary';
import { clearToolResults } from './toolResultClearing';

export interface ContextState {
  /** Tool results in messages before this index are sent as a short note. */
  clearedBefore: number;
  /** The summary sent in place of messages before `cutAt`. */
  summary?: { text: string; cutAt: number };
}

/** One compaction, as the view shows it (a divider) and Export lists it. */
export interface Compaction extends ContextState {
  /** The number of messages when it happened: the divider sits before the message at this index. */
  at: number;
  kind: 'cleared' | 'summary';
  reason: 'threshold' | 'overflow' | 'manual';
  /** Estimated input tokens of the request before and after. */
  tokensBefore: number;
  tokensAfter: number;
  time: number;
}

export const NO_COMPACTION: ContextState = { clearedBefore: 0 };

export function currentState(compactions: readonly Compaction[]): ContextState {
  const last = compactions[compactions.length - 1];
  return last ? { clearedBefore: last.clearedBefore, summary: last.summary } : NO_COMPACTION;
}

/** The messages a request carries: the stored ones with cleared tool results and the summary applied. */
export function sentMessages(messages: readonly MessageParam[], state: ContextState): MessageParam[] {
  const cleared = clearToolResults(messages, state.clearedBefore);
  return state.summary ? withSummary(cleared, state.summary.cutAt, state.summary.text) : cleared;
}

/** What the view shows of a compaction. */
export function compactionView(c: Compaction): CompactionView {
  return {
    kind: c.kind,
    reason: c.reason,
    tokensBefore: c.tokensBefore,
    tokensAfter: c.tokensAfter,
    ...(c.kind === 'summary' && c.summary ? { summary: c.summary.text } : {}),
  };
}

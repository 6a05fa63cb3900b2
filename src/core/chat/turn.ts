// A turn of a conversation, as the chat runs it: a new question and its answer (with any tool rounds), or the
// continuation of a reply that was cut short.
import type { ContextKeeper } from '../context/contextKeeper';
import type { MessagesClient } from '../messages/client';
import type { Conversation } from './conversation';
import type { CoalescedDelta } from './deltaCoalescer';
import { assistantText, isToolResults } from './messageFacts';
import { addQuestion, type UndoQuestion } from './question';
import type { TurnOutcome } from './replyStream';
import { runToolLoop, type TurnTools } from './toolLoop';
import { buildTurnRequest, type TurnDefaults } from './turnRequest';
import type { Question } from './userTurn';
import { l10n } from '../l10n';

/** What every turn needs: where to send it, with which settings and tools, where deltas go, and how to stop it. */
export interface TurnContext {
  client: MessagesClient;
  defaults: TurnDefaults;
  tools?: TurnTools;
  onDelta: (delta: CoalescedDelta) => void;
  signal: AbortSignal;
  /** Keeps requests inside the model's context window (absent: requests are sent as they are). */
  context?: ContextKeeper;
}

export function runTurn(c: Conversation, turn: TurnContext & { question: Question }): Promise<TurnOutcome> {
  return answerQuestion(c, { ...turn, undo: addQuestion(c, turn.question) });
}

/**
 * Answers the question `addQuestion` just added (the host adds it first, so the view can show it while the turn's
 * tools are still being listed); `undo` takes it back out if the first reply fails with nothing back.
 */
export function answerQuestion(
  c: Conversation,
  turn: TurnContext & { undo: UndoQuestion },
): Promise<TurnOutcome> {
  return runToolLoop(c, { ...turn, request: buildTurnRequest(c.messages, turn.defaults, turn.tools) });
}

/** Continues the last, cut-short reply: its text goes back as a prefill and the model carries on. */
export async function continueTurn(c: Conversation, turn: TurnContext): Promise<TurnOutcome> {
  const last = c.messages[c.messages.length - 1];
  if (!last || !c.canContinue) return refused(l10n.t('There is no cut-short reply to continue.'));
  if (isToolResults(last)) {
    // The tools ran but their results were never answered: ask for the answer now.
    return runToolLoop(c, { ...turn, request: buildTurnRequest(c.messages, turn.defaults, turn.tools) });
  }
  if (turn.defaults.thinking) {
    return refused(
      l10n.t(
        'A reply cannot be continued while extended thinking is on: turn thinking off, or send the question again.',
      ),
    );
  }
  // The API refuses a prefill that ends in whitespace; the model writes that whitespace again.
  const prefill = assistantText(last).trimEnd();
  const request = buildTurnRequest(c.messages, turn.defaults, turn.tools);
  request.messages = [...request.messages.slice(0, -1), { role: 'assistant', content: prefill }];
  c.messages[c.messages.length - 1] = { role: 'assistant', content: prefill };
  return runToolLoop(c, { ...turn, request, prefill });
}

function refused(message: string): TurnOutcome {
  return { type: 'error', kind: 'retry_turn', message, retryable: false };
}

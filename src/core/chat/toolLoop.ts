// The tool loop of one turn: a reply, and while the model stops to use tools, their results and the next reply.
// Only complete tool_use blocks of a reply that ended normally ever reach `tools.run` (a half-received call is
// never executed; docs/threat-model.md, G9).
import type { ContextKeeper } from '../context/contextKeeper';
import { CONTEXT_STOP_REASON, isContextOverflow } from '../context/overflow';
import type { MessageParam, MessagesRequest, ToolResultBlock, ToolUseBlock } from '../messages/schema';
import type { Conversation } from './conversation';
import { sumUsage, toolUses, type Usage } from './messageFacts';
import type { UndoQuestion } from './question';
import { streamReply, type ReplyOptions, type TurnOutcome } from './replyStream';
import type { ReplyMeta } from './storedConversation';
import { buildTurnRequest, type OfferedTools, type TurnDefaults } from './turnRequest';

/**
 * Tools for one turn: offered to the model, and run (behind the host's gate) whenever the model stops to use them.
 * The loop goes on until the model ends its turn, the user stops it, or declines to go past `roundLimit` rounds.
 */
export interface TurnTools extends OfferedTools {
  /** Runs one round's calls (asking the user where the gate says so); one result per call, in call order. */
  run(calls: ToolUseBlock[], signal: AbortSignal): Promise<ToolResultBlock[]>;
  roundLimit: number;
  /** Asked after every `roundLimit` rounds; false ends the turn there. */
  goOn(rounds: number, signal: AbortSignal): Promise<boolean>;
}

export interface ToolLoopOptions extends Omit<ReplyOptions, 'undo'> {
  defaults: TurnDefaults;
  tools?: TurnTools;
  /** Takes the question back out if the first reply fails with nothing back. */
  undo?: UndoQuestion;
  /** Keeps each request inside the context window (compacting first, and once more after a refusal for size). */
  context?: ContextKeeper;
}

export async function runToolLoop(c: Conversation, o: ToolLoopOptions): Promise<TurnOutcome> {
  const usage: Usage[] = [];
  let { request, prefill, undo } = o;
  const build = (messages: MessageParam[]) => buildTurnRequest(messages, o.defaults, o.tools);
  for (let round = 0; ; round++) {
    // A continuation's prefill request is sent as built: its last message must stay the cut reply.
    if (o.context && prefill === undefined) request = await o.context.fit(c, { build, signal: o.signal });
    const outcome = await replyWithinWindow(c, { ...o, request, prefill, undo, build });
    undo = undefined; // from here on the question has an answer (or its failure was undone)
    if (outcome.meta?.usage) {
      usage.push(outcome.meta.usage);
      o.context?.observe(outcome.meta.usage);
    }
    if (outcome.meta && usage.length > 1) outcome.meta.usage = sumUsage(usage);
    if (o.context && outcome.type === 'done' && outcome.meta.stopReason === CONTEXT_STOP_REASON) {
      // The model ran out of window mid-reply: compact now, so Continue (offered for this stop) fits.
      await o.context.fit(c, { build, signal: o.signal, reason: 'overflow' });
      return outcome;
    }
    const last = c.messages[c.messages.length - 1];
    const calls = last?.role === 'assistant' ? toolUses(last) : [];
    if (outcome.type !== 'done' || !o.tools || outcome.meta.stopReason !== 'tool_use' || calls.length === 0)
      return outcome;
    const assistantIndex = c.messages.length - 1;
    const results = await o.tools.run(calls, o.signal);
    c.messages.push({ role: 'user', content: results });
    c.touch();
    if (o.signal.aborted) {
      const meta: ReplyMeta = { ...outcome.meta, interrupted: 'stopped' };
      c.markReply(assistantIndex, meta);
      return { type: 'stopped', meta };
    }
    if ((round + 1) % o.tools.roundLimit === 0 && !(await o.tools.goOn(round + 1, o.signal))) return outcome;
    prefill = undefined;
    request = build(c.messages);
  }
}

/**
 * One reply; when the endpoint refuses the request for its size before anything came back, the conversation is
 * compacted (forced) and the request sent once more. Only then is the question taken back out, so a refusal that
 * compaction cures never reaches the user as an error.
 */
async function replyWithinWindow(
  c: Conversation,
  o: ToolLoopOptions & { request: MessagesRequest; build: (m: MessageParam[]) => MessagesRequest },
): Promise<TurnOutcome> {
  if (!o.context || o.prefill !== undefined) return streamReply(c, o);
  const count = c.messages.length;
  const previousMeta = c.replies[String(count - 2)];
  let undoAsked = false;
  const first = await streamReply(c, { ...o, undo: o.undo && (() => (undoAsked = true)) });
  const refusedForSize =
    first.type === 'error' && c.messages.length === count && isContextOverflow(first.message);
  if (!refusedForSize) {
    if (undoAsked) o.undo?.();
    return first;
  }
  // The failed attempt marked the reply before the tool results as broken; the retry decides afresh.
  if (previousMeta) c.replies[String(count - 2)] = previousMeta;
  else delete c.replies[String(count - 2)];
  o.context.refused(first.message);
  const request = await o.context.fit(c, { build: o.build, signal: o.signal, reason: 'overflow' });
  return streamReply(c, { ...o, request });
}

// One reply streamed into a conversation. What arrives is kept as it comes (a crash snapshot holds it) and handed
// to the view coalesced; a reply that breaks keeps what arrived as the assistant's turn (so the conversation stays
// valid, the words stay on screen and the reply can be continued), and one that failed with nothing back takes
// the question out again.
import type { MessagesClient } from '../messages/client';
import { ApiError } from '../messages/errors';
import type { MessageParam, MessagesRequest } from '../messages/schema';
import type { Conversation } from './conversation';
import { DeltaCoalescer, type CoalescedDelta } from './deltaCoalescer';
import { describeError } from './errorText';
import { usageOf } from './messageFacts';
import type { UndoQuestion } from './question';
import type { ReplyMeta } from './storedConversation';

export type TurnOutcome =
  | { type: 'done'; meta: ReplyMeta }
  | { type: 'stopped'; meta: ReplyMeta }
  | { type: 'error'; kind: string; message: string; retryable: boolean; meta?: ReplyMeta };

export interface ReplyOptions {
  client: MessagesClient;
  request: MessagesRequest;
  onDelta: (delta: CoalescedDelta) => void;
  signal: AbortSignal;
  /** A continuation: the cut reply's text, sent as the assistant's prefill; what follows joins it. */
  prefill?: string;
  /**
   * Only for the first reply to a new question: takes the question out when nothing came back. Without it the
   * request answered tool results (which stay, as their calls ran), so a failure marks that reply instead.
   */
  undo?: UndoQuestion;
}

export async function streamReply(c: Conversation, o: ReplyOptions): Promise<TurnOutcome> {
  const streamed = c.beginReply(o.request.model);
  const coalescer = new DeltaCoalescer((d) => {
    streamed.posted.push(d.text);
    o.onDelta(d);
  });
  try {
    const message = await o.client.stream(
      o.request,
      {
        onText: (d) => {
          streamed.text.push(d);
          coalescer.pushText(d);
        },
        onThinking: (d) => coalescer.pushThinking(d),
      },
      o.signal,
    );
    coalescer.flush();
    c.endReply();
    const meta: ReplyMeta = {
      model: message.model,
      stopReason: message.stop_reason,
      usage: usageOf(message),
    };
    c.keepReply(message.content as Exclude<MessageParam['content'], string>, meta, o.prefill);
    return { type: 'done', meta };
  } catch (e) {
    coalescer.flush();
    c.endReply();
    return keepWhatArrived(c, o, streamed.text.join(''), e);
  } finally {
    coalescer.dispose();
  }
}

function keepWhatArrived(c: Conversation, o: ReplyOptions, partialText: string, e: unknown): TurnOutcome {
  const aborted = e instanceof ApiError && e.kind === 'aborted';
  const d = describeError(e);
  const meta: ReplyMeta = {
    model: o.request.model,
    stopReason: null,
    interrupted: aborted ? 'stopped' : e instanceof ApiError && e.kind === 'truncated' ? 'cut' : 'error',
    error: aborted ? undefined : d.message,
  };
  const afterResults = !partialText && !o.prefill && o.undo === undefined;
  if (partialText || o.prefill) {
    c.keepReply([{ type: 'text', text: partialText }], meta, o.prefill);
  } else if (afterResults) {
    // Tool results stay, as they answer the calls; Continue asks for the reply to them again.
    c.markReply(c.messages.length - 2, meta);
  } else {
    o.undo?.(); // nothing came back: the question can be sent again as it was
  }
  c.touch();
  if (aborted) return { type: 'stopped', meta };
  return {
    type: 'error',
    kind: d.kind,
    message: d.message,
    retryable: d.retryable,
    meta: partialText || afterResults ? meta : undefined,
  };
}

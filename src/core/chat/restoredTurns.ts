// A stored conversation as the webview shows it: one entry per user turn with the reply that followed.
import type { RestoredTurn, ReplyInfo } from '../../shared/protocol';
import { assistantText, type Conversation } from './conversation';
import { userPart } from './userTurn';
import type { ReplyMeta } from './storedConversation';

export function replyInfo(meta: ReplyMeta, canContinue: boolean): ReplyInfo {
  return {
    model: meta.model,
    stopReason: meta.stopReason,
    usage: meta.usage,
    interrupted: meta.interrupted,
    canContinue,
  };
}

/** The request id a restored reply is shown under (stable, so Continue can name it). */
export function restoredRequestId(conversationId: string, index: number): string {
  return `${conversationId}-${index}`;
}

export function restoredTurns(c: Conversation): RestoredTurn[] {
  const turns: RestoredTurn[] = [];
  const last = c.messages.length - 1;
  c.messages.forEach((m, i) => {
    if (m.role === 'user') {
      // Tool results are user messages too; they belong to the previous turn's reply, not a new question.
      if (typeof m.content !== 'string' && m.content.every((b) => b.type === 'tool_result')) return;
      const attached = c.attachments[String(i)];
      const { text, images } = userPart(m, attached);
      turns.push({
        requestId: restoredRequestId(c.id, i + 1),
        user: text,
        images,
        ...(attached?.length ? { attachments: attached.map((a) => ({ kind: a.kind, label: a.label })) } : {}),
      });
      return;
    }
    const turn = turns[turns.length - 1];
    if (!turn) return;
    const meta = c.replies[String(i)] ?? { model: '', stopReason: null };
    const prior = turn.reply?.text ?? '';
    turn.requestId = restoredRequestId(c.id, i);
    turn.reply = {
      text: prior + assistantText(m),
      info: replyInfo(meta, i === last && c.canContinue),
      error: meta.error,
    };
  });
  return turns;
}

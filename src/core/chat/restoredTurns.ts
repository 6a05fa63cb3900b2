// A stored conversation as the webview shows it: one entry per user turn with the reply that followed.
import type { RestoredTurn, ReplyInfo } from '../../shared/protocol';
import type { Conversation } from './conversation';
import { assistantText, isToolResults } from './messageFacts';
import { userPart } from './userTurn';
import type { ReplyMeta } from './storedConversation';
import type { ToolResultBlock, ToolUseBlock } from '../messages/schema';
import { storedCard } from '../tools/cards';
import { compactionView } from '../context/contextState';

type Parts = NonNullable<NonNullable<RestoredTurn['reply']>['parts']>;

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
  const parts = new Map<RestoredTurn, Parts>();
  const results = toolResultsById(c);
  const last = c.messages.length - 1;
  const partsOf = (turn: RestoredTurn): Parts => {
    const p = parts.get(turn) ?? [];
    parts.set(turn, p);
    return p;
  };
  c.messages.forEach((m, i) => {
    // A compaction shows where it happened: before the reply that was the first request it changed.
    const current = turns[turns.length - 1];
    if (current)
      for (const k of c.compactions)
        if (k.at === i) partsOf(current).push({ kind: 'compacted', compaction: compactionView(k) });
    if (m.role === 'user') {
      // Tool results are user messages too; they belong to the previous turn's reply, not a new question.
      if (isToolResults(m)) return;
      const attached = c.attachments[String(i)];
      const { text, images } = userPart(m, attached);
      turns.push({
        requestId: restoredRequestId(c.id, i + 1),
        turn: i,
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
    const turnParts = partsOf(turn);
    for (const b of typeof m.content === 'string'
      ? [{ type: 'text' as const, text: m.content }]
      : m.content) {
      if (b.type === 'text' && typeof b.text === 'string') {
        const tail = turnParts[turnParts.length - 1];
        if (tail?.kind === 'text') tail.text += b.text;
        else turnParts.push({ kind: 'text', text: b.text });
      } else if (b.type === 'tool_use') {
        const call = b as ToolUseBlock;
        turnParts.push({ kind: 'tool', card: storedCard(call, results.get(call.id)) });
      }
    }
  });
  // A turn that ended after its tools ran can be continued: the offer sits under its last reply.
  if (c.canContinue && c.messages[last] && isToolResults(c.messages[last])) {
    const reply = turns[turns.length - 1]?.reply;
    if (reply) reply.info.canContinue = true;
  }
  for (const [turn, p] of parts) if (turn.reply && p.some((x) => x.kind !== 'text')) turn.reply.parts = p;
  return turns;
}

function toolResultsById(c: Conversation): Map<string, ToolResultBlock> {
  const map = new Map<string, ToolResultBlock>();
  for (const m of c.messages) {
    if (m.role !== 'user' || typeof m.content === 'string') continue;
    for (const b of m.content) if (b.type === 'tool_result') map.set(b.tool_use_id, b as ToolResultBlock);
  }
  return map;
}

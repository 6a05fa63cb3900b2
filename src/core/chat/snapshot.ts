// The conversation as the store saves it. A reply still streaming is included as cut, so a crash (or a window
// closed mid-reply) keeps what had arrived and offers Continue afterwards.
import type { Conversation } from './conversation';
import { assistantText } from './messageFacts';
import { STORE_VERSION, type StoredConversation } from './storedConversation';

export function snapshotOf(c: Conversation): StoredConversation {
  const messages = c.messages.slice();
  const replies = { ...c.replies };
  const partial = c.streaming?.text.join('');
  if (c.streaming && partial) {
    const last = messages[messages.length - 1];
    if (last?.role === 'assistant') {
      messages[messages.length - 1] = { role: 'assistant', content: assistantText(last) + partial };
    } else {
      messages.push({ role: 'assistant', content: [{ type: 'text', text: partial }] });
    }
    replies[String(messages.length - 1)] = { model: c.streaming.model, stopReason: null, interrupted: 'cut' };
  }
  return {
    version: STORE_VERSION,
    id: c.id,
    title: c.title,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    turns: c.turns,
    messages,
    replies,
    ...(Object.keys(c.attachments).length ? { attachments: { ...c.attachments } } : {}),
    ...(c.compactions.length ? { compactions: [...c.compactions] } : {}),
    ...(Object.keys(c.checkpoints).length ? { checkpoints: { ...c.checkpoints } } : {}),
  };
}

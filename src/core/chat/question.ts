// Adding the user's question to a conversation, and taking it back out when it failed with nothing back (so it can
// be sent again exactly as it was, and the history stays valid for the API).
import type { MessageParam } from '../messages/schema';
import type { Conversation } from './conversation';
import { danglingToolResults, isToolResults } from './messageFacts';
import { titleFrom } from './storedConversation';
import { buildUserTurn, type Question } from './userTurn';

/** Puts the messages back as they were before the question. */
export type UndoQuestion = () => void;

/**
 * A question after a turn that ended at a tool call (the window closed while it waited) answers that call as not
 * run; after a turn that ended with tool results, the question joins them in one user message (the API wants tool
 * results first in the user turn that follows the calls, and roles alternating).
 */
export function addQuestion(c: Conversation, question: Question): UndoQuestion {
  if (c.turns === 0) c.title = titleFrom(question.text || question.context?.[0]?.label || 'Image');
  const { content, attachments } = buildUserTurn(question);
  const before = { length: c.messages.length, last: c.messages[c.messages.length - 1] };
  const { index, offset } = append(c, content);
  if (attachments.length)
    c.attachments[String(index)] = attachments.map((a) => ({ ...a, block: a.block + offset }));
  c.touch();
  return () => {
    // Tool results the question was joined to stay: their calls did run.
    c.messages.length = before.length;
    if (before.last) c.messages[before.length - 1] = before.last;
    delete c.attachments[String(index)];
  };
}

function append(c: Conversation, content: MessageParam['content']): { index: number; offset: number } {
  const last = c.messages[c.messages.length - 1];
  const dangling = last ? danglingToolResults(last) : [];
  if (dangling.length > 0) c.messages.push({ role: 'user', content: dangling });
  const tail = c.messages[c.messages.length - 1];
  if (tail && isToolResults(tail) && Array.isArray(tail.content)) {
    const blocks = typeof content === 'string' ? [{ type: 'text' as const, text: content }] : content;
    c.messages[c.messages.length - 1] = { role: 'user', content: [...tail.content, ...blocks] };
    return { index: c.messages.length - 1, offset: tail.content.length };
  }
  c.messages.push({ role: 'user', content });
  return { index: c.messages.length - 1, offset: 0 };
}

// Facts about a conversation's messages: a reply's text and tool calls, which user messages only carry tool
// results, the results owed for calls that were never answered, and token usage.
import { notRunInterrupted } from '../tools/toolResults';
import type { Message, MessageParam, ToolResultBlock, ToolUseBlock } from '../messages/schema';
import type { ReplyMeta } from './storedConversation';

export type Usage = NonNullable<ReplyMeta['usage']>;

/** The text of an assistant message (its text blocks joined). */
export function assistantText(message: MessageParam): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
}

/** The complete tool calls in an assistant message, in order. */
export function toolUses(message: MessageParam): ToolUseBlock[] {
  if (message.role !== 'assistant' || typeof message.content === 'string') return [];
  return message.content.filter((b): b is ToolUseBlock => b.type === 'tool_use');
}

/** A user message that only answers tool calls (not a question the user typed). */
export function isToolResults(message: MessageParam): boolean {
  return (
    message.role === 'user' &&
    Array.isArray(message.content) &&
    message.content.length > 0 &&
    message.content.every((b) => b.type === 'tool_result')
  );
}

/** Results for the calls of an assistant message that never got theirs (e.g. the window closed at the gate). */
export function danglingToolResults(message: MessageParam): ToolResultBlock[] {
  return toolUses(message).map((call) => notRunInterrupted(call.id));
}

/**
 * The history with tool calls and results as plain text, for a request that offers no tools (Restricted Mode,
 * tools turned off): the API refuses tool blocks in a request without tool definitions, and the model still
 * needs to know what happened.
 */
export function withoutToolBlocks(messages: readonly MessageParam[]): MessageParam[] {
  return messages.map((m) => {
    if (
      typeof m.content === 'string' ||
      !m.content.some((b) => b.type === 'tool_use' || b.type === 'tool_result')
    )
      return m;
    const content = m.content.map((b) => {
      if (b.type === 'tool_use')
        return { type: 'text' as const, text: `[Tool call ${b.name}: ${JSON.stringify(b.input)}]` };
      if (b.type === 'tool_result') {
        const text =
          typeof b.content === 'string'
            ? b.content
            : (b.content ?? []).map((c) => (c.type === 'text' ? c.text : `[${c.type}]`)).join('\n');
        return {
          type: 'text' as const,
          text: `[Tool result${b.is_error ? ' (error)' : ''}: ${text || '(empty)'}]`,
        };
      }
      return b;
    });
    return { ...m, content };
  });
}

/** A finished reply's usage as the UI keeps it. */
export function usageOf(m: Message): Usage {
  return {
    inputTokens: m.usage.input_tokens ?? 0,
    outputTokens: m.usage.output_tokens ?? 0,
    cacheReadTokens: m.usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: m.usage.cache_creation_input_tokens ?? 0,
  };
}

export function sumUsage(parts: readonly Usage[]): Usage {
  return parts.reduce(
    (sum, u) => ({
      inputTokens: sum.inputTokens + u.inputTokens,
      outputTokens: sum.outputTokens + u.outputTokens,
      cacheReadTokens: sum.cacheReadTokens + u.cacheReadTokens,
      cacheWriteTokens: sum.cacheWriteTokens + u.cacheWriteTokens,
    }),
    { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
  );
}

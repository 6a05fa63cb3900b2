// The persisted shape of one conversation, validated on load. Messages are kept as the API saw them (so a
// restored conversation continues exactly), plus what the UI shows beside each reply.
import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import type { Compaction } from '../context/contextState';
import type { MessageParam } from '../messages/schema';
import type { SentAttachment } from './userTurn';
import { ContextKind } from '../../shared/protocol';

/**
 * 2: a base snapshot `<id>.json` (with the journal sequence number it folds in) plus a journal `<id>.journal.jsonl`
 * (core/chat/journal.ts). 1: the whole conversation in `<id>.json`, rewritten on every save; it loads as a base
 * with an empty journal.
 */
export const STORE_VERSION = 2;

/** What a conversation id may look like (it names files). */
export const CONVERSATION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Ids sort by creation time and are safe as file names. */
export function newConversationId(): string {
  return `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

export const ReplyMetaSchema = z.object({
  model: z.string(),
  stopReason: z.nullable(z.string()),
  /** Stopped by the user, cut by the network, or failed: the reply is partial. */
  interrupted: z.optional(z.enum(['stopped', 'cut', 'error'])),
  error: z.optional(z.string()),
  usage: z.optional(
    z.object({
      inputTokens: z.number(),
      outputTokens: z.number(),
      cacheReadTokens: z.number(),
      cacheWriteTokens: z.number(),
    }),
  ),
});
export type ReplyMeta = z.infer<typeof ReplyMetaSchema>;

// Lenient on block shapes: a stored reply may hold block types this version does not know; they are kept.
const StoredMessageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
});

export const ConversationMetaSchema = z.object({
  version: z.union([z.literal(1), z.literal(STORE_VERSION)]),
  id: z.string().check(z.regex(CONVERSATION_ID)),
  title: z.string(),
  createdAt: z.number(),
  updatedAt: z.number(),
  turns: z.int().check(z.nonnegative()),
});
export type ConversationMeta = z.infer<typeof ConversationMetaSchema>;

export const StoredConversationSchema = z.extend(ConversationMetaSchema, {
  messages: z.array(StoredMessageSchema),
  /** Keyed by the index of the assistant message in `messages`. */
  replies: z.record(z.string(), ReplyMetaSchema),
  /** Which blocks of a user message were attachments (chips), keyed by the message's index. */
  attachments: z.optional(
    z.record(z.string(), z.array(z.object({ kind: ContextKind, label: z.string(), block: z.int() }))),
  ),
  /** Checkpoints (core/checkpoints): the id of each question's checkpoint, keyed by the user message's index. */
  // Lenient: an id that is not one is dropped when the conversation is opened, never the whole conversation.
  checkpoints: z.optional(z.record(z.string(), z.string())),
  /** Compactions (core/context/contextState.ts): what was sent in place of older turns. */
  compactions: z.optional(
    z.array(
      z.object({
        at: z.int().check(z.nonnegative()),
        kind: z.enum(['cleared', 'summary']),
        reason: z.enum(['threshold', 'overflow', 'manual']),
        clearedBefore: z.int().check(z.nonnegative()),
        summary: z.optional(z.object({ text: z.string(), cutAt: z.int().check(z.nonnegative()) })),
        tokensBefore: z.number(),
        tokensAfter: z.number(),
        time: z.number(),
      }),
    ),
  ),
});

export interface StoredConversation extends ConversationMeta {
  messages: MessageParam[];
  replies: Record<string, ReplyMeta>;
  attachments?: Record<string, SentAttachment[]>;
  compactions?: Compaction[];
  checkpoints?: Record<string, string>;
}

export function parseStoredConversation(raw: unknown): StoredConversation {
  return StoredConversationSchema.parse(raw) as StoredConversation;
}

/** A title from the first user message: its first line, trimmed to a readable length. */
export function titleFrom(text: string): string {
  const line = text.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 60 ? `${line.slice(0, 57).trimEnd()}…` : line || 'New chat';
}

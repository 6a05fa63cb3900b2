// One conversation's state: its messages as the API sees them, what the UI shows beside each reply, which blocks
// of a question were attached items, and the reply being streamed right now. How a turn runs lives in turn.ts
// (and the modules it names); this file only holds and changes the state, so every writer goes through here.
import { CHECKPOINT_ID } from '../checkpoints/checkpointStore';
import type { Compaction } from '../context/contextState';
import { CONTEXT_STOP_REASON } from '../context/overflow';
import type { MessageParam } from '../messages/schema';
import { isToolResults } from './messageFacts';
import { newConversationId, type ReplyMeta, type StoredConversation } from './storedConversation';
import type { ContextBlock, SentAttachment, UserImage } from './userTurn';

/** The reply being streamed, in chunks (joined only when read): all text received, and what the view was sent. */
export interface StreamingReply {
  readonly model: string;
  readonly text: string[];
  readonly posted: string[];
}

type Blocks = Exclude<MessageParam['content'], string>;

export class Conversation {
  /** Changes only when the store found another window's turns and this one went on in a copy (`continueAs`). */
  id: string;
  title: string;
  readonly createdAt: number;
  updatedAt: number;
  readonly messages: MessageParam[];
  /** UI facts per reply, keyed by the assistant message's index in `messages`. */
  readonly replies: Record<string, ReplyMeta>;
  /** Which blocks of a user message were attached items (chips), keyed by the message's index. */
  readonly attachments: Record<string, SentAttachment[]>;
  /** What compaction changed about what is sent, oldest first (the messages themselves are never changed). */
  readonly compactions: Compaction[];
  /** The checkpoint of each question whose tools changed files, keyed by the user message's index. */
  readonly checkpoints: Record<string, string>;
  #streaming: StreamingReply | undefined;
  /** The last count of questions, with the messages' length and last message it was counted at. */
  #turns: { length: number; last: MessageParam | undefined; turns: number } | undefined;

  constructor(stored?: StoredConversation) {
    this.id = stored?.id ?? newConversationId();
    this.title = stored?.title ?? 'New chat';
    this.createdAt = stored?.createdAt ?? Date.now();
    this.updatedAt = stored?.updatedAt ?? this.createdAt;
    this.messages = stored ? [...stored.messages] : [];
    this.replies = stored ? { ...stored.replies } : {};
    this.attachments = { ...stored?.attachments };
    this.compactions = [...(stored?.compactions ?? [])];
    this.checkpoints = Object.fromEntries(
      Object.entries(stored?.checkpoints ?? {}).filter(
        ([k, id]) => /^\d+$/.test(k) && CHECKPOINT_ID.test(id),
      ),
    );
  }

  /** Whether `index` is a question the user asked (not a reply, not tool results alone). */
  isQuestion(index: number): boolean {
    const m = this.messages[index];
    return m?.role === 'user' && !isToolResults(m);
  }

  /** The index of the last question, or -1. */
  lastQuestion(): number {
    for (let i = this.messages.length - 1; i >= 0; i--) if (this.isQuestion(i)) return i;
    return -1;
  }

  /** The checkpoints of the question at `index` and of every later one, oldest first (what restoring it takes back). */
  checkpointsFrom(index: number): string[] {
    return Object.entries(this.checkpoints)
      .map(([k, id]) => [Number(k), id] as const)
      .filter(([k]) => k >= index)
      .sort(([a], [b]) => a - b)
      .map(([, id]) => id);
  }

  /**
   * Edit and resend: removes the question at `index` and everything after it (replies, attachments, checkpoints,
   * and compactions of requests past the cut), and returns what the question carried besides its words (images and
   * attached items), so the edited question can take them again. Tool results the question had joined stay.
   */
  cutAt(index: number): { images: UserImage[]; context: ContextBlock[] } | undefined {
    if (!this.isQuestion(index) || this.#streaming) return undefined;
    const m = this.messages[index] as MessageParam;
    const blocks = typeof m.content === 'string' ? [] : m.content;
    const attached = this.attachments[String(index)] ?? [];
    const byBlock = new Map(attached.map((a) => [a.block, a]));
    const images: UserImage[] = [];
    const context: ContextBlock[] = [];
    const results: Blocks = [];
    blocks.forEach((b, i) => {
      const a = byBlock.get(i);
      if (a && (b.type === 'text' || b.type === 'document'))
        context.push({ kind: a.kind, label: a.label, block: b as ContextBlock['block'] });
      else if (b.type === 'image' && b.source.type === 'base64')
        images.push({ mediaType: b.source.media_type as UserImage['mediaType'], data: b.source.data });
      else if (b.type === 'tool_result') results.push(b);
    });
    this.messages.length = results.length ? index + 1 : index;
    if (results.length) this.messages[index] = { role: 'user', content: results };
    const past = (k: string) => Number(k) >= index;
    for (const k of Object.keys(this.replies)) if (past(k)) delete this.replies[k];
    for (const k of Object.keys(this.attachments)) if (past(k)) delete this.attachments[k];
    for (const k of Object.keys(this.checkpoints)) if (past(k)) delete this.checkpoints[k];
    // A compaction is shown before the reply at `at`: one past the cut changed requests that no longer exist.
    const kept = this.compactions.filter((c) => c.at <= index);
    this.compactions.splice(0, this.compactions.length, ...kept);
    this.touch();
    return { images, context };
  }

  /**
   * Questions asked (tool results are user messages too, but not questions). Counted again only when the messages
   * end differently (a save while streaming asks for it every time: docs/performance.md, P8); messages before the
   * last are only ever dropped or kept, never turned from a question into something else.
   */
  get turns(): number {
    const length = this.messages.length;
    const last = this.messages[length - 1];
    const memo = this.#turns;
    if (memo?.length === length && memo.last === last) return memo.turns;
    const turns = this.messages.filter((m) => m.role === 'user' && !isToolResults(m)).length;
    this.#turns = { length, last, turns };
    return turns;
  }

  /**
   * Whether the last reply was cut short (stopped, broken, or out of tokens) and can be continued; or the turn
   * ended after its tools ran, before the model answered their results.
   */
  get canContinue(): boolean {
    const i = this.messages.length - 1;
    const last = this.messages[i];
    if (last && isToolResults(last)) return this.messages[i - 1]?.role === 'assistant';
    const meta = this.replies[String(i)];
    return (
      last?.role === 'assistant' &&
      !!meta &&
      (!!meta.interrupted || meta.stopReason === 'max_tokens' || meta.stopReason === CONTEXT_STOP_REASON)
    );
  }

  /** The reply being streamed, if one is. */
  get streaming(): StreamingReply | undefined {
    return this.#streaming;
  }

  /**
   * The part of the reply being streamed that the view has been sent (a continuation's new part only). A view
   * re-created mid-stream starts from exactly this; the deltas still pending follow it, so nothing shows twice.
   */
  get inProgress(): string | undefined {
    return this.#streaming?.posted.join('');
  }

  beginReply(model: string): StreamingReply {
    this.#streaming = { model, text: [], posted: [] };
    return this.#streaming;
  }

  endReply(): void {
    this.#streaming = undefined;
  }

  /**
   * Keeps a reply (whole or partial) with its meta. With a prefill (a continuation) the reply joins the assistant
   * message it continues: one message holding the prefill and what followed it.
   */
  keepReply(content: Blocks, meta: ReplyMeta, prefill?: string): void {
    if (prefill !== undefined) {
      const text = prefill + content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      const rest = content.filter((b) => b.type !== 'text');
      this.messages[this.messages.length - 1] = {
        role: 'assistant',
        content: [{ type: 'text', text }, ...rest],
      };
    } else if (content.length > 0) {
      this.messages.push({ role: 'assistant', content });
    } else {
      return;
    }
    this.replies[String(this.messages.length - 1)] = meta;
    this.touch();
  }

  /** Replaces what the UI shows beside the reply at `index` (e.g. it was stopped after its tools ran). */
  markReply(index: number, meta: ReplyMeta): void {
    if (this.messages[index]?.role === 'assistant') this.replies[String(index)] = meta;
  }

  /** This conversation goes on under another id and title (the store forked it: conversationStore.ts, `onFork`). */
  continueAs(id: string, title: string): void {
    this.id = id;
    this.title = title;
  }

  touch(): void {
    this.updatedAt = Date.now();
  }
}

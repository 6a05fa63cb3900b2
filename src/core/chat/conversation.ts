// One conversation: its messages, what the UI shows beside each reply, and how a turn runs through the Messages
// client. A reply that breaks keeps what arrived (as the assistant's turn, so the conversation stays valid, the
// words stay on screen and the reply can be continued).
import type { MessagesClient } from '../messages/client';
import { ApiError } from '../messages/errors';
import type {
  Message,
  MessageParam,
  MessagesRequest,
  Tool,
  ToolResultBlock,
  ToolUseBlock,
} from '../messages/schema';
import { ConversationStore } from './conversationStore';
import { DeltaCoalescer, type CoalescedDelta } from './deltaCoalescer';
import { describeError } from './errorText';
import { withCacheBreakpoints } from './promptCache';
import { STORE_VERSION, titleFrom, type ReplyMeta, type StoredConversation } from './storedConversation';
import { danglingToolResults, isToolResults, sumUsage, toolUses, withoutToolBlocks } from './toolTurns';
import { buildUserTurn, type ContextBlock, type SentAttachment } from './userTurn';

export interface TurnDefaults {
  model: string;
  maxTokens: number;
  system: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences: string[];
  thinking?: { budgetTokens: number };
  /** Mark cache breakpoints (tools, system, recent user turns) so repeat turns read the prefix from cache. */
  promptCaching?: boolean;
}

/**
 * Tools for one turn: offered to the model, and run (behind the host's gate) whenever the model stops to use them.
 * The loop goes on until the model ends its turn, the user stops it, or declines to go past `roundLimit` rounds.
 */
export interface TurnTools {
  /** Offered to the model; empty means none are offered. */
  definitions: Tool[];
  /** Runs one round's calls (asking the user where the gate says so); one result per call, in call order. */
  run(calls: ToolUseBlock[], signal: AbortSignal): Promise<ToolResultBlock[]>;
  roundLimit: number;
  /** Where the tools work (folders, shell), added to the system prompt so the model uses them well. */
  context?: string;
  /** Asked after every `roundLimit` rounds; false ends the turn there. */
  goOn(rounds: number, signal: AbortSignal): Promise<boolean>;
}

export type TurnOutcome =
  | { type: 'done'; meta: ReplyMeta }
  | { type: 'stopped'; meta: ReplyMeta }
  | { type: 'error'; kind: string; message: string; retryable: boolean; meta?: ReplyMeta };

export class Conversation {
  readonly id: string;
  title: string;
  readonly createdAt: number;
  updatedAt: number;
  readonly messages: MessageParam[];
  /** UI facts per reply, keyed by the assistant message's index in `messages`. */
  readonly replies: Record<string, ReplyMeta>;
  /** Which blocks of a user message were attached items (chips), keyed by the message's index. */
  readonly attachments: Record<string, SentAttachment[]>;
  /**
   * The reply being streamed, as it grows (chunks, joined only when a snapshot is taken): `text` is everything
   * received (saved, so a crash keeps it), `posted` what has been handed to the view so far.
   */
  private streaming: { text: string[]; posted: string[]; model: string } | undefined;
  /** Puts the messages back as they were before the last question (it failed with nothing back). */
  private undoQuestion: (() => void) | undefined;

  constructor(stored?: StoredConversation) {
    this.id = stored?.id ?? ConversationStore.newId();
    this.title = stored?.title ?? 'New chat';
    this.createdAt = stored?.createdAt ?? Date.now();
    this.updatedAt = stored?.updatedAt ?? this.createdAt;
    this.messages = stored ? [...stored.messages] : [];
    this.replies = stored ? { ...stored.replies } : {};
    this.attachments = { ...stored?.attachments };
  }

  /** Questions asked (tool results are user messages too, but not questions). */
  get turns(): number {
    return this.messages.filter((m) => m.role === 'user' && !isToolResults(m)).length;
  }

  /** A snapshot for the store; a reply still streaming is included as cut, so a crash keeps it. */
  toStored(): StoredConversation {
    const messages = [...this.messages];
    const replies = { ...this.replies };
    const partial = this.streaming?.text.join('');
    if (this.streaming && partial) {
      const last = messages[messages.length - 1];
      if (last?.role === 'assistant') {
        messages[messages.length - 1] = { role: 'assistant', content: assistantText(last) + partial };
      } else {
        messages.push({ role: 'assistant', content: [{ type: 'text', text: partial }] });
      }
      replies[String(messages.length - 1)] = {
        model: this.streaming.model,
        stopReason: null,
        interrupted: 'cut',
      };
    }
    return {
      version: STORE_VERSION,
      id: this.id,
      title: this.title,
      createdAt: this.createdAt,
      updatedAt: this.updatedAt,
      turns: this.turns,
      messages,
      replies,
      ...(Object.keys(this.attachments).length ? { attachments: { ...this.attachments } } : {}),
    };
  }

  buildRequest(defaults: TurnDefaults, tools?: TurnTools): MessagesRequest {
    const request: MessagesRequest = {
      model: defaults.model,
      max_tokens: defaults.maxTokens,
      messages: this.messages,
    };
    if (tools && tools.definitions.length > 0) request.tools = tools.definitions;
    else if (
      this.messages.some((m) => typeof m.content !== 'string' && m.content.some((b) => b.type === 'tool_use'))
    )
      request.messages = withoutToolBlocks(this.messages);
    const offered = tools !== undefined && tools.definitions.length > 0;
    const system = [defaults.system.trim(), offered ? tools.context?.trim() : undefined]
      .filter(Boolean)
      .join('\n\n');
    if (system) request.system = system;
    if (defaults.temperature !== undefined) request.temperature = defaults.temperature;
    if (defaults.topP !== undefined) request.top_p = defaults.topP;
    if (defaults.topK !== undefined) request.top_k = defaults.topK;
    if (defaults.stopSequences.length) request.stop_sequences = defaults.stopSequences;
    if (defaults.thinking)
      request.thinking = { type: 'enabled', budget_tokens: defaults.thinking.budgetTokens };
    return defaults.promptCaching ? withCacheBreakpoints(request) : request;
  }

  /**
   * The part of the reply being streamed that the view has been sent (a continuation's new part only). A view
   * re-created mid-stream starts from exactly this; the deltas still pending follow it, so nothing shows twice.
   */
  get inProgress(): string | undefined {
    return this.streaming?.posted.join('');
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
    return last?.role === 'assistant' && !!meta && (!!meta.interrupted || meta.stopReason === 'max_tokens');
  }

  async runTurn(
    client: MessagesClient,
    defaults: TurnDefaults,
    userText: string,
    onDelta: (delta: CoalescedDelta) => void,
    signal: AbortSignal,
    images: readonly UserImage[] = [],
    context: readonly ContextBlock[] = [],
    tools?: TurnTools,
  ): Promise<TurnOutcome> {
    if (this.turns === 0) this.title = titleFrom(userText || context[0]?.label || 'Image');
    const { content, attachments } = buildUserTurn(userText, images, context);
    const before = { length: this.messages.length, last: this.messages[this.messages.length - 1] };
    const { index, offset } = this.addQuestion(content);
    if (attachments.length)
      this.attachments[String(index)] = attachments.map((a) => ({ ...a, block: a.block + offset }));
    this.undoQuestion = () => {
      // Back to the messages as they were: tool results the question was joined to stay (their calls did run).
      this.messages.length = before.length;
      if (before.last) this.messages[before.length - 1] = before.last;
      delete this.attachments[String(index)];
    };
    this.touch();
    return this.stream(
      client,
      defaults,
      this.buildRequest(defaults, tools),
      onDelta,
      signal,
      undefined,
      tools,
    );
  }

  /**
   * A question after a turn that ended at a tool call (the window closed while it waited) answers that call as not
   * run; after a turn that ended with tool results, the question joins them in one user message (the API wants
   * tool results first in the user turn that follows the calls, and roles alternating).
   */
  private addQuestion(content: MessageParam['content']): { index: number; offset: number } {
    const last = this.messages[this.messages.length - 1];
    const dangling = last ? danglingToolResults(last) : [];
    if (dangling.length > 0) this.messages.push({ role: 'user', content: dangling });
    const tail = this.messages[this.messages.length - 1];
    if (tail && isToolResults(tail) && Array.isArray(tail.content)) {
      const blocks = typeof content === 'string' ? [{ type: 'text' as const, text: content }] : content;
      this.messages[this.messages.length - 1] = { role: 'user', content: [...tail.content, ...blocks] };
      return { index: this.messages.length - 1, offset: tail.content.length };
    }
    this.messages.push({ role: 'user', content });
    return { index: this.messages.length - 1, offset: 0 };
  }

  /** Continues the last, cut-short reply: its text goes back as a prefill and the model carries on. */
  async continueTurn(
    client: MessagesClient,
    defaults: TurnDefaults,
    onDelta: (delta: CoalescedDelta) => void,
    signal: AbortSignal,
    tools?: TurnTools,
  ): Promise<TurnOutcome> {
    this.undoQuestion = undefined;
    const last = this.messages[this.messages.length - 1];
    if (!last || !this.canContinue) {
      return {
        type: 'error',
        kind: 'retry_turn',
        message: 'There is no cut-short reply to continue.',
        retryable: false,
      };
    }
    if (isToolResults(last)) {
      // The tools ran but their results were never answered: ask for the answer now.
      return this.stream(
        client,
        defaults,
        this.buildRequest(defaults, tools),
        onDelta,
        signal,
        undefined,
        tools,
      );
    }
    if (defaults.thinking) {
      return {
        type: 'error',
        kind: 'retry_turn',
        message:
          'A reply cannot be continued while extended thinking is on: turn thinking off, or send the question again.',
        retryable: false,
      };
    }
    // The API refuses a prefill that ends in whitespace; the model writes that whitespace again.
    const prefill = assistantText(last).trimEnd();
    const request = this.buildRequest(defaults, tools);
    request.messages = [...request.messages.slice(0, -1), { role: 'assistant', content: prefill }];
    this.messages[this.messages.length - 1] = { role: 'assistant', content: prefill };
    return this.stream(client, defaults, request, onDelta, signal, prefill, tools);
  }

  /**
   * One turn: a reply, and while the model stops to use tools, their results and the next reply (security item
   * 18: only complete tool_use blocks of a reply that ended normally ever reach `tools.run`).
   */
  private async stream(
    client: MessagesClient,
    defaults: TurnDefaults,
    request: MessagesRequest,
    onDelta: (delta: CoalescedDelta) => void,
    signal: AbortSignal,
    prefill: string | undefined,
    tools: TurnTools | undefined,
  ): Promise<TurnOutcome> {
    const usage: NonNullable<ReplyMeta['usage']>[] = [];
    for (let round = 0; ; round++) {
      const outcome = await this.streamOne(client, defaults, request, onDelta, signal, prefill, round > 0);
      this.undoQuestion = undefined; // from here on the question has an answer (or its failure was undone)
      if (outcome.meta?.usage) usage.push(outcome.meta.usage);
      if (outcome.meta && usage.length > 1) outcome.meta.usage = sumUsage(usage);
      const last = this.messages[this.messages.length - 1];
      const calls = last?.role === 'assistant' ? toolUses(last) : [];
      if (outcome.type !== 'done' || !tools || outcome.meta.stopReason !== 'tool_use' || calls.length === 0)
        return outcome;
      const assistantIndex = this.messages.length - 1;
      const results = await tools.run(calls, signal);
      this.messages.push({ role: 'user', content: results });
      this.touch();
      if (signal.aborted) {
        const meta: ReplyMeta = { ...outcome.meta, interrupted: 'stopped' };
        this.replies[String(assistantIndex)] = meta;
        return { type: 'stopped', meta };
      }
      if ((round + 1) % tools.roundLimit === 0 && !(await tools.goOn(round + 1, signal))) return outcome;
      prefill = undefined;
      request = this.buildRequest(defaults, tools);
    }
  }

  private async streamOne(
    client: MessagesClient,
    defaults: TurnDefaults,
    request: MessagesRequest,
    onDelta: (delta: CoalescedDelta) => void,
    signal: AbortSignal,
    prefill: string | undefined,
    afterTools: boolean,
  ): Promise<TurnOutcome> {
    this.streaming = { text: [], posted: [], model: defaults.model };
    const streamed = this.streaming;
    const coalescer = new DeltaCoalescer((d) => {
      streamed.posted.push(d.text);
      onDelta(d);
    });
    try {
      const message = await client.stream(
        request,
        {
          onText: (d) => {
            streamed.text.push(d);
            coalescer.pushText(d);
          },
          onThinking: (d) => coalescer.pushThinking(d),
        },
        signal,
      );
      coalescer.flush();
      this.streaming = undefined;
      const meta: ReplyMeta = {
        model: message.model,
        stopReason: message.stop_reason,
        usage: usageOf(message),
      };
      this.keepReply(prefill, message.content as Exclude<MessageParam['content'], string>, meta);
      return { type: 'done', meta };
    } catch (e) {
      coalescer.flush();
      this.streaming = undefined;
      const partialText = streamed.text.join('');
      const aborted = e instanceof ApiError && e.kind === 'aborted';
      const d = describeError(e);
      const meta: ReplyMeta = {
        model: defaults.model,
        stopReason: null,
        interrupted: aborted ? 'stopped' : e instanceof ApiError && e.kind === 'truncated' ? 'cut' : 'error',
        error: aborted ? undefined : d.message,
      };
      const afterResults = !partialText && !prefill && (afterTools || !this.undoQuestion);
      if (partialText || prefill) {
        this.keepReply(prefill, [{ type: 'text', text: partialText }], meta);
      } else if (afterResults) {
        // After tool results (this turn's, or a Continue's): they stay, as they answer the calls; Continue asks
        // for the reply to them again.
        const i = this.messages.length - 2;
        if (this.messages[i]?.role === 'assistant') this.replies[String(i)] = meta;
      } else {
        this.undoQuestion?.(); // nothing came back: the question can be sent again as it was
      }
      this.touch();
      if (aborted) return { type: 'stopped', meta };
      return {
        type: 'error',
        kind: d.kind,
        message: d.message,
        retryable: d.retryable,
        meta: partialText || afterResults ? meta : undefined,
      };
    } finally {
      coalescer.dispose();
    }
  }

  private keepReply(
    prefill: string | undefined,
    content: Exclude<MessageParam['content'], string>,
    meta: ReplyMeta,
  ): void {
    if (prefill !== undefined) {
      // A continuation: one assistant message holding the prefill and what followed it.
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

  private touch(): void {
    this.updatedAt = Date.now();
  }
}

export interface UserImage {
  mediaType: 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';
  data: string;
}

/** A question as content: images first, then the text (the order Anthropic recommends). Plain text stays a string. */
export function userContent(text: string, images: readonly UserImage[]): MessageParam['content'] {
  return buildUserTurn(text, images).content;
}

export function assistantText(message: MessageParam): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : '')).join('');
}

function usageOf(m: Message): ReplyMeta['usage'] {
  return {
    inputTokens: m.usage.input_tokens ?? 0,
    outputTokens: m.usage.output_tokens ?? 0,
    cacheReadTokens: m.usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: m.usage.cache_creation_input_tokens ?? 0,
  };
}

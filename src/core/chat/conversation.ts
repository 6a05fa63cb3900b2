// One conversation: its messages and how a turn runs through the Messages client. A reply that breaks keeps
// what arrived (as the assistant's turn, so the conversation stays valid and the words stay on screen).
import type { MessagesClient } from '../messages/client';
import { ApiError } from '../messages/errors';
import type { Message, MessageParam, MessagesRequest } from '../messages/schema';
import { DeltaCoalescer, type CoalescedDelta } from './deltaCoalescer';
import { describeError } from './errorText';
import { withCacheBreakpoints } from './promptCache';

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

export type TurnOutcome =
  | { type: 'done'; message: Message; stopped: false }
  | { type: 'stopped'; partialText: string; stopped: true }
  | { type: 'error'; kind: string; message: string; retryable: boolean };

export class Conversation {
  readonly messages: MessageParam[] = [];

  buildRequest(defaults: TurnDefaults): MessagesRequest {
    const request: MessagesRequest = {
      model: defaults.model,
      max_tokens: defaults.maxTokens,
      messages: this.messages,
    };
    if (defaults.system.trim()) request.system = defaults.system;
    if (defaults.temperature !== undefined) request.temperature = defaults.temperature;
    if (defaults.topP !== undefined) request.top_p = defaults.topP;
    if (defaults.topK !== undefined) request.top_k = defaults.topK;
    if (defaults.stopSequences.length) request.stop_sequences = defaults.stopSequences;
    if (defaults.thinking)
      request.thinking = { type: 'enabled', budget_tokens: defaults.thinking.budgetTokens };
    return defaults.promptCaching ? withCacheBreakpoints(request) : request;
  }

  async runTurn(
    client: MessagesClient,
    defaults: TurnDefaults,
    userText: string,
    onDelta: (delta: CoalescedDelta) => void,
    signal: AbortSignal,
  ): Promise<TurnOutcome> {
    this.messages.push({ role: 'user', content: userText });
    const coalescer = new DeltaCoalescer(onDelta);
    try {
      const message = await client.stream(
        this.buildRequest(defaults),
        { onText: (d) => coalescer.pushText(d), onThinking: (d) => coalescer.pushThinking(d) },
        signal,
      );
      coalescer.flush();
      this.keepAssistant(message.content as MessageParam['content']);
      return { type: 'done', message, stopped: false };
    } catch (e) {
      coalescer.flush();
      const partialText = e instanceof ApiError ? textOf(e.partial) : '';
      if (partialText) this.keepAssistant([{ type: 'text', text: partialText }]);
      else this.messages.pop(); // nothing came back: the user's turn can be sent again as it was
      if (e instanceof ApiError && e.kind === 'aborted')
        return { type: 'stopped', partialText, stopped: true };
      const d = describeError(e);
      return { type: 'error', kind: d.kind, message: d.message, retryable: d.retryable };
    } finally {
      coalescer.dispose();
    }
  }

  clear(): void {
    this.messages.length = 0;
  }

  private keepAssistant(content: MessageParam['content']): void {
    if (Array.isArray(content) && content.length === 0) return;
    this.messages.push({ role: 'assistant', content });
  }
}

function textOf(message: Message | undefined): string {
  if (!message) return '';
  return message.content
    .map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : ''))
    .join('')
    .trimEnd();
}

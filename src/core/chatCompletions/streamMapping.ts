// Maps Chat Completions chunks back onto Messages stream events, fed to the same accumulator, so callers see one
// model: content -> text, `reasoning_content` -> thinking, tool_calls assembled by index into tool_use blocks,
// finish_reason -> stop_reason, usage from the final chunk (`stream_options.include_usage`), `[DONE]` ends it.
import { ApiError, errorFromEvent, isErrorPayload } from '../messages/errors';
import { l10n } from '../l10n';

type Json = Record<string, unknown>;
type Emit = (event: Json) => void;

const STOP_REASONS: Record<string, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  function_call: 'tool_use',
  content_filter: 'refusal',
};

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class ChatStreamMapper {
  private started = false;
  private nextBlock = 0;
  /** The open text or thinking block, if any (they close when the kind of output changes). */
  private open: { kind: 'text' | 'thinking'; index: number } | undefined;
  /** Tool call index -> block index; tool blocks stay open until the end (arguments may interleave). */
  private readonly tools = new Map<number, number>();
  private stopReason: string | undefined;
  private usage: Json | undefined;
  private finished = false;

  constructor(
    private readonly emit: Emit,
    private readonly fallbackModel: string,
    private readonly secrets: readonly (string | undefined)[] = [],
  ) {}

  push(chunk: Json): void {
    if (isErrorPayload(chunk)) throw errorFromEvent(chunk, undefined, this.secrets);
    if (!this.started) this.start(chunk);
    if (isObject(chunk.usage)) this.usage = chunk.usage;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    const choice = choices.find((c) => isObject(c) && (c.index === 0 || c.index === undefined));
    if (!isObject(choice)) return;
    const delta = isObject(choice.delta) ? choice.delta : isObject(choice.message) ? choice.message : {};
    const reasoning = typeof delta.reasoning_content === 'string' ? delta.reasoning_content : delta.reasoning;
    if (typeof reasoning === 'string' && reasoning !== '') this.textual('thinking', reasoning);
    if (typeof delta.content === 'string' && delta.content !== '') this.textual('text', delta.content);
    if (Array.isArray(delta.tool_calls))
      delta.tool_calls.forEach((tc, i) => isObject(tc) && this.toolCall(tc, i));
    if (typeof choice.finish_reason === 'string')
      this.stopReason = STOP_REASONS[choice.finish_reason] ?? choice.finish_reason;
  }

  private start(chunk: Json): void {
    this.started = true;
    this.emit({
      type: 'message_start',
      message: {
        id: typeof chunk.id === 'string' ? chunk.id : '',
        type: 'message',
        role: 'assistant',
        model: typeof chunk.model === 'string' ? chunk.model : this.fallbackModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 0, output_tokens: 0 },
      },
    });
  }

  private closeOpen(): void {
    if (!this.open) return;
    if (this.open.kind === 'thinking') {
      // Chat Completions has no signatures; an empty one marks the block as not replayable to Anthropic.
      this.emit({
        type: 'content_block_delta',
        index: this.open.index,
        delta: { type: 'signature_delta', signature: '' },
      });
    }
    this.emit({ type: 'content_block_stop', index: this.open.index });
    this.open = undefined;
  }

  private textual(kind: 'text' | 'thinking', text: string): void {
    if (this.open?.kind !== kind) {
      this.closeOpen();
      const index = this.nextBlock++;
      this.open = { kind, index };
      const block =
        kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
      this.emit({ type: 'content_block_start', index, content_block: block });
    }
    const delta = kind === 'text' ? { type: 'text_delta', text } : { type: 'thinking_delta', thinking: text };
    this.emit({ type: 'content_block_delta', index: this.open.index, delta });
  }

  private toolCall(tc: Json, position: number): void {
    const key = typeof tc.index === 'number' ? tc.index : position;
    const fn = isObject(tc.function) ? tc.function : {};
    let index = this.tools.get(key);
    if (index === undefined) {
      this.closeOpen();
      index = this.nextBlock++;
      this.tools.set(key, index);
      const id = typeof tc.id === 'string' && tc.id !== '' ? tc.id : `call_${index}`;
      const name = typeof fn.name === 'string' ? fn.name : '';
      this.emit({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id, name, input: {} },
      });
    }
    const args = fn.arguments;
    if (typeof args === 'string' && args !== '') {
      this.emit({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: args },
      });
    } else if (isObject(args)) {
      // Non-streamed replies from some gateways carry arguments as an object.
      this.emit({
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(args) },
      });
    }
  }

  /** Called at the end of the body. Complete only when a finish_reason or `[DONE]` was seen; else it is a truncation. */
  finish(sawDone: boolean): void {
    if (this.finished || !this.started) return;
    if (this.stopReason === undefined && !sawDone) return;
    this.finished = true;
    this.closeOpen();
    for (const index of this.tools.values()) this.emit({ type: 'content_block_stop', index });
    const u = this.usage;
    const cached =
      u && isObject(u.prompt_tokens_details) ? Number(u.prompt_tokens_details.cached_tokens ?? 0) : 0;
    const prompt = u && typeof u.prompt_tokens === 'number' ? u.prompt_tokens : 0;
    const usage: Json = {
      input_tokens: prompt - cached,
      output_tokens: u && typeof u.completion_tokens === 'number' ? u.completion_tokens : 0,
    };
    if (cached > 0) usage.cache_read_input_tokens = cached;
    this.emit({
      type: 'message_delta',
      delta: { stop_reason: this.stopReason ?? 'end_turn', stop_sequence: null },
      usage,
    });
    this.emit({ type: 'message_stop' });
  }
}

/** A non-streamed chat completion becomes the same events, as one big chunk. */
export function mapChatCompletion(
  body: unknown,
  emit: Emit,
  fallbackModel: string,
  secrets: readonly string[],
): void {
  if (!isObject(body) || !Array.isArray(body.choices)) {
    throw new ApiError({
      kind: 'invalid_response',
      message: l10n.t('The endpoint sent a chat completion without choices'),
    });
  }
  const mapper = new ChatStreamMapper(emit, fallbackModel, secrets);
  const choices = body.choices.map((c) => {
    if (!isObject(c) || !isObject(c.message)) return c;
    const calls = Array.isArray(c.message.tool_calls)
      ? c.message.tool_calls.map((tc, i) => (isObject(tc) ? { index: i, ...tc } : tc))
      : undefined;
    return { ...c, delta: { ...c.message, ...(calls ? { tool_calls: calls } : {}) } };
  });
  mapper.push({ ...body, choices });
  mapper.finish(true);
}

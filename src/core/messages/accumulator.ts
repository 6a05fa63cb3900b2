// Builds the final Message from stream events, incrementally. This is the hot path: one call per SSE event,
// no zod and no object spreading per delta. Text and thinking are kept in TextBuffers (pieces joined in groups) and put
// together once at content_block_stop; tool input JSON likewise, then parsed strictly (invalid JSON is an error, never `{}`).
// Each finished block is strict-parsed with its zod schema once, at its stop.
import { ApiError, errorFromEvent } from './errors';
import { TextBuffer } from './textBuffer';
import {
  RedactedThinkingBlockSchema,
  ServerToolUseBlockSchema,
  TextBlockSchema,
  ThinkingBlockSchema,
  ToolUseBlockSchema,
  type Message,
  type ResponseContentBlock,
  type Usage,
} from './schema';
import { l10n } from '../l10n';

export interface StreamCallbacks {
  /** Every decoded event, after it has been applied (raw JSON object, routed by its `type`). */
  onEvent?(event: Record<string, unknown>): void;
  onMessageStart?(message: Message): void;
  onText?(delta: string, blockIndex: number): void;
  onThinking?(delta: string, blockIndex: number): void;
  onBlockStart?(block: ResponseContentBlock, index: number): void;
  onBlockStop?(block: ResponseContentBlock, index: number): void;
  /** A piece of a tool call's input JSON as it streams (append the pieces for a preview; parsed at block stop). */
  onToolInputPreview?(partialJson: string, index: number): void;
  onUsage?(usage: Usage): void;
  onRetry?(attempt: number, delayMs: number, error: ApiError): void;
}

type Json = Record<string, unknown>;

interface OpenBlock {
  block: Json;
  /** text / thinking, or tool input JSON, as it streams; null when the block has none or is sealed. */
  chunks: TextBuffer | null;
  field: 'text' | 'thinking' | 'json' | null;
  stopped: boolean;
}

const blockSchemas: Record<string, { safeParse(v: unknown): { success: boolean; error?: unknown } }> = {
  text: TextBlockSchema,
  thinking: ThinkingBlockSchema,
  redacted_thinking: RedactedThinkingBlockSchema,
  tool_use: ToolUseBlockSchema,
  server_tool_use: ServerToolUseBlockSchema,
};

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Gateways sometimes omit `delta.type`: infer it from the field that is present. */
function deltaType(d: Json): string | undefined {
  const t = d.type;
  if (typeof t === 'string') return t;
  if (typeof d.text === 'string') return 'text_delta';
  if (typeof d.partial_json === 'string') return 'input_json_delta';
  if (typeof d.thinking === 'string') return 'thinking_delta';
  if (typeof d.signature === 'string') return 'signature_delta';
  if (d.citation !== undefined) return 'citations_delta';
  return undefined;
}

function invalid(message: string): ApiError {
  return new ApiError({
    kind: 'invalid_response',
    message: l10n.t('The endpoint sent an invalid stream: {0}', message),
  });
}

function parseToolInput(raw: string, index: number, name: unknown): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw invalid(`tool input for block ${index} (${String(name)}) is not valid JSON: ${raw.slice(0, 120)}`);
  }
}

export class MessageAccumulator {
  private message: Json | undefined;
  private readonly blocks: OpenBlock[] = [];
  private stopped = false;
  /** Content events so far: one increment per event, not per byte (see `progress`). */
  private events = 0;

  constructor(
    private readonly callbacks: StreamCallbacks = {},
    private readonly fallbackModel = '',
    private readonly secrets: readonly (string | undefined)[] = [],
    private readonly requestId?: string,
  ) {}

  get started(): boolean {
    return this.message !== undefined;
  }

  get complete(): boolean {
    return this.stopped;
  }

  /**
   * Moves with every content event, anything but a ping. The no-content watchdog reads it a few times a period
   * (RequestControl.watchContent in transport.ts), so a stream of keep-alives alone ends.
   */
  get progress(): number {
    return this.events;
  }

  /** Applies one decoded event. Throws ApiError for an `error` event or a malformed block. */
  handle(event: Json): void {
    if (event.type !== 'ping') this.events++;
    switch (event.type) {
      case 'content_block_delta':
        this.delta(event);
        break;
      case 'message_start':
        this.start(event);
        break;
      case 'content_block_start':
        this.blockStart(event);
        break;
      case 'content_block_stop':
        this.blockStop(event);
        break;
      case 'message_delta':
        this.messageDelta(event);
        break;
      case 'message_stop':
        this.finishBlocks();
        this.stopped = true;
        break;
      case 'error':
        throw errorFromEvent(event, this.requestId, this.secrets).withPartial(this.snapshot());
      default:
        // ping and unknown events: nothing to apply.
        break;
    }
    this.callbacks.onEvent?.(event);
  }

  private start(event: Json): void {
    const m = isObject(event.message) ? event.message : {};
    const usage = isObject(m.usage) ? { ...m.usage } : {};
    if (typeof usage.input_tokens !== 'number') usage.input_tokens = 0;
    if (typeof usage.output_tokens !== 'number') usage.output_tokens = 0;
    // Missing fields (some gateways send a bare message_start) get the API's defaults.
    this.message = {
      ...m,
      id: typeof m.id === 'string' ? m.id : '',
      type: 'message',
      role: 'assistant',
      model: typeof m.model === 'string' ? m.model : this.fallbackModel,
      content: [],
      stop_reason: m.stop_reason ?? null,
      stop_sequence: m.stop_sequence ?? null,
      usage,
    };
    if (Array.isArray(m.content)) {
      for (const b of m.content)
        if (isObject(b)) this.blocks.push({ block: { ...b }, chunks: null, field: null, stopped: true });
    }
    this.callbacks.onMessageStart?.(this.message as Message);
  }

  private requireMessage(what: string): Json {
    if (!this.message) throw invalid(`${what} before message_start`);
    return this.message;
  }

  private blockStart(event: Json): void {
    this.requireMessage('content_block_start');
    const b = event.content_block;
    if (!isObject(b) || typeof b.type !== 'string')
      throw invalid('content_block_start without a content_block');
    const block: Json = { ...b };
    let field: OpenBlock['field'] = null;
    let chunks: TextBuffer | null = null;
    if (block.type === 'text') {
      field = 'text';
      chunks = new TextBuffer(typeof block.text === 'string' ? block.text : '');
    } else if (block.type === 'thinking') {
      field = 'thinking';
      chunks = new TextBuffer(typeof block.thinking === 'string' ? block.thinking : '');
    } else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
      field = 'json';
      chunks = new TextBuffer();
    }
    const index = typeof event.index === 'number' ? event.index : this.blocks.length;
    this.blocks[index] = { block, chunks, field, stopped: false };
    this.callbacks.onBlockStart?.(block as ResponseContentBlock, index);
  }

  private delta(event: Json): void {
    const d = event.delta;
    const index = event.index as number;
    if (!isObject(d)) throw invalid(`content_block_delta without a delta for block ${String(index)}`);
    switch (deltaType(d)) {
      case 'text_delta':
        return this.appendText(index, d.text as string);
      case 'thinking_delta':
        return this.appendThinking(index, d.thinking as string);
      case 'input_json_delta':
        return this.appendJson(index, d.partial_json as string);
      case 'signature_delta': {
        const open = this.open(index);
        if (open.block.type === 'thinking' && typeof d.signature === 'string')
          open.block.signature = d.signature;
        return;
      }
      case 'citations_delta': {
        const open = this.open(index);
        if (open.block.type === 'text') {
          const list = Array.isArray(open.block.citations)
            ? open.block.citations
            : (open.block.citations = []);
          (list as unknown[]).push(d.citation);
        }
        return;
      }
      default:
        // Unknown delta kinds are skipped, not fatal: newer API versions add them.
        return;
    }
  }

  private open(index: number): OpenBlock {
    const open = this.blocks[index];
    if (open) return open;
    this.requireMessage('content_block_delta');
    throw invalid(`content_block_delta for unknown block ${String(index)}`);
  }

  /** A text delta (also the fast path's entry, which skips building the event object). */
  appendText(index: number, text: string): void {
    const open = this.blocks[index];
    if (open === undefined || open.field !== 'text' || open.chunks === null || typeof text !== 'string')
      throw this.badDelta('text_delta', index);
    open.chunks.append(text);
    this.events++;
    this.callbacks.onText?.(text, index);
  }

  appendThinking(index: number, thinking: string): void {
    const open = this.blocks[index];
    if (
      open === undefined ||
      open.field !== 'thinking' ||
      open.chunks === null ||
      typeof thinking !== 'string'
    ) {
      throw this.badDelta('thinking_delta', index);
    }
    open.chunks.append(thinking);
    this.events++;
    this.callbacks.onThinking?.(thinking, index);
  }

  appendJson(index: number, partialJson: string): void {
    const open = this.blocks[index];
    if (
      open === undefined ||
      open.field !== 'json' ||
      open.chunks === null ||
      typeof partialJson !== 'string'
    ) {
      throw this.badDelta('input_json_delta', index);
    }
    open.chunks.append(partialJson);
    this.events++;
    this.callbacks.onToolInputPreview?.(partialJson, index);
  }

  private badDelta(kind: string, index: number): ApiError {
    if (!this.blocks[index]) this.requireMessage('content_block_delta');
    return invalid(`${kind} for block ${index}, which is not a matching open block (or has stopped)`);
  }

  /** Joins the chunks of a block into its final form (idempotent). */
  private seal(open: OpenBlock, index: number): Json {
    if (open.stopped) return open.block;
    open.stopped = true;
    const { block, chunks } = open;
    if (open.field === 'text') block.text = chunks!.toString();
    else if (open.field === 'thinking') block.thinking = chunks!.toString();
    else if (open.field === 'json') {
      const raw = chunks!.toString();
      // A tool without arguments streams only an empty piece: its input stays what content_block_start said.
      if (raw.trim() !== '') block.input = parseToolInput(raw, index, block.name);
    }
    open.chunks = null;
    const schema = blockSchemas[block.type as string];
    if (schema && !schema.safeParse(block).success)
      throw invalid(`block ${index} is not a valid ${String(block.type)}`);
    return block;
  }

  private blockStop(event: Json): void {
    const index = event.index as number;
    const open = this.blocks[index];
    if (!open) {
      this.requireMessage('content_block_stop');
      throw invalid(`content_block_stop for unknown block ${String(event.index)}`);
    }
    if (open.stopped) return;
    const block = this.seal(open, index);
    this.callbacks.onBlockStop?.(block as ResponseContentBlock, index);
  }

  private messageDelta(event: Json): void {
    const message = this.requireMessage('message_delta');
    const d = isObject(event.delta) ? event.delta : {};
    for (const key of Object.keys(d)) if (key !== 'usage') message[key] = d[key];
    // Gateways put usage inside delta; Anthropic beside it. Either way it is a running total: replace, never add.
    const u = isObject(event.usage) ? event.usage : isObject(d.usage) ? d.usage : undefined;
    if (u) {
      const usage = message.usage as Json;
      for (const key of Object.keys(u)) if (u[key] !== null && u[key] !== undefined) usage[key] = u[key];
      this.callbacks.onUsage?.(usage as Usage);
    }
  }

  private finishBlocks(): void {
    this.requireMessage('message_stop');
    for (let i = 0; i < this.blocks.length; i++) {
      const open = this.blocks[i];
      if (open && !open.stopped) this.seal(open, i);
    }
  }

  /** The final message; throws when the stream has not reached message_stop. */
  finalMessage(): Message {
    if (!this.stopped || !this.message) throw invalid('the stream has not finished');
    return this.build(false);
  }

  /**
   * The reply so far (for a truncation, an abort or an error): finished blocks as they are, open text and
   * thinking joined as far as they got, a tool call whose JSON is incomplete kept with its raw `partial_json`.
   */
  snapshot(): Message | undefined {
    if (!this.message) return undefined;
    return this.build(true);
  }

  private build(partial: boolean): Message {
    const content: Json[] = [];
    for (const open of this.blocks) {
      if (!open) continue;
      if (open.stopped || !partial) {
        content.push(open.block);
        continue;
      }
      const copy: Json = { ...open.block };
      if (open.field === 'text') copy.text = open.chunks!.toString();
      else if (open.field === 'thinking') copy.thinking = open.chunks!.toString();
      else if (open.field === 'json') copy.partial_json = open.chunks!.toString();
      copy.incomplete = true;
      content.push(copy);
    }
    const message = this.message as Json;
    return { ...message, usage: { ...(message.usage as Json) }, content } as Message;
  }
}

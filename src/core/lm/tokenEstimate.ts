// A local token estimate for when the endpoint cannot count (Chat Completions gateways, no count_tokens route, or the
// endpoint failing): a fixed rule per kind of content, scaled by how far that rule has been off for this model on
// this endpoint, learned from the endpoint's own numbers (count_tokens answers and each reply's usage).
import type { MessagesRequest, RequestContentBlock } from '../messages/schema';

/** ASCII text (prose and code) in Claude's tokenizer runs at about 3.5 characters per token. */
export const ASCII_CHARS_PER_TOKEN = 3.5;
/** Other characters (accents, CJK, emoji) are counted one token each: over rather than under. */
export const NON_ASCII_TOKENS_PER_CHAR = 1;
/** The API scales an image to at most about 1.15 megapixels, about 1,600 tokens: the most an image can cost. */
export const IMAGE_TOKENS = 1_600;
/** A PDF page costs its text plus an image of the page; by size, about one token per 25 bytes, at least 1,500. */
export const PDF_BYTES_PER_TOKEN = 25;
export const MIN_PDF_TOKENS = 1_500;
/** The tool-use system prompt the API adds when tools are offered. */
export const TOOL_PROMPT_TOKENS = 346;
/** Role and framing per message. */
export const MESSAGE_OVERHEAD_TOKENS = 4;

/** How much each observation moves the learned ratio, and the range it may take. */
const LEARNING_RATE = 0.3;
const MIN_RATIO = 0.25;
const MAX_RATIO = 4;
/** Samples smaller than this say more about framing than about the text, so they are not learned from. */
const MIN_SAMPLE_TOKENS = 20;

export function textTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) ascii++;
    else if (c < 0xdc00 || c > 0xdfff) other++; // a surrogate pair counts once
  }
  return Math.ceil(ascii / ASCII_CHARS_PER_TOKEN + other * NON_ASCII_TOKENS_PER_CHAR);
}

function base64Bytes(data: string): number {
  return Math.floor((data.length * 3) / 4);
}

export function blockTokens(block: RequestContentBlock): number {
  switch (block.type) {
    case 'text':
      return textTokens(block.text);
    case 'image':
      return IMAGE_TOKENS;
    case 'document': {
      const s = block.source;
      if (s.type === 'base64')
        return Math.max(MIN_PDF_TOKENS, Math.ceil(base64Bytes(s.data) / PDF_BYTES_PER_TOKEN));
      if (s.type === 'text') return textTokens(s.data);
      return MIN_PDF_TOKENS;
    }
    case 'tool_use':
      return textTokens(block.name) + textTokens(JSON.stringify(block.input ?? {}));
    case 'tool_result': {
      const c = block.content;
      if (c === undefined) return 1;
      return typeof c === 'string' ? textTokens(c) : c.reduce((n, b) => n + blockTokens(b), 0);
    }
    case 'thinking':
      return textTokens(block.thinking);
    default:
      return textTokens(JSON.stringify(block));
  }
}

/** The rule's estimate for a list of blocks (one message's content). */
export function blocksTokens(blocks: readonly RequestContentBlock[]): number {
  return blocks.reduce((n, b) => n + blockTokens(b), 0);
}

/** The rule's estimate of a whole request's input: system, tools, every message. */
export function requestTokens(request: MessagesRequest): number {
  let n = 0;
  if (typeof request.system === 'string') n += textTokens(request.system);
  else if (request.system) n += blocksTokens(request.system);
  if (request.tools?.length) n += TOOL_PROMPT_TOKENS + textTokens(JSON.stringify(request.tools));
  for (const m of request.messages)
    n +=
      MESSAGE_OVERHEAD_TOKENS +
      (typeof m.content === 'string' ? textTokens(m.content) : blocksTokens(m.content));
  return n;
}

/** The rule, scaled per model and endpoint by what the endpoint reported before. */
export class TokenEstimator {
  private readonly ratios = new Map<string, number>();

  /** `key` names the model on one endpoint (profile and model id). */
  estimate(key: string, ruleTokens: number): number {
    if (ruleTokens <= 0) return 0;
    return Math.max(1, Math.round(ruleTokens * (this.ratios.get(key) ?? 1)));
  }

  ratio(key: string): number {
    return this.ratios.get(key) ?? 1;
  }

  /** What the endpoint said for content the rule put at `ruleTokens`. */
  observe(key: string, ruleTokens: number, actualTokens: number): void {
    if (ruleTokens < MIN_SAMPLE_TOKENS || actualTokens <= 0) return;
    const observed = Math.min(MAX_RATIO, Math.max(MIN_RATIO, actualTokens / ruleTokens));
    const current = this.ratios.get(key);
    this.ratios.set(key, current === undefined ? observed : current + LEARNING_RATE * (observed - current));
  }
}

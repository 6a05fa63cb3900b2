// The checks the real API makes on what it receives, with its error bodies: auth per mode, anthropic-version,
// body shape, tool_use/tool_result pairing, thinking budget, and thinking blocks passed back intact.
import { signThinking } from './replyEvents';
import type { EndpointOptions } from './types';

type Json = Record<string, unknown>;

export interface CheckFailure {
  status: number;
  type: string;
  message: string;
}

const fail = (status: number, type: string, message: string): CheckFailure => ({ status, type, message });

export function checkAuth(
  headers: Record<string, string>,
  options: EndpointOptions,
): CheckFailure | undefined {
  const expected = options.apiKey;
  if (expected === undefined) return undefined;
  const mode = options.auth ?? 'either';
  const viaKey = headers['x-api-key'];
  const bearer = headers.authorization?.match(/^Bearer\s+(.+)$/i)?.[1];
  const ok =
    mode === 'x-api-key'
      ? viaKey === expected
      : mode === 'bearer'
        ? bearer === expected
        : viaKey === expected || bearer === expected;
  if (ok) return undefined;
  const missing =
    mode === 'bearer'
      ? bearer === undefined
      : mode === 'x-api-key'
        ? viaKey === undefined
        : !viaKey && !bearer;
  const header = mode === 'bearer' ? 'Authorization: Bearer' : 'x-api-key';
  return fail(401, 'authentication_error', missing ? `${header} header is required` : `invalid ${header}`);
}

function blocksOf(content: unknown): Json[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? (content.filter((b) => typeof b === 'object' && b !== null) as Json[]) : [];
}

export function checkMessagesBody(body: unknown, countOnly: boolean): CheckFailure | undefined {
  const invalid = (m: string) => fail(400, 'invalid_request_error', m);
  if (typeof body !== 'object' || body === null) return invalid('There was an error parsing the body');
  const b = body as Json;
  if (typeof b.model !== 'string' || b.model === '') return invalid('model: Field required');
  if (
    !countOnly &&
    (typeof b.max_tokens !== 'number' || !Number.isInteger(b.max_tokens) || b.max_tokens < 1)
  ) {
    return invalid('max_tokens: Field required');
  }
  if (!Array.isArray(b.messages) || b.messages.length === 0)
    return invalid('messages: at least one message is required');
  const messages = b.messages as Json[];
  const thinking = b.thinking as Json | undefined;
  const thinkingOn = thinking?.type === 'enabled';
  if (thinkingOn) {
    const budget = thinking.budget_tokens as number;
    if (typeof budget !== 'number' || budget < 1024)
      return invalid('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    if (!countOnly && budget >= (b.max_tokens as number)) {
      return invalid('`max_tokens` must be greater than `thinking.budget_tokens`');
    }
  }
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (m.role !== 'user' && m.role !== 'assistant')
      return invalid(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    const blocks = blocksOf(m.content);
    for (let j = 0; j < blocks.length; j++) {
      const block = blocks[j]!;
      if (block.type === 'text' && (typeof block.text !== 'string' || block.text.trim() === '')) {
        return invalid(`messages.${i}.content.${j}.text: text content blocks must be non-empty`);
      }
      if (block.type === 'thinking' && block.signature !== signThinking(String(block.thinking))) {
        return invalid(`messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
      }
    }
    const uses = blocks.filter((x) => x.type === 'tool_use').map((x) => x.id as string);
    if (m.role === 'assistant' && uses.length > 0 && i + 1 < messages.length) {
      const next = blocksOf(messages[i + 1]!.content);
      const results = new Set(
        next.filter((x) => x.type === 'tool_result').map((x) => x.tool_use_id as string),
      );
      const missing = uses.filter((id) => !results.has(id));
      if (missing.length > 0) {
        return invalid(
          `messages.${i + 1}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
        );
      }
    }
    if (m.role === 'user') {
      const results = blocks.filter((x) => x.type === 'tool_result').map((x) => x.tool_use_id as string);
      const prev = i > 0 ? blocksOf(messages[i - 1]!.content) : [];
      const prevUses = new Set(prev.filter((x) => x.type === 'tool_use').map((x) => x.id as string));
      const orphan = results.filter((id) => !prevUses.has(id));
      if (orphan.length > 0) {
        return invalid(
          `messages.${i}.content.0: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${orphan.join(', ')}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
        );
      }
    }
  }
  const hasTools = Array.isArray(b.tools) && b.tools.length > 0;
  const toolBlocks = messages.some((m) =>
    blocksOf(m.content).some((x) => x.type === 'tool_use' || x.type === 'tool_result'),
  );
  if (toolBlocks && !hasTools)
    return invalid('Requests which include `tool_use` or `tool_result` blocks must define tools.');
  // With thinking on, the assistant turn being continued with tool results must start with its thinking block.
  if (thinkingOn) {
    const last = messages[messages.length - 1]!;
    const prev = messages[messages.length - 2];
    const continuing = last.role === 'user' && blocksOf(last.content).some((x) => x.type === 'tool_result');
    if (continuing && prev) {
      const first = blocksOf(prev.content)[0];
      if (first && first.type !== 'thinking' && first.type !== 'redacted_thinking') {
        return invalid(
          `messages.${messages.length - 2}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block.`,
        );
      }
    }
  }
  return undefined;
}

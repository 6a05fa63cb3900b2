// Checks made before sending, so the user sees a clear error naming the field instead of a 400 after a round trip.
// The zod schema catches shape errors; the rules below are the API's documented cross-field constraints.
import { IMAGE_MEDIA_TYPES, isImageMediaType } from '../../shared/fields';
import { ApiError } from './errors';
import { MessagesRequestSchema, type MessagesRequest, type RequestContentBlock } from './schema';

export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const MIN_THINKING_BUDGET = 1024;

function fail(field: string, message: string): never {
  throw new ApiError({ kind: 'invalid_request', message: `${field}: ${message}`, type: 'validation_error' });
}

function checkBlocks(blocks: readonly RequestContentBlock[], path: string): void {
  blocks.forEach((block, j) => {
    const at = `${path}.${j}`;
    if (block.type === 'text' && block.text.trim() === '')
      fail(`${at}.text`, 'text content blocks must be non-empty');
    if (
      block.type === 'image' &&
      block.source.type === 'base64' &&
      !isImageMediaType(block.source.media_type)
    ) {
      fail(
        `${at}.source.media_type`,
        `image media type "${block.source.media_type}" is not supported; use ${IMAGE_MEDIA_TYPES.join(', ')}`,
      );
    }
    if (block.type === 'tool_result' && Array.isArray(block.content))
      checkBlocks(block.content, `${at}.content`);
  });
}

function toolUseIds(blocks: MessagesRequest['messages'][number]['content']): string[] {
  if (typeof blocks === 'string') return [];
  return blocks.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
}

function toolResultIds(blocks: MessagesRequest['messages'][number]['content']): string[] {
  if (typeof blocks === 'string') return [];
  return blocks.flatMap((b) => (b.type === 'tool_result' ? [b.tool_use_id] : []));
}

/** Parses and checks a request; returns it (unknown keys stripped) or throws an ApiError naming the field. */
export function validateRequest(input: unknown): MessagesRequest {
  const parsed = MessagesRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(
      issue && issue.path.length > 0 ? issue.path.join('.') : 'request',
      issue?.message ?? 'invalid request',
    );
  }
  const req = parsed.data;
  if (req.messages.length === 0) fail('messages', 'at least one message is required');

  if (req.thinking?.type === 'enabled') {
    const budget = req.thinking.budget_tokens;
    if (budget < MIN_THINKING_BUDGET)
      fail('thinking.budget_tokens', `must be at least ${MIN_THINKING_BUDGET}, got ${budget}`);
    if (budget >= req.max_tokens) {
      fail('thinking.budget_tokens', `must be less than max_tokens (${req.max_tokens}), got ${budget}`);
    }
    if (req.temperature !== undefined && req.temperature !== 1) {
      fail('temperature', `must be 1 (or unset) when thinking is enabled, got ${req.temperature}`);
    }
    if (req.top_k !== undefined) fail('top_k', 'cannot be set when thinking is enabled');
    if (req.tool_choice && (req.tool_choice.type === 'any' || req.tool_choice.type === 'tool')) {
      fail(
        'tool_choice',
        `"${req.tool_choice.type}" forces tool use, which is not allowed when thinking is enabled`,
      );
    }
  }

  req.tools?.forEach((tool, i) => {
    if (!TOOL_NAME_PATTERN.test(tool.name)) {
      fail(`tools.${i}.name`, `"${tool.name}" must match ${TOOL_NAME_PATTERN.source}`);
    }
  });
  if (req.tool_choice?.type === 'tool') {
    const name = req.tool_choice.name;
    if (!(req.tools ?? []).some((t) => t.name === name))
      fail('tool_choice.name', `no tool named "${name}" in tools`);
  }

  if (typeof req.system !== 'string' && req.system) checkBlocks(req.system, 'system');

  req.messages.forEach((m, i) => {
    const path = `messages.${i}.content`;
    if (typeof m.content === 'string') {
      if (m.content.trim() === '') fail(path, 'text content must be non-empty');
    } else {
      if (m.content.length === 0) fail(path, 'content must be non-empty');
      checkBlocks(m.content, path);
    }
    if (m.role === 'assistant') {
      const ids = toolUseIds(m.content);
      const next = req.messages[i + 1];
      if (ids.length > 0 && next) {
        const results = next.role === 'user' ? toolResultIds(next.content) : [];
        const missing = ids.filter((id) => !results.includes(id));
        if (missing.length > 0) {
          fail(
            `messages.${i + 1}`,
            `tool_use ids without a tool_result in the next user turn: ${missing.join(', ')}`,
          );
        }
      }
    } else {
      const results = toolResultIds(m.content);
      if (results.length > 0) {
        const prev = i > 0 ? req.messages[i - 1] : undefined;
        const uses = prev && prev.role === 'assistant' ? toolUseIds(prev.content) : [];
        const orphan = results.filter((id) => !uses.includes(id));
        if (orphan.length > 0) fail(path, `tool_result for unknown tool_use ids: ${orphan.join(', ')}`);
      }
    }
  });

  const last = req.messages[req.messages.length - 1]!;
  if (last.role === 'assistant') {
    const text = typeof last.content === 'string' ? last.content : undefined;
    const lastBlock = typeof last.content === 'string' ? undefined : last.content[last.content.length - 1];
    const tail = text ?? (lastBlock?.type === 'text' ? lastBlock.text : undefined);
    if (tail !== undefined && /\s$/.test(tail)) {
      fail(
        `messages.${req.messages.length - 1}.content`,
        'a final assistant message (prefill) cannot end with whitespace',
      );
    }
  }
  return req;
}

// Zod schemas for the Messages API, one per shape; the TypeScript types are inferred from them.
// Request shapes are strict about what we send; response shapes are loose objects (unknown fields kept),
// because endpoints and newer API versions add fields we must carry through, not drop.
import * as z from 'zod/mini';
import '../../shared/zodLocale';

export const CacheControlSchema = z.object({
  type: z.literal('ephemeral'),
  ttl: z.optional(z.enum(['5m', '1h'])),
});

const cache = { cache_control: z.nullish(CacheControlSchema) };

export const CitationSchema = z.looseObject({ type: z.string() });

export const TextBlockSchema = z.looseObject({
  type: z.literal('text'),
  text: z.string(),
  citations: z.nullish(z.array(CitationSchema)),
  ...cache,
});

export const ImageSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.object({ type: z.literal('url'), url: z.string() }),
  z.object({ type: z.literal('file'), file_id: z.string() }),
]);

export const ImageBlockSchema = z.object({ type: z.literal('image'), source: ImageSourceSchema, ...cache });

export const DocumentSourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('base64'), media_type: z.literal('application/pdf'), data: z.string() }),
  z.object({ type: z.literal('text'), media_type: z.literal('text/plain'), data: z.string() }),
  z.object({ type: z.literal('url'), url: z.string() }),
  z.object({
    type: z.literal('content'),
    content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]),
  }),
  z.object({ type: z.literal('file'), file_id: z.string() }),
]);

export const DocumentBlockSchema = z.object({
  type: z.literal('document'),
  source: DocumentSourceSchema,
  title: z.nullish(z.string()),
  context: z.nullish(z.string()),
  citations: z.nullish(z.object({ enabled: z.boolean() })),
  ...cache,
});

export const ThinkingBlockSchema = z.looseObject({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string(),
});

export const RedactedThinkingBlockSchema = z.looseObject({
  type: z.literal('redacted_thinking'),
  data: z.string(),
});

export const ToolUseBlockSchema = z.looseObject({
  type: z.literal('tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  ...cache,
});

export const ServerToolUseBlockSchema = z.looseObject({
  type: z.literal('server_tool_use'),
  id: z.string(),
  name: z.string(),
  input: z.unknown(),
  ...cache,
});

/** web_search_tool_result, web_fetch_tool_result, code_execution_tool_result, ...: carried through unchanged. */
export const SERVER_TOOL_RESULT_TYPES = [
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
] as const;

export const ServerToolResultBlockSchema = z.looseObject({
  type: z.enum(SERVER_TOOL_RESULT_TYPES),
  tool_use_id: z.string(),
  content: z.unknown(),
});

export const ToolResultContentBlockSchema = z.union([TextBlockSchema, ImageBlockSchema, DocumentBlockSchema]);

export const ToolResultBlockSchema = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.optional(z.union([z.string(), z.array(ToolResultContentBlockSchema)])),
  is_error: z.optional(z.boolean()),
  ...cache,
});

/** Blocks a request may carry in `messages[].content`. */
export const RequestContentBlockSchema = z.union([
  TextBlockSchema,
  ImageBlockSchema,
  DocumentBlockSchema,
  ToolUseBlockSchema,
  ToolResultBlockSchema,
  ThinkingBlockSchema,
  RedactedThinkingBlockSchema,
  ServerToolUseBlockSchema,
  ServerToolResultBlockSchema,
]);

export const MessageParamSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(RequestContentBlockSchema)]),
});

export const CustomToolSchema = z.object({
  name: z.string(),
  description: z.optional(z.string()),
  input_schema: z.looseObject({ type: z.literal('object') }),
  type: z.optional(z.literal('custom')),
  ...cache,
});

/** Anthropic's typed tools (bash_20250124, web_search_20250305, text_editor_...): passed through unchanged. */
export const TypedToolSchema = z.looseObject({
  type: z.string().check(z.regex(/^[a-z_]+_\d{8}$/)),
  name: z.string(),
});

export const ToolSchema = z.union([CustomToolSchema, TypedToolSchema]);

export const ToolChoiceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.optional(z.boolean()) }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.optional(z.boolean()) }),
  z.object({ type: z.literal('tool'), name: z.string(), disable_parallel_tool_use: z.optional(z.boolean()) }),
  z.object({ type: z.literal('none') }),
]);

export const ThinkingConfigSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.int() }),
  z.object({ type: z.literal('disabled') }),
]);

export const MessagesRequestSchema = z.object({
  model: z.string().check(z.minLength(1)),
  messages: z.array(MessageParamSchema),
  max_tokens: z.int().check(z.positive()),
  system: z.optional(z.union([z.string(), z.array(TextBlockSchema)])),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(1))),
  top_p: z.optional(z.number().check(z.gte(0), z.lte(1))),
  top_k: z.optional(z.int().check(z.positive())),
  stop_sequences: z.optional(z.array(z.string())),
  stream: z.optional(z.boolean()),
  tools: z.optional(z.array(ToolSchema)),
  tool_choice: z.optional(ToolChoiceSchema),
  thinking: z.optional(ThinkingConfigSchema),
  metadata: z.optional(z.object({ user_id: z.nullish(z.string()) })),
});

export const CountTokensRequestSchema = z.omit(MessagesRequestSchema, {
  max_tokens: true,
  stream: true,
  stop_sequences: true,
  temperature: true,
  top_p: true,
  top_k: true,
  metadata: true,
});

export const UsageSchema = z.looseObject({
  input_tokens: z.number(),
  output_tokens: z.number(),
  cache_creation_input_tokens: z.nullish(z.number()),
  cache_read_input_tokens: z.nullish(z.number()),
  server_tool_use: z.nullish(z.looseObject({})),
  service_tier: z.nullish(z.string()),
});

/** Blocks a response may carry. Unknown block types are kept as loose objects rather than failing the reply. */
export const ResponseContentBlockSchema = z.union([
  TextBlockSchema,
  ThinkingBlockSchema,
  RedactedThinkingBlockSchema,
  ToolUseBlockSchema,
  ServerToolUseBlockSchema,
  ServerToolResultBlockSchema,
  z.looseObject({ type: z.string() }),
]);

export const StopReasonSchema = z.string();

export const MessageSchema = z.looseObject({
  id: z.string(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  model: z.string(),
  content: z.array(ResponseContentBlockSchema),
  stop_reason: z.nullable(StopReasonSchema),
  stop_sequence: z.nullable(z.string()),
  usage: UsageSchema,
});

export const ModelInfoSchema = z.looseObject({
  id: z.string(),
  type: z.optional(z.string()),
  display_name: z.optional(z.string()),
  created_at: z.optional(z.string()),
});

export const ModelsPageSchema = z.looseObject({
  data: z.array(ModelInfoSchema),
  has_more: z.optional(z.boolean()),
  first_id: z.nullish(z.string()),
  last_id: z.nullish(z.string()),
});

export const CountTokensResponseSchema = z.looseObject({ input_tokens: z.number() });

export type TextBlock = z.infer<typeof TextBlockSchema>;
export type DocumentBlock = z.infer<typeof DocumentBlockSchema>;
export type ToolUseBlock = z.infer<typeof ToolUseBlockSchema>;
export type ToolResultBlock = z.infer<typeof ToolResultBlockSchema>;
export type RequestContentBlock = z.infer<typeof RequestContentBlockSchema>;
export type MessageParam = z.infer<typeof MessageParamSchema>;
export type Tool = z.infer<typeof ToolSchema>;
export type MessagesRequest = z.infer<typeof MessagesRequestSchema>;
export type CountTokensRequest = z.infer<typeof CountTokensRequestSchema>;
export type Usage = z.infer<typeof UsageSchema>;
export type ResponseContentBlock = z.infer<typeof ResponseContentBlockSchema>;
export type Message = z.infer<typeof MessageSchema>;
export type ModelInfo = z.infer<typeof ModelInfoSchema>;

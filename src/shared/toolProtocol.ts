// The approval cards' part of the host <-> webview protocol. A card shows one tool call exactly as it will run;
// the webview only shows it and reports the user's decision, which the host checks against the call it asked about.
import * as z from 'zod/mini';
import './zodLocale';
import { CallId, RequestId } from './fields';

export const ToolCardState = z.enum(['asking', 'running', 'done', 'failed', 'denied', 'refused', 'stopped']);
export type ToolCardState = z.infer<typeof ToolCardState>;

export const DiffLine = z.object({ kind: z.enum(['add', 'del', 'ctx', 'gap']), text: z.string() });
export type DiffLine = z.infer<typeof DiffLine>;

export const ToolCard = z.object({
  callId: z.string(),
  tool: z.string(),
  title: z.string(),
  /** Exact arguments with invisible and control characters made visible. */
  args: z.array(z.object({ label: z.string(), value: z.string() })),
  /** The resolved path or working folder. */
  location: z.optional(z.string()),
  hasInvisible: z.boolean(),
  state: ToolCardState,
  /** Why the gate asks (or refused). */
  reasons: z.optional(z.array(z.string())),
  /** For edits: the change, as lines. */
  diff: z.optional(z.array(DiffLine)),
  /** Output so far (commands) or the result's first part. */
  output: z.optional(z.string()),
  /** One line on how it ended. */
  result: z.optional(z.string()),
});
export type ToolCard = z.infer<typeof ToolCard>;

// ---- host -> webview ----

/** A tool call appears in the reply (after the text streamed so far); later text goes below it. */
export const ToolCallMessage = z.object({
  type: z.literal('toolCall'),
  requestId: z.string(),
  card: ToolCard,
});
/** A card changes state; `output` is appended to what it shows. */
export const ToolUpdateMessage = z.object({
  type: z.literal('toolUpdate'),
  requestId: z.string(),
  callId: z.string(),
  state: z.optional(ToolCardState),
  output: z.optional(z.string()),
  result: z.optional(z.string()),
});

// ---- webview -> host ----

export const ToolDecisionMessage = z.strictObject({
  type: z.literal('toolDecision'),
  requestId: RequestId,
  callId: CallId,
  decision: z.enum(['allow', 'allowChat', 'deny']),
  /** Optional, with Deny: goes back to the model. */
  reason: z.optional(z.string().check(z.maxLength(2000))),
});
export type ToolDecisionMessage = z.infer<typeof ToolDecisionMessage>;
export const ToolShowDiffMessage = z.strictObject({
  type: z.literal('toolShowDiff'),
  callId: CallId,
});

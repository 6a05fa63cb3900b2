// The host <-> webview protocol: one zod schema per message, TypeScript types inferred from them.
// Both directions are untrusted at the boundary (docs/threat-model.md, W5): the host parses every webview
// message with `parseWebviewMessage`; anything that fails is dropped and logged, never acted on.
import * as z from 'zod/mini';
import './zodLocale';
import { ChipId, ImageMediaType, RequestId } from './fields';
import {
  ToolCallMessage,
  ToolCard,
  ToolDecisionMessage,
  ToolShowDiffMessage,
  ToolUpdateMessage,
} from './toolProtocol';
import {
  DropFilesMessage,
  FocusComposerMessage,
  PickMentionMessage,
  SuggestMessage,
  SuggestionsMessage,
} from './composerProtocol';

/** Upper bound for one webview message, checked before parsing (an image is the largest legitimate payload). */
export const MAX_WEBVIEW_MESSAGE_BYTES = 40 * 1024 * 1024;

export const PROTOCOL_VERSION = 1;

/** A question's place in the conversation (the index of its user message): what checkpoints and edits name. */
export const TurnIndex = z.int().check(z.nonnegative(), z.maximum(10_000_000));

/** What the welcome screen reports as missing before chat can work. */
export const SetupProblem = z.enum(['noKey', 'noEndpoint', 'badSettings']);
export type SetupProblem = z.infer<typeof SetupProblem>;

export const SetupState = z.object({
  ready: z.boolean(),
  problems: z.array(SetupProblem),
  endpoint: z.string(),
  model: z.string(),
  detail: z.optional(z.string()),
  /** TLS certificate verification is off (user settings): the view shows it as long as it is (K7). */
  certificateChecksOff: z.optional(z.boolean()),
});
export type SetupState = z.infer<typeof SetupState>;

// ---- webview -> host ----

export const ReadyMessage = z.strictObject({ type: z.literal('ready'), protocol: z.int() });
/** The API accepts images of at most 5 MB decoded. */
export const MAX_IMAGE_BASE64 = Math.ceil((5 * 1024 * 1024 * 4) / 3);
export const MAX_IMAGES_PER_MESSAGE = 20;

export const ImageAttachment = z.strictObject({
  mediaType: ImageMediaType,
  data: z
    .string()
    .check(z.minLength(1), z.maxLength(MAX_IMAGE_BASE64), z.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'not base64')),
  name: z.string().check(z.maxLength(256)),
});
export type ImageAttachment = z.infer<typeof ImageAttachment>;

/**
 * Context items the host holds for the next message, shown as chips in the composer: code (a selection, a range, a
 * symbol), a file, a PDF, and what `@` mentions attach (a folder's listing, the problems, terminal output, changes).
 */
export const CONTEXT_KINDS = ['code', 'file', 'pdf', 'folder', 'problems', 'terminal', 'changes'] as const;
export const ContextKind = z.enum(CONTEXT_KINDS);
export type ContextKind = z.infer<typeof ContextKind>;
export const ContextChip = z.object({
  id: ChipId,
  kind: ContextKind,
  label: z.string(),
  detail: z.string(),
});
export type ContextChip = z.infer<typeof ContextChip>;
/** An attachment as the transcript shows it in the user's bubble. */
export const SentChip = z.object({ kind: ContextKind, label: z.string() });
export type SentChip = z.infer<typeof SentChip>;
export const MAX_CONTEXT_ITEMS = 50;

export const SendMessage = z.strictObject({
  type: z.literal('send'),
  requestId: RequestId,
  text: z.string().check(z.maxLength(1_000_000)),
  images: z.optional(z.array(ImageAttachment).check(z.maxLength(MAX_IMAGES_PER_MESSAGE))),
  /** Ids of the context chips still attached; the host puts their blocks before the question. */
  context: z.optional(z.array(ChipId).check(z.maxLength(MAX_CONTEXT_ITEMS))),
  /**
   * Edit and resend: the index of the earlier question this one replaces (with every turn after it). Its images
   * and attached items go again with the new text.
   */
  replaceTurn: z.optional(TurnIndex),
});
export const NewChatMessage = z.strictObject({ type: z.literal('newChat') });
export const RunCommandMessage = z.strictObject({
  type: z.literal('runCommand'),
  command: z.enum(['setApiKey', 'openSettings', 'selectEndpoint', 'addEndpoint', 'testConnection']),
});

export const StopMessage = z.strictObject({
  type: z.literal('stop'),
  requestId: RequestId,
});
export const CodeActionMessage = z.strictObject({
  type: z.literal('codeAction'),
  action: z.enum(['copy', 'insert', 'newFile']),
  code: z.string().check(z.maxLength(2_000_000)),
  language: z.string().check(z.maxLength(64)),
});
export const OpenLinkMessage = z.strictObject({
  type: z.literal('openLink'),
  href: z.string().check(z.maxLength(8192)),
});
export const ContinueMessage = z.strictObject({
  type: z.literal('continue'),
  requestId: RequestId,
});
export const ShowHistoryMessage = z.strictObject({ type: z.literal('showHistory') });
export const SelectModelMessage = z.strictObject({ type: z.literal('selectModel') });
/** Put a reply's code back where the editor action took it from (shown as a diff first). */
export const ReplaceSelectionMessage = z.strictObject({
  type: z.literal('replaceSelection'),
  requestId: RequestId,
  code: z.string().check(z.maxLength(2_000_000)),
});

/** "Restore Checkpoint" on a question: every file tools changed since it goes back (after a confirmation). */
export const RestoreCheckpointMessage = z.strictObject({
  type: z.literal('restoreCheckpoint'),
  turn: TurnIndex,
});
/** "Undo Restore": the files a restore replaced come back. */
export const UndoRestoreMessage = z.strictObject({
  type: z.literal('undoRestore'),
  undoId: z.string().check(z.regex(/^[a-z0-9]{1,16}-[0-9a-f]{12}$/)),
});

/** The user removed a context chip from the composer. */
export const RemoveContextMessage = z.strictObject({
  type: z.literal('removeContext'),
  id: ChipId,
});

export const WebviewMessage = z.discriminatedUnion('type', [
  ReadyMessage,
  SendMessage,
  StopMessage,
  NewChatMessage,
  RunCommandMessage,
  CodeActionMessage,
  OpenLinkMessage,
  ContinueMessage,
  ShowHistoryMessage,
  SelectModelMessage,
  ReplaceSelectionMessage,
  ToolDecisionMessage,
  ToolShowDiffMessage,
  RemoveContextMessage,
  RestoreCheckpointMessage,
  UndoRestoreMessage,
  SuggestMessage,
  PickMentionMessage,
  DropFilesMessage,
]);
export type WebviewMessage = z.infer<typeof WebviewMessage>;

// ---- host -> webview ----

export const InitMessage = z.object({
  type: z.literal('init'),
  protocol: z.int(),
  setup: SetupState,
});
export const SetupChangedMessage = z.object({ type: z.literal('setupChanged'), setup: SetupState });
export const ClearMessage = z.object({ type: z.literal('clear') });
export const NoticeMessage = z.object({
  type: z.literal('notice'),
  level: z.enum(['info', 'warning', 'error']),
  text: z.string(),
});

export const TurnUsage = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cacheReadTokens: z.number(),
  cacheWriteTokens: z.number(),
});
export type TurnUsage = z.infer<typeof TurnUsage>;

/** A user message was accepted and a reply is on its way. */
export const TurnStartMessage = z.object({
  type: z.literal('turnStart'),
  requestId: z.string(),
  text: z.string(),
  images: z.int().check(z.nonnegative()),
  /** Set when the question came from an editor action whose answer can replace the code it was about. */
  replaceTarget: z.optional(z.string()),
  /** The context chips that went with the question. */
  attachments: z.optional(z.array(SentChip)),
  /** The question's index in the conversation (for Restore Checkpoint and Edit). */
  turn: z.optional(TurnIndex),
});
/** New reply text since the last delta (never the accumulated text): at most one post per frame. */
export const TurnDeltaMessage = z.object({
  type: z.literal('turnDelta'),
  requestId: z.string(),
  text: z.string(),
  thinking: z.optional(z.string()),
});
/** What is shown under a finished (or cut-short) reply. */
export const ReplyInfo = z.object({
  model: z.string(),
  stopReason: z.nullable(z.string()),
  usage: z.optional(TurnUsage),
  interrupted: z.optional(z.enum(['stopped', 'cut', 'error'])),
  /** The reply was cut short and is the last one: the webview offers Continue. */
  canContinue: z.boolean(),
});
export type ReplyInfo = z.infer<typeof ReplyInfo>;

export const TurnEndMessage = z.object({
  type: z.literal('turnEnd'),
  requestId: z.string(),
  info: ReplyInfo,
});
export const TurnErrorMessage = z.object({
  type: z.literal('turnError'),
  requestId: z.string(),
  kind: z.string(),
  message: z.string(),
  retryable: z.boolean(),
  /** Set when part of the reply arrived and was kept. */
  info: z.optional(ReplyInfo),
});
/** A cut-short reply (identified by the request id it was shown under) is being continued. */
export const ContinueStartMessage = z.object({ type: z.literal('continueStart'), requestId: z.string() });

/** A compaction as the view shows it: a divider that expands to what was sent in place of older turns. */
export const CompactionView = z.object({
  kind: z.enum(['cleared', 'summary']),
  reason: z.enum(['threshold', 'overflow', 'manual']),
  tokensBefore: z.number(),
  tokensAfter: z.number(),
  /** The summary sent in place of older turns (kind `summary`). */
  summary: z.optional(z.string()),
});
export type CompactionView = z.infer<typeof CompactionView>;

/** How full the last request was, from the endpoint's usage: the meter in the view's toolbar. */
export const ContextUsage = z.object({
  /** input + cache read + cache write tokens of the last request. */
  used: z.number(),
  window: z.number(),
  input: z.number(),
  cacheRead: z.number(),
  cacheWrite: z.number(),
  /** Input tokens at which the next request is compacted first. */
  compactAt: z.number(),
});
export type ContextUsage = z.infer<typeof ContextUsage>;
/** The meter's reading (none: hide it, e.g. for a new chat). */
export const ContextUsageMessage = z.object({
  type: z.literal('contextUsage'),
  usage: z.optional(ContextUsage),
});

/** The conversation was compacted before the next request of this reply. */
export const CompactedMessage = z.object({
  type: z.literal('compacted'),
  requestId: z.string(),
  compaction: CompactionView,
});

export const RestoredTurn = z.object({
  requestId: z.string(),
  /** The question's index in the conversation (for Restore Checkpoint and Edit). */
  turn: z.optional(TurnIndex),
  user: z.string(),
  /** How many images the question carried (the images themselves stay on the host). */
  images: z.int().check(z.nonnegative()),
  attachments: z.optional(z.array(SentChip)),
  reply: z.optional(
    z.object({
      text: z.string(),
      info: ReplyInfo,
      error: z.optional(z.string()),
      /** When the reply used tools: its text and cards in order (`text` is then all the text joined). */
      parts: z.optional(
        z.array(
          z.union([
            z.object({ kind: z.literal('text'), text: z.string() }),
            z.object({ kind: z.literal('tool'), card: ToolCard }),
            z.object({ kind: z.literal('compacted'), compaction: CompactionView }),
          ]),
        ),
      ),
    }),
  ),
  /** The reply is still streaming: more deltas follow under this turn's request id. */
  streaming: z.optional(z.boolean()),
});
export type RestoredTurn = z.infer<typeof RestoredTurn>;
/** A stored conversation, shown after a reload or opened from the history. */
export const RestoreMessage = z.object({
  type: z.literal('restore'),
  title: z.string(),
  turns: z.array(RestoredTurn),
});

/** Files were restored to the checkpoint of the question at `turn`; `undoId` takes the restore back. */
export const CheckpointRestoredMessage = z.object({
  type: z.literal('checkpointRestored'),
  turn: TurnIndex,
  undoId: z.string(),
});
/** A restore was undone: its "Undo Restore" goes. */
export const RestoreUndoneMessage = z.object({ type: z.literal('restoreUndone'), undoId: z.string() });
/** Edit and resend: the question at `turn` and everything after it are gone (a new question takes their place). */
export const TruncateMessage = z.object({ type: z.literal('truncate'), turn: TurnIndex });
/** Puts an earlier question into the composer to edit (an edit whose sending was cancelled comes back this way). */
export const EditTurnMessage = z.object({
  type: z.literal('editTurn'),
  turn: TurnIndex,
  text: z.string(),
  attachments: z.optional(z.array(z.string())),
});

/** The context chips the composer shows now (the whole list: the host holds the items). */
export const ContextMessage = z.object({ type: z.literal('context'), items: z.array(ContextChip) });
/** Image files the host read (Attach Image, Add File): the webview scales them like pasted ones. */
export const AttachImagesMessage = z.object({
  type: z.literal('attachImages'),
  images: z.array(z.object({ name: z.string(), mediaType: ImageMediaType, data: z.string() })),
});

export const HostMessage = z.discriminatedUnion('type', [
  InitMessage,
  SetupChangedMessage,
  ClearMessage,
  NoticeMessage,
  TurnStartMessage,
  TurnDeltaMessage,
  TurnEndMessage,
  TurnErrorMessage,
  ContinueStartMessage,
  RestoreMessage,
  ToolCallMessage,
  ToolUpdateMessage,
  CompactedMessage,
  ContextUsageMessage,
  ContextMessage,
  AttachImagesMessage,
  CheckpointRestoredMessage,
  RestoreUndoneMessage,
  TruncateMessage,
  EditTurnMessage,
  SuggestionsMessage,
  FocusComposerMessage,
]);
export type HostMessage = z.infer<typeof HostMessage>;

export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/** Parses an untrusted message from the webview; never throws. */
export function parseWebviewMessage(raw: unknown): ParseResult<WebviewMessage> {
  let size: number;
  try {
    size = JSON.stringify(raw)?.length ?? 0;
  } catch {
    return { ok: false, reason: 'not serialisable' };
  }
  if (size > MAX_WEBVIEW_MESSAGE_BYTES) return { ok: false, reason: `oversized (${size} bytes)` };
  const r = WebviewMessage.safeParse(raw);
  if (!r.success) {
    const type =
      typeof raw === 'object' && raw !== null && 'type' in raw ? String(raw.type).slice(0, 40) : '?';
    return {
      ok: false,
      reason: `invalid message of type "${type}": ${r.error.issues[0]?.message ?? 'bad shape'}`,
    };
  }
  return { ok: true, message: r.data };
}

/** Parses a message from the host inside the webview; the host is trusted more, but a bug must not crash the UI. */
export function parseHostMessage(raw: unknown): ParseResult<HostMessage> {
  const r = HostMessage.safeParse(raw);
  return r.success
    ? { ok: true, message: r.data }
    : { ok: false, reason: r.error.issues[0]?.message ?? 'bad shape' };
}

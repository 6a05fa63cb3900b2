// The composer's part of the host <-> webview protocol: `@` and `/` suggestions, a picked mention, files dropped
// on the composer, and focusing it from the editor. Validated like every other message (docs/threat-model.md, W5).
import * as z from 'zod/mini';
import './zodLocale';
import { Mention } from './mentions';

export const SUGGESTION_LIMIT = 20;

/** The webview asks for suggestions for the `@` or `/` word at the caret; `seq` pairs the answer with the ask. */
export const SuggestMessage = z.strictObject({
  type: z.literal('suggest'),
  seq: z.int().check(z.nonnegative()),
  trigger: z.enum(['mention', 'command']),
  query: z.string().check(z.maxLength(1024)),
});

/** The user picked a mention: the host resolves it into a context chip. */
export const PickMentionMessage = z.strictObject({ type: z.literal('pickMention'), mention: Mention });

/** Files dropped on the composer from the explorer or an editor tab, as the URIs VS Code put in the drop. */
export const DropFilesMessage = z.strictObject({
  type: z.literal('dropFiles'),
  uris: z.array(z.string().check(z.maxLength(8192))).check(z.minLength(1), z.maxLength(50)),
});

export const Suggestion = z.object({
  /** What picking it puts in the message (`@src/app.ts`, `/fix `); also the option's accessible name. */
  insert: z.string(),
  /** The main text of the row: a path, a keyword, a command. */
  label: z.string(),
  /** The quieter text beside it: a folder, a description, where a prompt comes from. */
  detail: z.string(),
  /** A codicon name. */
  icon: z.string(),
  /** For a mention: what the host resolves when it is picked. */
  mention: z.optional(Mention),
});
export type Suggestion = z.infer<typeof Suggestion>;

export const SuggestionsMessage = z.object({
  type: z.literal('suggestions'),
  seq: z.int(),
  items: z.array(Suggestion),
  /** Said under the list, e.g. while the workspace is still being indexed. */
  note: z.optional(z.string()),
});

/** Claude: Focus Composer (from the editor's keyboard shortcut): put the caret in the message box. */
export const FocusComposerMessage = z.object({ type: z.literal('focusComposer') });

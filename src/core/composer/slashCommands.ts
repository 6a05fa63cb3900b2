// `/` commands: the built-ins and the user's prompt files, matched as the user types and parsed when the message is
// sent. A command is only a command as the message's first word (trigger.ts); `/usr/bin` later in a message is text.
import type { EditorAction } from '../editor/actionPrompts';
import type { PromptFile, PromptSource } from './promptFiles';
import { l10n } from '../l10n';

export type BuiltinCommand = 'new' | 'export' | 'model' | 'compact' | 'explain' | 'fix' | 'tests' | 'docs';

export interface SlashCommand {
  name: string;
  description: string;
  argumentHint?: string;
  source: 'built-in' | PromptSource;
  /** For a prompt file: where it was read from. */
  origin?: string;
}

/** The built-ins that act on code use the editor actions' prompts (and the user's overrides of them). */
export const CODE_COMMANDS: Readonly<Record<'explain' | 'fix' | 'tests' | 'docs', EditorAction>> = {
  explain: 'explain',
  fix: 'findBugs',
  tests: 'writeTests',
  docs: 'addDocs',
};

// Getters, so each description is translated when it is shown (src/core/l10n.ts), not when this module loads.
export const BUILTIN_COMMANDS: readonly (SlashCommand & { name: BuiltinCommand })[] = [
  {
    name: 'explain',
    get description() {
      return l10n.t('Explain the selection or a mentioned file');
    },
    get argumentHint() {
      return l10n.t('[@file] [question]');
    },
    source: 'built-in',
  },
  {
    name: 'fix',
    get description() {
      return l10n.t('Find and fix bugs in the selection or a mentioned file');
    },
    get argumentHint() {
      return l10n.t('[@file] [what is wrong]');
    },
    source: 'built-in',
  },
  {
    name: 'tests',
    get description() {
      return l10n.t('Write unit tests for the selection or a mentioned file');
    },
    get argumentHint() {
      return l10n.t('[@file]');
    },
    source: 'built-in',
  },
  {
    name: 'docs',
    get description() {
      return l10n.t('Add documentation comments to the selection or a mentioned file');
    },
    get argumentHint() {
      return l10n.t('[@file]');
    },
    source: 'built-in',
  },
  {
    name: 'new',
    get description() {
      return l10n.t('Start a new chat');
    },
    source: 'built-in',
  },
  {
    name: 'export',
    get description() {
      return l10n.t('Export this chat as Markdown');
    },
    source: 'built-in',
  },
  {
    name: 'model',
    get description() {
      return l10n.t('Choose the model');
    },
    source: 'built-in',
  },
  {
    name: 'compact',
    get description() {
      return l10n.t('Compact the conversation: summarise older turns, clear old tool results');
    },
    source: 'built-in',
  },
];

export function isBuiltin(name: string): name is BuiltinCommand {
  return BUILTIN_COMMANDS.some((c) => c.name === name);
}

/** Every command, built-ins first; a prompt file named like a built-in is left out (the built-in wins). */
export function allCommands(prompts: readonly PromptFile[]): SlashCommand[] {
  const seen = new Set<string>(BUILTIN_COMMANDS.map((c) => c.name));
  const out: SlashCommand[] = [...BUILTIN_COMMANDS];
  // Of two prompts with one name the user's own wins: a repository cannot shadow a command the user wrote.
  const ordered = [...prompts].sort((a, b) => (a.source === b.source ? 0 : a.source === 'user' ? -1 : 1));
  for (const p of ordered) {
    if (seen.has(p.name)) continue;
    seen.add(p.name);
    out.push({
      name: p.name,
      description: p.description,
      ...(p.argumentHint ? { argumentHint: p.argumentHint } : {}),
      source: p.source,
      origin: p.origin,
    });
  }
  return out;
}

/** Commands whose name starts with the query come first (in list order), then those that contain it. */
export function matchCommands(
  query: string,
  commands: readonly SlashCommand[],
  limit: number,
): SlashCommand[] {
  const q = query.toLowerCase();
  const starts = commands.filter((c) => c.name.toLowerCase().startsWith(q));
  const contains = commands.filter(
    (c) => !c.name.toLowerCase().startsWith(q) && c.name.toLowerCase().includes(q),
  );
  return [...starts, ...contains].slice(0, limit);
}

/** `/fix the off-by-one` is { name: 'fix', args: 'the off-by-one' }; text not starting with a command is undefined. */
export function parseCommand(text: string): { name: string; args: string } | undefined {
  const m = /^\s*\/([\w.-]+(?::[\w.-]+)*)(?:\s+([\s\S]*))?$/.exec(text);
  if (!m) return undefined;
  return { name: m[1]!, args: (m[2] ?? '').trim() };
}

// The host's side of the composer: answers the webview's `@` and `/` suggestion requests, attaches a picked mention
// or dropped files as context chips, and turns a message that starts with a `/` command into what it stands for
// (docs/architecture.md, "The composer"). Everything it gets from the webview was validated by the protocol first.
import * as vscode from 'vscode';
import {
  allCommands,
  CODE_COMMANDS,
  isBuiltin,
  matchCommands,
  parseCommand,
} from '../../core/composer/slashCommands';
import { expandPrompt } from '../../core/composer/promptFiles';
import { codeItem } from '../../core/editor/contextItems';
import type { ContextBlock } from '../../core/chat/userTurn';
import {
  KEYWORD_MENTIONS,
  mentionText,
  parseMentionQuery,
  type KeywordMention,
  type Mention,
} from '../../shared/mentions';
import { SUGGESTION_LIMIT, type Suggestion } from '../../shared/composerProtocol';
import type { HostMessage } from '../../shared/protocol';
import { toBlocks, type PendingContext } from '../../core/editor/pendingContext';
import { activeCodeContext, promptFor } from '../editor/activeCode';
import type { Read } from '../editor/readForContext';
import { loadPrompts } from './promptLibrary';
import { resolveMention } from './mentionResolver';
import { TerminalOutput } from './terminalCapture';
import { WorkspaceFiles } from './workspaceFiles';
import { workspaceSymbols } from './symbols';

/** What a sent message becomes once its `/` command (if any) is applied. */
export type Prepared =
  | { kind: 'send'; text: string; context: readonly ContextBlock[] }
  | { kind: 'done' }
  | { kind: 'refused'; message: string };

/** Suggestions, a note to show under them, and whether they came from a half-built file index. */
interface Found {
  items: Suggestion[];
  note?: string;
  indexing?: boolean;
}

export interface ComposerServiceOptions {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  pending: PendingContext;
  post: (message: HostMessage) => void;
}

export class ComposerService implements vscode.Disposable {
  private files: WorkspaceFiles | undefined;
  private readonly terminal = new TerminalOutput();

  constructor(private readonly options: ComposerServiceOptions) {}

  async suggest(
    ask: { seq: number; trigger: 'mention' | 'command'; query: string },
    answerAgainWhenBuilt = true,
  ): Promise<void> {
    const found =
      ask.trigger === 'command'
        ? await this.commandSuggestions(ask.query)
        : await this.mentionSuggestions(ask.query);
    const note = found.note ?? (found.items.length === 0 ? nothingFound(ask) : undefined);
    this.options.post({ type: 'suggestions', seq: ask.seq, items: found.items, ...(note ? { note } : {}) });
    // Answered from a half-built index: answered again once it is built (the view shows only its newest ask's).
    if (found.indexing && this.files && answerAgainWhenBuilt) {
      await this.files.firstBuild;
      await this.suggest(ask, false);
    }
  }

  private async commandSuggestions(query: string): Promise<Found> {
    const commands = allCommands(await loadPrompts(this.options.context));
    return {
      items: matchCommands(query, commands, SUGGESTION_LIMIT).map((c) => ({
        insert: `/${c.name} `,
        label: `/${c.name}${c.argumentHint ? ` ${c.argumentHint}` : ''}`,
        detail:
          c.source === 'built-in'
            ? c.description
            : `${c.description} · ${c.source === 'workspace' ? vscode.l10n.t('from the workspace') : vscode.l10n.t('yours')}: ${c.origin}`,
        icon: c.source === 'built-in' ? 'zap' : c.source === 'workspace' ? 'repo' : 'account',
      })),
    };
  }

  private async mentionSuggestions(query: string): Promise<Found> {
    const q = parseMentionQuery(query);
    if (q.kind === 'symbol') return { items: await workspaceSymbols(q.name, SUGGESTION_LIMIT) };
    const keywords: Suggestion[] = q.range ? [] : keywordSuggestions(q.path.toLowerCase());
    this.files ??= new WorkspaceFiles(this.options.log);
    const found = this.files.search(q.path, SUGGESTION_LIMIT - keywords.length);
    const paths = found.items.map((s) => {
      const slash = s.path.lastIndexOf('/', s.path.length - 2);
      const where = slash > 0 ? s.path.slice(0, slash + 1) : '';
      if (s.kind === 'folder')
        return suggestion({ kind: 'folder', path: s.path }, s.path, 'folder', 'folder');
      const mention: Mention = { kind: 'file', path: s.path, ...(q.range ? { range: q.range } : {}) };
      const name = s.path.slice(slash + 1);
      return suggestion(mention, mentionText(mention).slice(1), where ? `${name} in ${where}` : name, 'file');
    });
    return {
      items: [...keywords, ...paths],
      ...(found.note ? { note: found.note } : {}),
      ...(found.indexing ? { indexing: true } : {}),
    };
  }

  /** Attaches a picked mention; a refusal is said in the view. */
  async pick(mention: Mention): Promise<void> {
    const read = await resolveMention(mention, this.terminal);
    this.attach(read);
  }

  private attach(read: Read): void {
    if ('refused' in read) {
      this.options.post({ type: 'notice', level: 'warning', text: read.refused });
    } else if ('image' in read) {
      this.options.post({ type: 'attachImages', images: [read.image] });
    } else {
      const added = this.options.pending.add(read.item);
      if (!added.ok) this.options.post({ type: 'notice', level: 'warning', text: added.message });
    }
  }

  /** Files dropped on the composer are added as Add File to Chat adds them. */
  async drop(uris: readonly string[]): Promise<void> {
    const files = uris.map(droppable).filter((u): u is vscode.Uri => u !== undefined);
    if (files.length === 0) {
      this.options.post({
        type: 'notice',
        level: 'warning',
        text: vscode.l10n.t('Only files of the workspace (or open in an editor) can be dropped here.'),
      });
      return;
    }
    await vscode.commands.executeCommand('claudeMessages.addFileToChat', files[0], files);
  }

  /**
   * A message starting with a known `/` command: built-ins act (or send their prompt with the code they act on),
   * a prompt file sends its text with the arguments in place. Anything else is sent as written.
   */
  async prepare(text: string, context: readonly ContextBlock[]): Promise<Prepared> {
    const parsed = parseCommand(text);
    if (!parsed) return { kind: 'send', text, context };
    const { name, args } = parsed;
    if (isBuiltin(name)) {
      switch (name) {
        case 'new':
          await vscode.commands.executeCommand('claudeMessages.newChat');
          return { kind: 'done' };
        case 'export':
          await vscode.commands.executeCommand('claudeMessages.exportChat');
          return { kind: 'done' };
        case 'model':
          await vscode.commands.executeCommand('claudeMessages.selectModel');
          return { kind: 'done' };
        case 'compact':
          await vscode.commands.executeCommand('claudeMessages.compactConversation');
          return { kind: 'done' };
        default: {
          const prompt = promptFor(CODE_COMMANDS[name]);
          const full = args ? `${prompt}\n\n${args}` : prompt;
          if (context.length > 0) return { kind: 'send', text: full, context };
          const code = await activeCodeContext({ quiet: true });
          if (!code) {
            return {
              kind: 'refused',
              message: vscode.l10n.t(
                '/{0} acts on the selection or a mentioned file: select code in an editor or mention a file with @ (press ↑ to get your message back).',
                name,
              ),
            };
          }
          return { kind: 'send', text: full, context: toBlocks([{ item: codeItem(code) }]) };
        }
      }
    }
    const prompt = (await loadPrompts(this.options.context)).find((p) => p.name === name);
    if (!prompt) return { kind: 'send', text, context };
    return { kind: 'send', text: expandPrompt(prompt.body, args), context };
  }

  dispose(): void {
    this.files?.dispose();
    this.terminal.dispose();
  }
}

const KEYWORD_ICONS: Record<(typeof KEYWORD_MENTIONS)[number], string> = {
  problems: 'warning',
  selection: 'selection',
  terminal: 'terminal',
  changes: 'git-compare',
};

/** The keywords the query starts; `@problems` also for the active editor's file alone. */
function keywordSuggestions(query: string): Suggestion[] {
  const out: Suggestion[] = [];
  for (const k of KEYWORD_MENTIONS) {
    if (!k.startsWith(query) && !(k === 'problems' && query.startsWith('problems:'))) continue;
    if (k.startsWith(query)) out.push(suggestion({ kind: k }, k, keywordDescription(k), KEYWORD_ICONS[k]));
    const active = vscode.window.activeTextEditor?.document.uri;
    if (k === 'problems' && active && vscode.workspace.getWorkspaceFolder(active)) {
      const path = vscode.workspace.asRelativePath(active, false);
      out.push(
        suggestion(
          { kind: 'problems', path },
          `problems:${path}`,
          vscode.l10n.t('Errors and warnings in {0}', path),
          'warning',
        ),
      );
    }
  }
  return out;
}

/** Each a literal, so `npm run l10n` finds it. */
function keywordDescription(k: KeywordMention): string {
  switch (k) {
    case 'problems':
      return vscode.l10n.t('Errors and warnings in the workspace (the Problems panel)');
    case 'selection':
      return vscode.l10n.t('The selected lines in the active editor');
    case 'terminal':
      return vscode.l10n.t('The active terminal’s last command and its output');
    case 'changes':
      return vscode.l10n.t('Uncommitted changes in the working tree (git diff)');
  }
}

function suggestion(mention: Mention, label: string, detail: string, icon: string): Suggestion {
  return { insert: mentionText(mention), label, detail, icon, mention };
}

function nothingFound(ask: { trigger: 'mention' | 'command'; query: string }): string {
  if (ask.trigger === 'command') return vscode.l10n.t('No command matches /{0}.', ask.query);
  if (ask.query.startsWith('#'))
    return ask.query.length > 1
      ? vscode.l10n.t('No symbol by that name.')
      : vscode.l10n.t('Type a symbol’s name.');
  return vscode.l10n.t('No file or folder matches.');
}

/**
 * What a drop may name is what the explorer and the editor tabs show: workspace files, and files open in a tab
 * (not merely loaded: any extension can load a document without showing it). The URIs come from the webview, so
 * nothing else is read (docs/threat-model.md, W5).
 */
function droppable(raw: string): vscode.Uri | undefined {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(raw, true);
  } catch {
    return undefined;
  }
  if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') return undefined;
  if (vscode.workspace.getWorkspaceFolder(uri)) return uri;
  const key = uri.toString();
  const inTab = vscode.window.tabGroups.all.some((g) =>
    g.tabs.some((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === key),
  );
  return inTab ? uri : undefined;
}

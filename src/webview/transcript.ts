// The conversation as shown: user turns as plain text, assistant turns as streamed markdown, thinking as a
// collapsible block, and per reply its usage, stop reason, or an inline error with Retry.
import type {
  CompactionView,
  ReplyInfo,
  RestoredTurn,
  SentChip,
  SetupState,
  WebviewMessage,
} from '../shared/protocol';
import type { ToolCard, ToolCardState } from '../shared/toolProtocol';
import { compactionDivider } from './compactionDivider';
import { sentChips } from './contextChips';
import { h, icon } from './dom';
import { StreamingMarkdown, type MarkdownHooks } from './render';
import { ToolCardView, type ToolCardHooks } from './toolCard';
import { renderWelcome } from './welcome';
import { l10n } from './l10n';

export interface TranscriptOptions {
  /** To the host: links, code block actions, Continue, Replace Selection, a card's Show Diff, welcome actions. */
  post: (message: WebviewMessage) => void;
  /** Retry: sends the question again. */
  resend: (text: string) => void;
  /** The user's click on a waiting tool card. */
  decide: ToolCardHooks['decide'];
  /** Edit on a question: its text and its attachments' labels go to the composer. */
  edit: (turn: number, text: string, attachments: string[]) => void;
  /** Jump to latest was used from the keyboard: where focus goes once the button hides (the composer). */
  focusAfterJump?: () => void;
}

/** A turn as it starts: the question, and what the view shows with it. */
export interface TurnStart {
  requestId: string;
  text: string;
  images?: number;
  /** Where the question's code came from, when the answer can replace it (e.g. "src/cart.ts:6-10"). */
  replaceTarget?: string;
  attachments?: readonly SentChip[];
  /** The question's index in the conversation: with it, the question offers Edit and Restore Checkpoint. */
  turn?: number;
}

/** What changed on a card: its state, more output, its closing line. */
export interface CardUpdate {
  requestId: string;
  callId: string;
  state?: ToolCardState;
  output?: string;
  result?: string;
}

interface ReplyView {
  userArticle: HTMLElement;
  article: HTMLElement;
  body: HTMLElement;
  /** The text after the last tool card (a reply that uses tools is text, card, text, ...). */
  markdown: StreamingMarkdown;
  /** Every text segment's renderer, for disposal. */
  segments: StreamingMarkdown[];
  cards: Map<string, ToolCardView>;
  /** Where the question's code came from, when the answer can replace it (e.g. "src/cart.ts:6-10"). */
  replaceTarget?: string;
  thinking?: { details: HTMLDetailsElement; text: Text };
  userText: string;
}

/** Within this many pixels of the end, the view counts as at the end and follows new output again. */
const FOLLOW_SLACK_PX = 24;

/** Turns rendered at once when a stored conversation opens (more than a sidebar shows); the rest follow. */
const RESTORE_FIRST = 6;
/** Each later batch renders older turns for about this long, then lets a frame paint (docs/performance.md, P4). */
const RESTORE_SLICE_MS = 8;

export class Transcript {
  readonly element = h('main', { class: 'transcript', 'aria-label': l10n.t('Conversation') });
  /** Shown while the user has scrolled up and output arrives below: scrolls to the end and follows again. */
  readonly jumpButton = h(
    'button',
    { type: 'button', class: 'jump-latest', hidden: true },
    icon('arrow-down'),
    ` ${l10n.t('Jump to latest')}`,
  );
  /** The transcript with the Jump to latest button over its lower edge (what the app lays out). */
  readonly frame = h('div', { class: 'transcript-frame' }, this.element, this.jumpButton);
  /**
   * Whether new output scrolls the view to the end. It stops when the user scrolls up from where the view last
   * put itself, and starts again at the end (scrolled there, or Jump to latest), or when the user sends.
   */
  private following = true;
  /** Where the view last scrolled itself: a scroll event above it is the user's, not the layout catching up. */
  private autoTop = 0;
  private readonly replies = new Map<string, ReplyView>();
  private turns = 0;
  /** The questions shown, by their index in the conversation. */
  private readonly questions = new Map<number, HTMLElement>();
  /** Bumped on every clear, so batches of an earlier restore stop. */
  private generation = 0;

  private readonly hooks: MarkdownHooks;
  private readonly toolHooks: ToolCardHooks;

  constructor(private readonly options: TranscriptOptions) {
    const post = options.post;
    this.hooks = {
      onLink: (href) => post({ type: 'openLink', href }),
      onCodeAction: (action, code, language) => post({ type: 'codeAction', action, code, language }),
    };
    this.toolHooks = {
      decide: options.decide,
      showDiff: (callId) => post({ type: 'toolShowDiff', callId }),
    };
    this.element.addEventListener('scroll', () => this.userScrolled(), { passive: true });
    this.jumpButton.addEventListener('click', () => this.jumpToLatest());
  }

  /** Whether new output scrolls the view (for tests and the app). */
  get isFollowing(): boolean {
    return this.following;
  }

  /** Scrolls to the end and follows new output again. */
  jumpToLatest(): void {
    this.setFollowing(true);
    this.scrollToEnd();
  }

  private userScrolled(): void {
    const el = this.element;
    const fromEnd = el.scrollHeight - el.scrollTop - el.clientHeight;
    if (fromEnd <= FOLLOW_SLACK_PX) this.setFollowing(true);
    // Output grows the page before the view catches up; only a move above the view's own position is the user's.
    else if (el.scrollTop < this.autoTop - 2) this.setFollowing(false);
  }

  private setFollowing(on: boolean): void {
    if (on === this.following) return;
    this.following = on;
    if (on) {
      // Focus on the button would be lost with it (to the page's body): hand it on.
      const hadFocus = document.activeElement === this.jumpButton;
      this.jumpButton.hidden = true;
      if (hadFocus) this.options.focusAfterJump?.();
    }
  }

  /** New output arrived: follow it, or (scrolled up) offer the way down. */
  private outputArrived(): void {
    if (this.following) this.scrollToEnd();
    else this.jumpButton.hidden = false;
  }

  showWelcome(setup: SetupState | undefined): void {
    if (this.turns > 0) return;
    this.element.replaceChildren(
      renderWelcome(setup, (command) => this.options.post({ type: 'runCommand', command })),
    );
  }

  clear(setup: SetupState | undefined): void {
    this.generation++; // stops a restore still adding older turns
    this.setFollowing(true);
    for (const r of this.replies.values()) r.segments.forEach((m) => m.dispose());
    this.replies.clear();
    this.questions.clear();
    this.turns = 0;
    this.showWelcome(setup);
  }

  /** Shows a stored conversation in one pass (each reply rendered once, not streamed). */
  restore(turns: RestoredTurn[], setup: SetupState | undefined): void {
    this.clear(setup);
    const generation = this.generation;
    let end = turns.length;
    if (end === 0) return;
    // The newest turns first, so a long conversation shows its end at once; older ones follow in small batches
    // between frames, added above without moving what the user is looking at (docs/performance.md, P4).
    const first = Math.max(0, end - RESTORE_FIRST);
    this.element.append(this.renderStored(turns.slice(first, end)));
    this.jumpToLatest();
    end = first;
    // Each batch waits for a frame first: timers alone would run batch after batch before the browser paints
    // (the first screen then came only after most of the history had rendered).
    const next = () => requestAnimationFrame(() => setTimeout(more, 0));
    const more = () => {
      if (generation !== this.generation || end === 0) return;
      const started = performance.now();
      const frag = document.createDocumentFragment();
      let from = end;
      do {
        from--;
        frag.prepend(this.renderStored(turns.slice(from, from + 1)));
      } while (from > 0 && performance.now() - started < RESTORE_SLICE_MS);
      const before = this.element.scrollHeight;
      this.element.prepend(frag);
      this.element.scrollTop += this.element.scrollHeight - before;
      if (this.following) this.autoTop = this.element.scrollTop;
      end = from;
      next();
    };
    next();
  }

  private renderStored(turns: RestoredTurn[]): DocumentFragment {
    const frag = document.createDocumentFragment();
    for (const t of turns) {
      this.startTurn(
        { requestId: t.requestId, text: t.user, images: t.images, attachments: t.attachments, turn: t.turn },
        frag,
      );
      const r = this.replies.get(t.requestId);
      if (!r) continue;
      if (t.streaming) {
        // Stays open: the live deltas continue it.
        if (t.reply?.parts) this.renderParts(r, t.reply.parts, false);
        else r.markdown.append(t.reply?.text ?? '');
      } else if (t.reply) {
        this.renderParts(r, t.reply.parts ?? [{ kind: 'text', text: t.reply.text }], true);
        this.finishReply(t.requestId);
        if (t.reply.error && !t.reply.info.canContinue) this.error(t.requestId, t.reply.error);
        else this.end(t.requestId, t.reply.info);
      } else {
        this.finishReply(t.requestId);
        r.article.append(h('div', { class: 'reply-meta muted' }, l10n.t('No reply was received.')));
      }
    }
    return frag;
  }

  /** A stored reply's text and cards, in order; each text rendered once unless it is the live, open tail. */
  private renderParts(
    r: ReplyView,
    parts: NonNullable<NonNullable<RestoredTurn['reply']>['parts']>,
    finished: boolean,
  ): void {
    r.segments.forEach((m) => m.dispose());
    r.body.replaceChildren();
    r.segments = [];
    r.cards.clear();
    parts.forEach((p, i) => {
      if (p.kind === 'tool') {
        this.addCard(r, p.card);
        return;
      }
      if (p.kind === 'compacted') {
        r.body.append(compactionDivider(p.compaction));
        return;
      }
      const segment = h('div', { class: 'reply-segment' });
      r.body.append(segment);
      const open = !finished && i === parts.length - 1;
      r.markdown = open
        ? new StreamingMarkdown(segment, this.hooks)
        : StreamingMarkdown.renderOnce(segment, p.text, this.hooks);
      if (open) r.markdown.append(p.text);
      r.segments.push(r.markdown);
    });
    if (!finished && parts[parts.length - 1]?.kind !== 'text') this.openSegment(r);
  }

  private openSegment(r: ReplyView): void {
    const segment = h('div', { class: 'reply-segment' });
    r.body.append(segment);
    r.markdown = new StreamingMarkdown(segment, this.hooks);
    r.segments.push(r.markdown);
  }

  private addCard(r: ReplyView, card: ToolCard): void {
    const view = new ToolCardView(card, this.toolHooks);
    r.cards.set(card.callId, view);
    r.body.append(view.element);
  }

  /** A tool call shows below the text streamed so far; what the model says next goes below it. */
  toolCall(requestId: string, card: ToolCard): void {
    const r = this.replies.get(requestId);
    if (!r) return;
    r.markdown.finish();
    const existing = r.cards.get(card.callId);
    if (existing) {
      existing.update(card.state, card.reasons, card.result);
      return;
    }
    this.addCard(r, card);
    this.openSegment(r);
    this.outputArrived();
  }

  /** The conversation was compacted before this reply's next request: a divider at this point of the reply. */
  compacted(requestId: string, compaction: CompactionView): void {
    const r = this.replies.get(requestId);
    if (!r) return;
    r.markdown.finish();
    r.body.append(compactionDivider(compaction));
    this.openSegment(r);
    this.outputArrived();
  }

  toolUpdate({ requestId, callId, state, output, result }: CardUpdate): void {
    const card = this.replies.get(requestId)?.cards.get(callId);
    if (!card) return;
    if (output) card.appendOutput(output);
    if (state || result) card.update(state ?? card.state, undefined, result);
    this.outputArrived();
  }

  /** Shows the question and an empty reply that deltas stream into; `into` is a fragment when restoring. */
  startTurn(turn: TurnStart, into: ParentNode = this.element): void {
    const { requestId, text, images = 0, replaceTarget, attachments, turn: index } = turn;
    if (this.turns === 0) this.element.replaceChildren();
    this.turns++;
    const userArticle = h(
      'article',
      { class: 'turn user', 'aria-label': l10n.t('You') },
      h('div', { class: 'turn-role' }, l10n.t('You')),
      sentChips(attachments),
      images > 0
        ? h(
            'div',
            { class: 'user-images muted' },
            icon('file-media'),
            ` ${images === 1 ? l10n.t('1 image') : l10n.t('{0} images', images)}`,
          )
        : null,
      text ? h('div', { class: 'user-text' }, text) : null,
      index === undefined ? null : this.questionActions(index, text, attachments),
    );
    if (index !== undefined) {
      userArticle.dataset.turn = String(index);
      this.questions.set(index, userArticle);
    }
    into.append(userArticle);
    // aria-live on the reply body: screen readers hear the reply as it streams.
    const body = h('div', { class: 'reply-body', 'aria-live': 'polite', 'aria-busy': 'true' });
    const segment = h('div', { class: 'reply-segment' });
    body.append(segment);
    const markdown = new StreamingMarkdown(segment, this.hooks);
    const article = h(
      'article',
      { class: 'turn assistant streaming', 'aria-label': 'Claude' },
      h('div', { class: 'turn-role' }, icon('sparkle'), ' Claude'),
      body,
    );
    into.append(article);
    this.replies.set(requestId, {
      userArticle,
      article,
      body,
      markdown,
      segments: [markdown],
      cards: new Map(),
      userText: text,
      replaceTarget,
    });
    // The user just sent this: show it and follow the reply. A restored turn goes into a fragment: nothing to
    // follow (and reading the layout now would only cost).
    if (into === this.element) this.jumpToLatest();
  }

  /** Edit and Restore Checkpoint under a question (its index in the conversation names it to the host). */
  private questionActions(turn: number, text: string, attachments: readonly SentChip[] = []): HTMLElement {
    const edit = h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        'aria-label': l10n.t('Edit'),
        title: l10n.t('Edit and send again'),
      },
      icon('edit'),
      ` ${l10n.t('Edit')}`,
    );
    edit.addEventListener('click', () =>
      this.options.edit(
        turn,
        text,
        attachments.map((a) => a.label),
      ),
    );
    const restore = h(
      'button',
      {
        type: 'button',
        class: 'secondary small',
        'aria-label': l10n.t('Restore Checkpoint'),
        title: l10n.t('Restore the files tools changed since this message'),
      },
      icon('discard'),
      ` ${l10n.t('Restore Checkpoint')}`,
    );
    restore.addEventListener('click', () => this.options.post({ type: 'restoreCheckpoint', turn }));
    return h('div', { class: 'user-actions' }, edit, restore);
  }

  /** A restore happened at this question: it offers "Undo Restore" until that is used. */
  checkpointRestored(turn: number, undoId: string): void {
    const actions = this.questions.get(turn)?.querySelector('.user-actions');
    if (!actions) return;
    actions.querySelector('.undo-restore')?.remove();
    const undo = h(
      'button',
      { type: 'button', class: 'secondary small undo-restore', 'aria-label': l10n.t('Undo Restore') },
      icon('redo'),
      ` ${l10n.t('Undo Restore')}`,
    );
    undo.dataset.undo = undoId;
    undo.addEventListener('click', () => this.options.post({ type: 'undoRestore', undoId }));
    actions.append(undo);
  }

  restoreUndone(undoId: string): void {
    this.element.querySelectorAll<HTMLElement>('.undo-restore').forEach((b) => {
      if (b.dataset.undo === undoId) b.remove();
    });
  }

  /** Edit and resend: the question at `turn` and every turn after it leave the view. */
  truncate(turn: number): void {
    const first = this.questions.get(turn);
    if (!first) return;
    while (first.nextSibling) first.nextSibling.remove();
    first.remove();
    for (const [i] of this.questions) if (i >= turn) this.questions.delete(i);
    for (const [id, r] of this.replies) {
      if (r.userArticle.isConnected) continue;
      r.segments.forEach((m) => m.dispose());
      this.replies.delete(id);
    }
    this.turns = this.replies.size;
    if (this.turns === 0) this.element.replaceChildren();
  }

  delta(requestId: string, text: string, thinking: string | undefined): void {
    const r = this.replies.get(requestId);
    if (!r) return;
    if (thinking) {
      if (!r.thinking) {
        const textNode = document.createTextNode('');
        const details = h(
          'details',
          { class: 'thinking' },
          h('summary', {}, icon('lightbulb'), ` ${l10n.t('Thinking')}`),
          h('div', { class: 'thinking-text' }, textNode),
        );
        r.article.insertBefore(details, r.body);
        r.thinking = { details, text: textNode };
      }
      r.thinking.text.appendData(thinking);
    }
    if (text) r.markdown.append(text);
    this.outputArrived();
  }

  /** A cut-short reply streams on: its meta line and buttons go until it ends again. */
  reopen(requestId: string): void {
    const r = this.replies.get(requestId);
    if (!r) return;
    r.article.querySelectorAll('.reply-meta, .reply-error, .reply-actions').forEach((n) => n.remove());
    r.article.classList.add('streaming');
    r.body.setAttribute('aria-busy', 'true');
  }

  end(requestId: string, info: ReplyInfo): void {
    const r = this.finishReply(requestId);
    if (!r) return;
    const parts: string[] = [];
    if (info.interrupted === 'stopped') parts.push(l10n.t('Stopped'));
    else if (info.interrupted === 'cut') parts.push(l10n.t('Cut off'));
    else if (info.stopReason === 'max_tokens') parts.push(l10n.t('Reached the max tokens limit'));
    else if (info.stopReason && info.stopReason !== 'end_turn')
      parts.push(l10n.t('Stop reason: {0}', info.stopReason));
    if (info.usage) {
      const u = info.usage;
      let usage = l10n.t('{0} in · {1} out', u.inputTokens, u.outputTokens);
      if (u.cacheReadTokens) usage += ` · ${l10n.t('{0} cache read', u.cacheReadTokens)}`;
      if (u.cacheWriteTokens) usage += ` · ${l10n.t('{0} cache write', u.cacheWriteTokens)}`;
      parts.push(usage);
    }
    if (info.model) parts.push(info.model);
    r.article.append(
      h('div', { class: `reply-meta muted${info.interrupted ? ' stopped' : ''}` }, parts.join(' · ')),
    );
    const actions = h('div', { class: 'reply-actions' });
    if (info.canContinue) actions.append(this.continueButton(requestId));
    const codes = r.body.querySelectorAll('.md-code-block pre > code');
    const lastCode = codes[codes.length - 1];
    if (r.replaceTarget && lastCode && !info.interrupted) {
      // The editor action asked for the complete code in one block: the last block goes back, after a diff.
      const b = h(
        'button',
        {
          type: 'button',
          class: 'secondary',
          'aria-label': l10n.t('Replace Selection ({0})', r.replaceTarget),
        },
        icon('replace'),
        ` ${l10n.t('Replace Selection')}`,
      );
      b.addEventListener('click', () =>
        this.options.post({ type: 'replaceSelection', requestId, code: lastCode.textContent ?? '' }),
      );
      actions.append(b);
    }
    if (actions.childElementCount > 0) r.article.append(actions);
    // Its closing line is output too; a restored turn (built in a fragment) has nothing to follow.
    if (r.article.isConnected) this.outputArrived();
  }

  private continueButton(requestId: string): HTMLButtonElement {
    const b = h(
      'button',
      { type: 'button', class: 'secondary' },
      icon('debug-continue'),
      ` ${l10n.t('Continue')}`,
    );
    b.addEventListener('click', () => this.options.post({ type: 'continue', requestId }));
    return b;
  }

  /** Every failed turn offers Retry: even a refused request may succeed after the user fixes the cause. */
  error(requestId: string, message: string, info?: ReplyInfo): void {
    const r = this.finishReply(requestId);
    if (!r) return;
    if (info?.canContinue) {
      // Part of the reply arrived and was kept: it can be continued rather than asked again.
      r.article.append(
        h(
          'div',
          { class: 'reply-error', role: 'alert' },
          h('div', {}, icon('warning'), ' ', message.split('\n')[0] ?? ''),
        ),
      );
      this.end(requestId, info);
      return;
    }
    const retry = h('button', { type: 'button', class: 'secondary' }, icon('refresh'), ` ${l10n.t('Retry')}`);
    // A failed exchange with no reply text gives way to the retried one (the host kept no half of it either),
    // so nothing shows twice; a partial reply stays on screen, as it stays in the conversation.
    retry.addEventListener('click', () => {
      if (r.segments.every((m) => m.text === '') && r.cards.size === 0) {
        r.markdown.dispose();
        r.userArticle.remove();
        r.article.remove();
        this.replies.delete(requestId);
        this.turns--;
      }
      this.options.resend(r.userText);
    });
    const [lead, ...rest] = message.split('\n');
    r.article.append(
      h(
        'div',
        { class: 'reply-error', role: 'alert' },
        h('div', {}, icon('error'), ' ', lead ?? ''),
        rest.length ? h('div', { class: 'muted error-detail' }, rest.join('\n')) : null,
        retry,
      ),
    );
    if (r.article.isConnected) this.outputArrived();
  }

  private finishReply(requestId: string): ReplyView | undefined {
    const r = this.replies.get(requestId);
    if (!r) return undefined;
    r.markdown.finish();
    r.article.classList.remove('streaming');
    r.body.setAttribute('aria-busy', 'false');
    return r;
  }

  private scrollToEnd(): void {
    const el = this.element;
    el.scrollTop = el.scrollHeight;
    this.autoTop = el.scrollTop;
  }
}

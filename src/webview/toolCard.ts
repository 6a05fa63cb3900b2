// An approval card: one tool call exactly as it will run (arguments with invisible characters made visible, the
// resolved path or folder, the diff of an edit), its state, and while it waits the user's three choices. The card
// only reports the click; the host decides what the click means for the call it asked about.
import type { DiffLine, ToolCard, ToolCardState } from '../shared/toolProtocol';
import { h, icon } from './dom';
import { l10n } from './l10n';

export type ToolDecision = 'allow' | 'allowChat' | 'deny';

export interface ToolCardHooks {
  decide(callId: string, decision: ToolDecision, reason?: string): void;
  showDiff(callId: string): void;
}

// A function, not a table: each label a literal for `npm run l10n`, translated when shown.
function stateLabel(state: ToolCardState): string {
  switch (state) {
    case 'asking':
      return l10n.t('Waiting for you');
    case 'running':
      return l10n.t('Running');
    case 'done':
      return l10n.t('Done');
    case 'failed':
      return l10n.t('Failed');
    case 'denied':
      return l10n.t('Denied');
    case 'refused':
      return l10n.t('Refused');
    case 'stopped':
      return l10n.t('Stopped');
  }
}

const TOOL_ICON: Record<string, string> = {
  read_file: 'file',
  list_files: 'list-tree',
  search_text: 'search',
  get_diagnostics: 'warning',
  edit_file: 'edit',
  write_file: 'new-file',
  run_command: 'terminal',
};

/** States in which a card is finished: it folds to one line (tool and target, outcome), which a click unfolds. */
const FINISHED: ReadonlySet<ToolCardState> = new Set(['done', 'failed', 'denied', 'refused', 'stopped']);

let nextBodyId = 0;

/** Output kept on screen per card; the host caps what the model gets separately. */
const MAX_SHOWN_OUTPUT = 64 * 1024;

export class ToolCardView {
  readonly element: HTMLElement;
  private readonly badge: HTMLElement;
  private readonly outputText = document.createTextNode('');
  private readonly output: HTMLElement;
  private readonly resultLine: HTMLElement;
  private actions: HTMLElement | undefined;
  /** Everything under the head line: hidden while the card is collapsed. */
  private readonly body: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly summary: HTMLElement;
  /** Set once the user opened or closed the card: a later state change does not fold it against their choice. */
  private userChoice: boolean | undefined;

  constructor(
    private readonly card: ToolCard,
    private readonly hooks: ToolCardHooks,
  ) {
    this.badge = h('span', { class: 'tool-state' });
    this.output = h('pre', { class: 'tool-output', hidden: true }, this.outputText);
    this.resultLine = h('div', { class: 'tool-result muted', hidden: true });
    this.summary = h('span', { class: 'tool-summary muted' });
    const bodyId = `tool-body-${nextBodyId++}`;
    this.toggle = h(
      'button',
      {
        type: 'button',
        class: 'tool-toggle icon-button',
        'aria-controls': bodyId,
        'aria-label': l10n.t('Details: {0}', card.title),
        hidden: true,
      },
      icon('chevron-right'),
    );
    this.toggle.addEventListener('click', (e) => {
      e.stopPropagation();
      this.setCollapsed(!this.collapsed, true);
    });
    const head = h(
      'div',
      { class: 'tool-head' },
      this.toggle,
      icon(TOOL_ICON[card.tool] ?? 'tools'),
      h('span', { class: 'tool-title' }, card.title),
      this.summary,
      this.badge,
    );
    // A click anywhere on a finished card's line opens it too (the chevron is the keyboard's way).
    head.addEventListener('click', () => {
      if (!this.toggle.hidden) this.setCollapsed(!this.collapsed, true);
    });
    this.body = h(
      'div',
      { class: 'tool-body', id: bodyId },
      this.renderArgs(),
      card.location ? h('div', { class: 'tool-location muted' }, card.location) : null,
      card.hasInvisible
        ? h(
            'div',
            { class: 'tool-warning', role: 'note' },
            icon('warning'),
            ` ${l10n.t('The arguments contain invisible or control characters (shown escaped).')}`,
          )
        : null,
      card.diff ? renderDiff(card.diff) : null,
      this.output,
      this.resultLine,
    );
    this.element = h(
      'section',
      { class: 'tool-card', role: 'group', 'aria-label': l10n.t('Tool call: {0}', card.title) },
      head,
      this.body,
    );
    if (card.output) this.appendOutput(card.output);
    this.update(card.state, card.reasons, card.result);
  }

  get state(): ToolCardState {
    return this.card.state;
  }

  update(state: ToolCardState, reasons?: string[], result?: string): void {
    this.card.state = state;
    this.element.dataset.state = state;
    this.badge.textContent = stateLabel(state);
    this.body.querySelector('.tool-reasons')?.remove();
    if (reasons?.length && (state === 'asking' || state === 'refused')) {
      this.resultLine.before(h('ul', { class: 'tool-reasons' }, ...reasons.map((r) => h('li', {}, r))));
    }
    if (result) {
      this.resultLine.hidden = false;
      this.resultLine.textContent = result;
      this.summary.textContent = result;
    }
    if (state === 'asking') this.showActions();
    else this.actions?.remove();
    // A card that asks, or still runs, stays open; a finished one folds to its line unless the user chose.
    const finished = FINISHED.has(state);
    this.toggle.hidden = !finished;
    this.setCollapsed(finished && (this.userChoice ?? true), false);
  }

  /** Whether only the card's line shows. */
  get collapsed(): boolean {
    return this.element.classList.contains('collapsed');
  }

  private setCollapsed(collapsed: boolean, byUser: boolean): void {
    if (byUser) this.userChoice = collapsed;
    this.element.classList.toggle('collapsed', collapsed);
    this.body.hidden = collapsed;
    this.toggle.setAttribute('aria-expanded', String(!collapsed));
  }

  appendOutput(text: string): void {
    if (this.outputText.length >= MAX_SHOWN_OUTPUT) return;
    this.output.hidden = false;
    this.outputText.appendData(text.slice(0, MAX_SHOWN_OUTPUT - this.outputText.length));
    this.output.scrollTop = this.output.scrollHeight;
  }

  private renderArgs(): HTMLElement {
    return h(
      'dl',
      { class: 'tool-args' },
      ...this.card.args.flatMap((a) => [h('dt', {}, a.label), h('dd', {}, h('code', {}, a.value))]),
    );
  }

  private showActions(): void {
    if (this.actions) {
      this.body.append(this.actions);
      return;
    }
    const { callId } = this.card;
    const reason = h('input', {
      type: 'text',
      class: 'tool-deny-reason',
      placeholder: l10n.t('Reason (optional, sent to Claude)'),
      'aria-label': l10n.t('Reason for denying'),
    });
    const allow = h('button', { type: 'button' }, l10n.t('Allow'));
    const allowChat = h('button', { type: 'button', class: 'secondary' }, l10n.t('Allow for this chat'));
    const deny = h('button', { type: 'button', class: 'secondary' }, l10n.t('Deny'));
    allow.addEventListener('click', () => this.hooks.decide(callId, 'allow'));
    allowChat.addEventListener('click', () => this.hooks.decide(callId, 'allowChat'));
    deny.addEventListener('click', () => this.hooks.decide(callId, 'deny', reason.value.trim() || undefined));
    reason.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') deny.click();
    });
    const buttons = [allow, allowChat, deny];
    this.actions = h('div', { class: 'tool-actions' }, ...buttons);
    if (this.card.diff) {
      const diff = h(
        'button',
        { type: 'button', class: 'secondary' },
        icon('diff'),
        ` ${l10n.t('Show Diff')}`,
      );
      diff.addEventListener('click', () => this.hooks.showDiff(callId));
      this.actions.append(diff);
    }
    this.actions.append(reason);
    this.body.append(this.actions);
  }
}

function renderDiff(lines: DiffLine[]): HTMLElement {
  const mark = { add: '+', del: '-', ctx: ' ', gap: '⋯' } as const;
  return h(
    'pre',
    { class: 'tool-diff', 'aria-label': l10n.t('Proposed change') },
    ...lines.map((l) => h('div', { class: `diff-${l.kind}` }, `${mark[l.kind]} ${l.text}`)),
  );
}

// "Conversation compacted": where older turns stopped being sent as they were. It expands to say what was sent
// instead (the summary, or that old tool results were shortened); the turns above it stay on screen and stored.
import type { CompactionView } from '../shared/protocol';
import { h, icon } from './dom';
import { l10n } from './l10n';

function tokens(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}K` : n >= 1000 ? `${(n / 1000).toFixed(1)}K` : String(n);
}

function reasonText(reason: CompactionView['reason']): string {
  switch (reason) {
    case 'threshold':
      return l10n.t('Compacted because the conversation neared the context window.');
    case 'overflow':
      return l10n.t('Compacted because the endpoint refused the request as too long; it was sent again.');
    case 'manual':
      return l10n.t('Compacted because you asked for it.');
  }
}

export function compactionDivider(c: CompactionView): HTMLElement {
  const what =
    c.kind === 'summary'
      ? l10n.t('Older turns are sent as the summary below; the turns above stay here and in the history.')
      : l10n.t(
          'Older tool results are sent as short notes naming each call; the model can run the tool again.',
        );
  return h(
    'details',
    { class: 'compaction-divider' },
    h(
      'summary',
      {},
      icon('fold'),
      h('span', { class: 'compaction-title' }, l10n.t('Conversation compacted')),
      h(
        'span',
        { class: 'muted' },
        ` · ${l10n.t('{0} → {1} tokens', tokens(c.tokensBefore), tokens(c.tokensAfter))}`,
      ),
    ),
    h('div', { class: 'compaction-body muted' }, `${reasonText(c.reason)} ${what}`),
    c.summary ? h('pre', { class: 'compaction-summary' }, c.summary) : null,
  );
}

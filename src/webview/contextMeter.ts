// How full the last request was, against the model's context window: a small bar in the toolbar with the share,
// and a tooltip that breaks it down (input, cache read, cache write) and says where compaction starts. Hidden until
// a request in this conversation has been answered.
import type { ContextUsage } from '../shared/protocol';
import { h } from './dom';
import { l10n } from './l10n';

const count = (n: number) => Math.round(n).toLocaleString();

export class ContextMeter {
  readonly element: HTMLElement;
  private readonly fill: HTMLElement;
  private readonly label: HTMLElement;

  constructor() {
    this.fill = h('span', { class: 'context-meter-fill' });
    this.label = h('span', { class: 'context-meter-label' });
    this.element = h(
      'div',
      {
        class: 'context-meter',
        role: 'meter',
        'aria-valuemin': '0',
        'aria-valuemax': '100',
        hidden: true,
        tabindex: '0',
      },
      h('span', { class: 'context-meter-bar' }, this.fill),
      this.label,
    );
  }

  show(u: ContextUsage | undefined): void {
    if (!u || u.window <= 0) {
      this.element.hidden = true;
      return;
    }
    const percent = Math.min(100, Math.round((u.used / u.window) * 100));
    const compactPercent = Math.round((u.compactAt / u.window) * 100);
    this.element.hidden = false;
    this.fill.style.width = `${percent}%`;
    this.element.dataset.level =
      u.used >= u.compactAt ? 'high' : percent >= compactPercent * 0.75 ? 'warn' : 'ok';
    this.label.textContent = `${percent}%`;
    this.element.setAttribute('aria-valuenow', String(percent));
    const summary = l10n.t('Context: {0} of {1} tokens ({2}%)', count(u.used), count(u.window), percent);
    this.element.setAttribute('aria-label', summary);
    this.element.title = [
      summary,
      l10n.t(
        'Input {0} · cache read {1} · cache write {2}',
        count(u.input),
        count(u.cacheRead),
        count(u.cacheWrite),
      ),
      l10n.t(
        'Compacts before a request of about {0} tokens (Claude: Compact Conversation does it now).',
        count(u.compactAt),
      ),
    ].join('\n');
  }
}

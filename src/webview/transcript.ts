// The conversation as shown: user turns as plain text, assistant turns as streamed markdown, thinking as a
// collapsible block, and per reply its usage, stop reason, or an inline error with Retry.
import type { SetupState, TurnUsage } from '../shared/protocol';
import { h, icon } from './dom';
import { StreamingMarkdown } from './render';
import { postToHost } from './vscodeApi';
import { renderWelcome } from './welcome';

interface ReplyView {
  userArticle: HTMLElement;
  article: HTMLElement;
  body: HTMLElement;
  markdown: StreamingMarkdown;
  thinking?: { details: HTMLDetailsElement; text: Text };
  userText: string;
}

const hooks = {
  onLink: (href: string) => postToHost({ type: 'openLink', href }),
  onCodeAction: (action: 'copy' | 'insert', code: string, language: string) =>
    postToHost({ type: 'codeAction', action, code, language }),
};

export class Transcript {
  readonly element = h('main', { class: 'transcript', 'aria-label': 'Conversation' });
  private readonly replies = new Map<string, ReplyView>();
  private turns = 0;

  constructor(private readonly resend: (text: string) => void) {}

  showWelcome(setup: SetupState | undefined): void {
    if (this.turns > 0) return;
    this.element.replaceChildren(renderWelcome(setup));
  }

  clear(setup: SetupState | undefined): void {
    for (const r of this.replies.values()) r.markdown.dispose();
    this.replies.clear();
    this.turns = 0;
    this.showWelcome(setup);
  }

  startTurn(requestId: string, text: string): void {
    if (this.turns === 0) this.element.replaceChildren();
    this.turns++;
    const userArticle = h(
      'article',
      { class: 'turn user', 'aria-label': 'You' },
      h('div', { class: 'turn-role' }, 'You'),
      h('div', { class: 'user-text' }, text),
    );
    this.element.append(userArticle);
    // aria-live on the reply body: screen readers hear the reply as it streams.
    const body = h('div', { class: 'reply-body', 'aria-live': 'polite', 'aria-busy': 'true' });
    const article = h(
      'article',
      { class: 'turn assistant streaming', 'aria-label': 'Claude' },
      h('div', { class: 'turn-role' }, icon('sparkle'), ' Claude'),
      body,
    );
    this.element.append(article);
    this.replies.set(requestId, {
      userArticle,
      article,
      body,
      markdown: new StreamingMarkdown(body, hooks),
      userText: text,
    });
    this.scrollToEnd();
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
          h('summary', {}, icon('lightbulb'), ' Thinking'),
          h('div', { class: 'thinking-text' }, textNode),
        );
        r.article.insertBefore(details, r.body);
        r.thinking = { details, text: textNode };
      }
      r.thinking.text.appendData(thinking);
    }
    if (text) r.markdown.append(text);
    this.scrollToEnd();
  }

  end(
    requestId: string,
    info: { stopReason: string | null; model: string; usage?: TurnUsage; stopped: boolean },
  ): void {
    const r = this.finishReply(requestId);
    if (!r) return;
    const parts: string[] = [];
    if (info.stopped) parts.push('Stopped');
    else if (info.stopReason && info.stopReason !== 'end_turn') parts.push(`Stop reason: ${info.stopReason}`);
    if (info.usage) {
      const u = info.usage;
      let usage = `${u.inputTokens} in · ${u.outputTokens} out`;
      if (u.cacheReadTokens) usage += ` · ${u.cacheReadTokens} cache read`;
      if (u.cacheWriteTokens) usage += ` · ${u.cacheWriteTokens} cache write`;
      parts.push(usage);
    }
    parts.push(info.model);
    r.article.append(
      h('div', { class: `reply-meta muted${info.stopped ? ' stopped' : ''}` }, parts.join(' · ')),
    );
  }

  /** Every failed turn offers Retry: even a refused request may succeed after the user fixes the cause. */
  error(requestId: string, message: string): void {
    const r = this.finishReply(requestId);
    if (!r) return;
    const retry = h('button', { type: 'button', class: 'secondary' }, icon('refresh'), ' Retry');
    // A failed exchange with no reply text gives way to the retried one (the host kept no half of it either),
    // so nothing shows twice; a partial reply stays on screen, as it stays in the conversation.
    retry.addEventListener('click', () => {
      if (r.markdown.text === '') {
        r.markdown.dispose();
        r.userArticle.remove();
        r.article.remove();
        this.replies.delete(requestId);
        this.turns--;
      }
      this.resend(r.userText);
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
    this.scrollToEnd();
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
    // Follow the stream only when the user is already near the bottom; never yank them back while reading.
    const el = this.element;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 120) el.scrollTop = el.scrollHeight;
  }
}

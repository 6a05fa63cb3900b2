// Incremental markdown for a streamed reply. Finished top-level blocks are rendered once (highlighted) and never
// lexed again; only the open tail is re-lexed and its DOM replaced on each update, so an update costs O(tail),
// not O(reply). After finish() the DOM equals StreamingMarkdown.renderOnce() of the whole text.
import type { Token, Tokens } from 'marked';
import { BlockChunks } from './blockChunks';
import { findCommitBoundary } from './commitBoundary';
import { buildTailDom } from './tailDom';
import { patchNodes } from './tailPatch';
import { lexMarkdown, renderTokens, type Links } from './markdownPipeline';

export interface MarkdownHooks {
  /** An http(s) link (or a remote image's link) was activated; the host decides whether to open it. */
  onLink(href: string): void;
  /** A code block's Copy or Insert at Cursor button was pressed. `language` is '' when the fence named none. */
  onCodeAction(action: 'copy' | 'insert', code: string, language: string): void;
}

const OPENABLE = /^https?:\/\//i;
const LANGUAGE_CLASS = /(?:^|\s)language-(\S+)/;

export class StreamingMarkdown {
  /** Text already committed, in the pieces it was committed in (kept for `text` and the rare full rebuild). */
  private committed: string[] = [];
  private tail = '';
  private pendingCR = false;
  private links: Links = Object.create(null) as Links;
  private readonly chunks: BlockChunks;
  /** The open tail's DOM, one group of nodes per tail token, with the raw text each was built from. */
  private tailGroups: { raw: string; nodes: ChildNode[] }[] = [];
  /** What finish() committed, taken back if more text arrives (a continued reply may extend the last block). */
  private finished: { text: string; nodes: ChildNode[] } | undefined;
  private readonly onClick = (event: MouseEvent): void => this.handleClick(event);

  constructor(
    private readonly container: HTMLElement,
    private readonly hooks: MarkdownHooks,
  ) {
    container.classList.add('md-root');
    this.chunks = new BlockChunks(container);
    container.addEventListener('click', this.onClick);
    container.addEventListener('auxclick', this.onClick);
  }

  /** Renders a complete message (a stored one) in one pass. More text may still be appended afterwards. */
  static renderOnce(container: HTMLElement, text: string, hooks: MarkdownHooks): StreamingMarkdown {
    const renderer = new StreamingMarkdown(container, hooks);
    renderer.commitAll(normalizeNewlines(text));
    return renderer;
  }

  /** The whole text received so far. */
  get text(): string {
    return this.committed.join('') + this.tail;
  }

  /** Adds newly streamed text (only the new part) and updates the DOM. */
  append(delta: string): void {
    if (!delta) return;
    let chunk = this.pendingCR ? `\r${delta}` : delta;
    this.pendingCR = chunk.endsWith('\r');
    if (this.pendingCR) chunk = chunk.slice(0, -1);
    this.reopen();
    this.tail += normalizeNewlines(chunk);
    this.update();
  }

  /** Renders everything still open in its final form (highlighted). */
  finish(): void {
    this.reopen();
    let text = this.tail;
    if (this.pendingCR) {
      this.pendingCR = false;
      text += '\n';
    }
    this.clearTail();
    this.tail = '';
    this.commitAll(text);
  }

  /** Empties the container and forgets all text. */
  reset(): void {
    this.committed = [];
    this.tail = '';
    this.pendingCR = false;
    this.links = Object.create(null) as Links;
    this.tailGroups = [];
    this.finished = undefined;
    this.chunks.clear();
  }

  /** Stops listening for clicks; the DOM stays. */
  dispose(): void {
    this.container.removeEventListener('click', this.onClick);
    this.container.removeEventListener('auxclick', this.onClick);
  }

  private update(): void {
    let tokens: Token[] = lexMarkdown(this.tail, this.links);
    const cut = findCommitBoundary(tokens, this.tail);
    if (cut.tokenCount > 0) {
      this.commit(tokens.slice(0, cut.tokenCount), this.tail.slice(0, cut.length));
      this.tail = this.tail.slice(cut.length);
      tokens = tokens.slice(cut.tokenCount);
      for (const group of this.tailGroups.splice(0, cut.tokenCount))
        for (const node of group.nodes) node.remove();
    }
    this.renderTail(tokens);
  }

  /** Rebuilds only the tail tokens whose text changed (usually just the last) and patches their DOM in place. */
  private renderTail(tokens: readonly Token[]): void {
    const groups = this.tailGroups;
    for (const group of groups.splice(tokens.length)) for (const node of group.nodes) node.remove();
    tokens.forEach((token, i) => {
      const group = groups[i];
      if (group?.raw === token.raw) return;
      const next = Array.from(buildTailDom([token]).childNodes);
      const before = groups.slice(i + 1).find((g) => g.nodes.length > 0)?.nodes[0] ?? null;
      const nodes = patchNodes(this.container, group?.nodes ?? [], next, before);
      groups[i] = { raw: token.raw, nodes };
    });
  }

  private commitAll(text: string): void {
    if (!text) return;
    const nodes = this.commit(lexMarkdown(text, this.links), text);
    this.finished = { text, nodes };
  }

  /** Renders `tokens` (the lex of `text`, complete blocks) into the committed chunks; returns the nodes added. */
  private commit(tokens: Token[], text: string): ChildNode[] {
    const earlier = this.committed.length > 0;
    let needsRebuild = false;
    for (const token of tokens) {
      if (token.type !== 'def') continue;
      const { tag, href, title } = token as Tokens.Def;
      if (tag in this.links) continue;
      this.links[tag] = { href, title };
      // A definition resolves references anywhere in the message, including blocks already committed.
      if (earlier && this.committed.some((piece) => piece.toLowerCase().includes(tag))) needsRebuild = true;
    }
    this.committed.push(text);
    if (needsRebuild) {
      this.rebuildCommitted();
      return [];
    }
    return this.chunks.append(renderTokens(tokens, true));
  }

  /** The rare slow path: re-render every committed block (a new link definition may change any of them). */
  private rebuildCommitted(): void {
    const whole = this.committed.join('');
    this.committed = [whole];
    this.finished = undefined;
    this.chunks.clear();
    this.chunks.append(renderTokens(lexMarkdown(whole, this.links), true));
    for (const group of this.tailGroups) this.container.append(...group.nodes);
  }

  /** Undoes finish(): its text becomes the open tail again. */
  private reopen(): void {
    const finished = this.finished;
    if (!finished) return;
    this.finished = undefined;
    if (finished.nodes.length === 0) {
      // finish() triggered a rebuild: take its text back out of the committed whole.
      const whole = this.committed.join('');
      const before = whole.slice(0, whole.length - finished.text.length);
      this.committed = [];
      this.links = Object.create(null) as Links;
      this.chunks.clear();
      if (before) this.commit(lexMarkdown(before), before);
    } else {
      this.committed.pop();
      this.chunks.remove(finished.nodes);
    }
    this.tail = finished.text + this.tail;
  }

  private clearTail(): void {
    for (const group of this.tailGroups) for (const node of group.nodes) node.remove();
    this.tailGroups = [];
  }

  private handleClick(event: MouseEvent): void {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const anchor = target.closest('a');
    if (anchor && this.container.contains(anchor)) {
      // Links never navigate the webview; the host opens http(s) links after VS Code's own confirmation.
      event.preventDefault();
      const href = anchor.getAttribute('href') ?? '';
      if (event.type === 'click' && OPENABLE.test(href)) this.hooks.onLink(href);
      return;
    }
    if (event.type !== 'click') return;
    const button = target.closest('button.md-code-action');
    if (!(button instanceof HTMLButtonElement) || !this.container.contains(button)) return;
    const code = button.closest('.md-code-block')?.querySelector('pre > code');
    const language = LANGUAGE_CLASS.exec(code?.className ?? '')?.[1] ?? '';
    const action = button.value === 'insert' ? 'insert' : 'copy';
    this.hooks.onCodeAction(action, code?.textContent ?? '', language);
  }
}

function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

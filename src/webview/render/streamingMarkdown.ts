// Incremental markdown for a streamed reply. Finished top-level blocks are committed once: built, highlighted, and
// never lexed again. Only the open tail is re-lexed on each delta, and only its changed block is rebuilt and
// patched into the DOM, so an update costs O(tail), not O(reply). After finish() the DOM equals
// StreamingMarkdown.renderOnce() of the whole text.
import type { Token } from 'marked';
import { isOpenableLink } from '../../shared/links';
import { BlockChunks } from './blockChunks';
import { codeLanguage, highlightCodeBlocks } from './codeBlock';
import { findCommitBoundary } from './commitBoundary';
import { buildBlocks } from './markdownDom';
import { collectDefinitions, lexMarkdown, type Links } from './markdownLexer';
import { tryFastAppend } from './fastAppend';
import { patchNodes } from './tailPatch';

export interface MarkdownHooks {
  /** An http(s) link (or a remote image's link) was activated; the host decides whether to open it. */
  onLink(href: string): void;
  /** A code block's Copy or Insert at Cursor button was pressed. `language` is '' when the fence named none. */
  onCodeAction(action: 'copy' | 'insert' | 'newFile', code: string, language: string): void;
}

interface TailGroup {
  /** The token's source text: an unchanged token keeps its nodes ('' after a fast append: rebuild next time). */
  raw: string;
  /** How many link definitions the token was resolved against: a new one can change an unchanged token. */
  links: number;
  type: string;
  nodes: ChildNode[];
}

export class StreamingMarkdown {
  /** Text already committed, in the pieces it was committed in (kept for `text` and the rare full rebuild). */
  private committed: string[] = [];
  private tail = '';
  private pendingCR = false;
  private links: Links = Object.create(null) as Links;
  private readonly chunks: BlockChunks;
  /** The open tail's DOM: one group of nodes per tail token, at the end of the last chunk. */
  private tailGroups: TailGroup[] = [];
  /** What finish() committed, taken back if more text arrives (a continued reply may extend the last block). */
  private finished: { text: string; nodes: ChildNode[]; rebuilt: boolean } | undefined;
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
    chunk = normalizeNewlines(chunk);
    const only = this.tailGroups.length === 1 ? this.tailGroups[0]! : undefined;
    if (only?.nodes.length === 1 && tryFastAppend(only.type, only.nodes[0]!, this.tail, chunk)) {
      // Nothing can commit while the tail is one block; the next full update re-checks this block.
      only.raw = '';
      this.tail += chunk;
      return;
    }
    this.tail += chunk;
    this.update();
  }

  /** Commits everything still open, in its final form (highlighted). */
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
    const lexed = lexMarkdown(this.tail, this.links);
    const tokens: Token[] = lexed;
    const cut = findCommitBoundary(tokens, this.tail);
    this.renderTail(tokens, Object.keys(lexed.links).length);
    if (cut.tokenCount > 0) {
      // The committed blocks are the tail's first tokens, their DOM now up to date: it stays where it is.
      const nodes = this.tailGroups.splice(0, cut.tokenCount).flatMap((g) => g.nodes);
      this.commit(tokens.slice(0, cut.tokenCount), this.tail.slice(0, cut.length), nodes);
      this.tail = this.tail.slice(cut.length);
    }
  }

  /** Rebuilds only the tail tokens whose text changed (usually just the last) and patches their DOM in place. */
  private renderTail(tokens: readonly Token[], links: number): void {
    const groups = this.tailGroups;
    const parent = this.chunks.tailParent();
    for (const group of groups.splice(tokens.length)) for (const node of group.nodes) node.remove();
    tokens.forEach((token, i) => {
      const group = groups[i];
      if (group?.raw === token.raw && group.links === links) return;
      const next = Array.from(buildBlocks([token]).childNodes);
      const before = groups.slice(i + 1).find((g) => g.nodes.length > 0)?.nodes[0] ?? null;
      const nodes = patchNodes(parent, group?.nodes ?? [], next, before);
      groups[i] = { raw: token.raw, links, type: token.type, nodes };
    });
  }

  private commitAll(text: string): void {
    if (!text) return;
    const tokens = lexMarkdown(text, this.links);
    const nodes = Array.from(buildBlocks(tokens).childNodes);
    const rebuilt = this.commit(tokens, text, nodes);
    this.finished = { text, nodes, rebuilt };
  }

  /**
   * Commits `nodes`, the DOM of `tokens` (complete blocks, the lex of `text`): highlighted, then never touched.
   * Returns whether all committed blocks had to be rebuilt instead.
   */
  private commit(tokens: readonly Token[], text: string, nodes: ChildNode[]): boolean {
    const earlier = this.committed.length > 0;
    let needsRebuild = false;
    for (const { tag, href, title } of collectDefinitions(tokens)) {
      if (tag in this.links) continue;
      this.links[tag] = { href, title };
      // A definition resolves references anywhere in the message, including blocks already committed.
      if (earlier && this.committed.some((piece) => piece.toLowerCase().includes(tag))) needsRebuild = true;
    }
    this.committed.push(text);
    this.chunks.commit(nodes);
    highlightCodeBlocks(nodes);
    if (needsRebuild) this.rebuildCommitted();
    return needsRebuild;
  }

  /** The rare slow path: rebuild every committed block (a new link definition may change any of them). */
  private rebuildCommitted(): void {
    const whole = this.committed.join('');
    this.committed = [whole];
    this.chunks.clear();
    const nodes = Array.from(buildBlocks(lexMarkdown(whole, this.links)).childNodes);
    this.chunks.commit(nodes);
    highlightCodeBlocks(nodes);
    const parent = this.chunks.tailParent();
    for (const group of this.tailGroups) parent.append(...group.nodes);
  }

  /** Undoes finish(): its text becomes the open tail again. */
  private reopen(): void {
    const finished = this.finished;
    if (!finished) return;
    this.finished = undefined;
    if (finished.rebuilt) {
      // finish() triggered a rebuild: take its text back out of the committed whole and rebuild without it.
      const whole = this.committed.join('');
      const before = whole.slice(0, whole.length - finished.text.length);
      this.committed = before ? [before] : [];
      this.links = Object.create(null) as Links;
      this.chunks.clear();
      const tokens = lexMarkdown(before);
      for (const { tag, href, title } of collectDefinitions(tokens))
        if (!(tag in this.links)) this.links[tag] = { href, title };
      const nodes = Array.from(buildBlocks(tokens).childNodes);
      this.chunks.commit(nodes);
      highlightCodeBlocks(nodes);
    } else {
      this.committed.pop();
      this.chunks.uncommit(finished.nodes);
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
      if (event.type === 'click' && isOpenableLink(href)) this.hooks.onLink(href);
      return;
    }
    if (event.type !== 'click') return;
    const button = target.closest('button.md-code-action');
    if (!(button instanceof HTMLButtonElement) || !this.container.contains(button)) return;
    const code = button.closest('.md-code-block')?.querySelector('pre > code');
    const action = button.value === 'insert' || button.value === 'newFile' ? button.value : 'copy';
    this.hooks.onCodeAction(action, code?.textContent ?? '', codeLanguage(code));
  }
}

function normalizeNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

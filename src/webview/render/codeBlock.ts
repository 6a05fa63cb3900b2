// The frame around every code block (the language, then Copy / Insert at Cursor / New File) and its highlighting.
import { highlightCode } from './highlight';
import { sanitizeHtml } from './sanitize';
import { l10n } from '../l10n';

export type CodeAction = 'copy' | 'insert' | 'newFile';

const LANGUAGE_CLASS = /(?:^|\s)language-(\S+)/;

/** Wraps `pre` (already holding its <code>) in a div.md-code-block with a toolbar; returns the wrapper. */
export function frameCodeBlock(doc: Document, pre: HTMLElement, language: string): HTMLElement {
  const block = doc.createElement('div');
  block.className = 'md-code-block';
  const toolbar = doc.createElement('div');
  toolbar.className = 'md-code-toolbar';
  const label = doc.createElement('span');
  label.className = 'md-code-lang';
  label.textContent = language || 'text';
  toolbar.append(
    label,
    actionButton(doc, 'copy', l10n.t('Copy')),
    actionButton(doc, 'insert', l10n.t('Insert at Cursor')),
    actionButton(doc, 'newFile', l10n.t('New File')),
  );
  block.append(toolbar, pre);
  return block;
}

/** The language of a code element, from its language-* class ('' if none). */
export function codeLanguage(code: Element | null | undefined): string {
  return LANGUAGE_CLASS.exec(code?.className ?? '')?.[1] ?? '';
}

/**
 * Highlights the plain code blocks among `nodes` (top-level blocks). highlight.js returns HTML, so it goes through
 * DOMPurify like any HTML; it is the only HTML the renderer ever parses.
 */
export function highlightCodeBlocks(nodes: readonly Node[]): void {
  for (const node of nodes) {
    if (!(node instanceof HTMLElement) || !node.classList.contains('md-code-block')) continue;
    const code = node.querySelector('pre > code');
    if (!code || code.childElementCount > 0) continue;
    const html = highlightCode(code.textContent ?? '', codeLanguage(code));
    if (html === undefined) continue;
    code.replaceChildren(...Array.from(sanitizeHtml(html).childNodes));
  }
}

const ICONS: Record<CodeAction, string> = { copy: 'copy', insert: 'insert', newFile: 'new-file' };

function actionButton(doc: Document, action: CodeAction, name: string): HTMLButtonElement {
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = `md-code-action md-code-${action}`;
  button.value = action;
  // Icons, as VS Code's own chat has them: three worded buttons do not fit beside the language in a narrow sidebar.
  // The name stays the accessible name and the tooltip.
  const glyph = doc.createElement('span');
  glyph.className = `codicon codicon-${ICONS[action]}`;
  glyph.setAttribute('aria-hidden', 'true');
  button.append(glyph);
  button.setAttribute('aria-label', name);
  button.title = name;
  return button;
}

// DOM for markdown, built straight from marked's tokens with createElement/textContent. No markup from the model is
// ever parsed: raw HTML shows as text, and nothing it writes can become an element or an attribute. URLs pass the
// same checks as the sanitizer's (http(s) links only; images only from inline data, remote ones as a placeholder).
// Building nodes directly is also what keeps a streamed update cheap: the open tail is rebuilt on every delta, and
// producing an HTML string, parsing and sanitizing it each time cost more than all the rest of an update.
import type { Token, Tokens } from 'marked';
import { frameCodeBlock } from './codeBlock';
import { fenceLanguage } from './markdownLexer';
import { isOpenableLink } from '../../shared/links';
import { SAFE_IMAGE_SRC } from './sanitize';
import { l10n } from '../l10n';

type Parent = HTMLElement | DocumentFragment;

/** Builds top-level block tokens into a fragment of the live document (code is left plain, see highlight). */
export function buildBlocks(tokens: readonly Token[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  blocks(fragment, tokens);
  return fragment;
}

function el<K extends keyof HTMLElementTagNameMap>(
  parent: Parent,
  tag: K,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  parent.appendChild(node);
  return node;
}

function blocks(parent: Parent, tokens: readonly Token[]): void {
  let previous: Token | undefined;
  for (const token of tokens) {
    // Consecutive text tokens (a tight list item's lines) are one run of text, as marked renders them.
    if (token.type === 'text' && previous?.type === 'text') parent.appendChild(document.createTextNode('\n'));
    block(parent, token);
    previous = token;
  }
}

function block(parent: Parent, token: Token): void {
  switch (token.type) {
    case 'paragraph':
      inline(el(parent, 'p'), (token as Tokens.Paragraph).tokens);
      break;
    case 'heading': {
      const { depth, tokens } = token as Tokens.Heading;
      inline(el(parent, `h${Math.min(Math.max(depth, 1), 6)}` as 'h1'), tokens);
      break;
    }
    case 'code': {
      const { text, lang } = token as Tokens.Code;
      const language = fenceLanguage(lang);
      const pre = document.createElement('pre');
      pre.className = 'md-code';
      const code = el(pre, 'code', language ? `hljs language-${language}` : 'hljs');
      appendLines(code, text.replace(/\n$/, ''));
      parent.appendChild(frameCodeBlock(document, pre, language));
      break;
    }
    case 'blockquote':
      blocks(el(parent, 'blockquote'), (token as Tokens.Blockquote).tokens);
      break;
    case 'list': {
      const list = token as Tokens.List;
      const node = el(parent, list.ordered ? 'ol' : 'ul');
      if (list.ordered && list.start !== 1 && list.start !== '')
        node.setAttribute('start', String(list.start));
      for (const item of list.items) blocks(el(node, 'li'), item.tokens);
      break;
    }
    case 'checkbox': {
      const box = el(parent, 'input');
      // Attributes, not properties: they are what the DOM patcher compares and what innerHTML shows.
      box.setAttribute('type', 'checkbox');
      box.setAttribute('disabled', '');
      if ((token as Tokens.Checkbox).checked) box.setAttribute('checked', '');
      parent.appendChild(document.createTextNode(' '));
      break;
    }
    case 'table':
      table(parent, token as Tokens.Table);
      break;
    case 'hr':
      el(parent, 'hr');
      break;
    case 'html':
      el(parent, 'p', 'md-raw-html').textContent = (token as Tokens.HTML).text.replace(/\n+$/, '');
      break;
    case 'text': {
      // Text directly in a tight list item.
      const text = token as Tokens.Text;
      if (text.tokens) inline(parent, text.tokens);
      else parent.appendChild(document.createTextNode(decode(text.text)));
      break;
    }
    default:
      // space and def render nothing.
      break;
  }
}

/**
 * Code text as one text node per line: while a block streams, only its last line's node changes, so patching and
 * the browser's text layout redo one line rather than the whole block. (Serialized, it is the same text.)
 */
function appendLines(code: HTMLElement, text: string): void {
  let from = 0;
  for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
    code.appendChild(document.createTextNode(text.slice(from, nl + 1)));
    from = nl + 1;
  }
  if (from < text.length) code.appendChild(document.createTextNode(text.slice(from)));
}

function table(parent: Parent, token: Tokens.Table): void {
  const node = el(parent, 'table');
  const row = (into: HTMLElement, cells: Tokens.TableCell[], tag: 'th' | 'td'): void => {
    const tr = el(into, 'tr');
    for (const cell of cells) {
      const td = el(tr, tag);
      if (cell.align) td.setAttribute('align', cell.align);
      inline(td, cell.tokens);
    }
  };
  row(el(node, 'thead'), token.header, 'th');
  if (token.rows.length > 0) {
    const body = el(node, 'tbody');
    for (const cells of token.rows) row(body, cells, 'td');
  }
}

function inline(parent: Parent, tokens: readonly Token[] | undefined): void {
  for (const token of tokens ?? []) {
    switch (token.type) {
      case 'strong':
      case 'em':
      case 'del':
        inline(el(parent, token.type), (token as Tokens.Strong).tokens);
        break;
      case 'codespan':
        el(parent, 'code').textContent = (token as Tokens.Codespan).text;
        break;
      case 'br':
        el(parent, 'br');
        break;
      case 'link': {
        const { href, title, tokens } = token as Tokens.Link;
        const a = el(parent, 'a');
        if (isOpenableLink(href)) a.setAttribute('href', href);
        if (title) a.title = title;
        inline(a, tokens);
        break;
      }
      case 'image':
        image(parent, token as Tokens.Image);
        break;
      case 'html':
        parent.appendChild(document.createTextNode((token as Tokens.Tag).text));
        break;
      case 'checkbox':
        block(parent, token);
        break;
      default: {
        // text and escape
        const text = token as Tokens.Text;
        if (text.tokens) inline(parent, text.tokens);
        else parent.appendChild(document.createTextNode(decode(text.text)));
      }
    }
  }
}

function image(parent: Parent, { href, title, text }: Tokens.Image): void {
  if (SAFE_IMAGE_SRC.test(href)) {
    const img = el(parent, 'img', 'md-image');
    img.alt = text;
    if (title) img.title = title;
    img.src = href;
    return;
  }
  const box = el(parent, 'span', 'md-image-placeholder');
  if (title) box.title = title;
  el(box, 'span', 'md-image-alt').textContent = text || l10n.t('image');
  if (/^(?:https?:)?\/\//i.test(href)) {
    const a = el(box, 'a', 'md-image-url');
    a.setAttribute('href', href.startsWith('//') ? `https:${href}` : href);
    a.textContent = href;
  } else {
    el(box, 'span', 'md-image-url').textContent = href;
  }
}

let decoder: HTMLTextAreaElement | undefined;

/** marked leaves character references in text for the browser to decode; textContent would not, so decode here. */
function decode(text: string): string {
  if (!text.includes('&')) return text;
  // RCDATA in a document without a browsing context: references are decoded, no element is ever created.
  decoder ??= document.implementation.createHTMLDocument('').createElement('textarea');
  decoder.innerHTML = text.replace(/</g, '&lt;');
  return decoder.value;
}

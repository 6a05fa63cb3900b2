// Markdown tokens -> sanitized DOM. One marked instance whose renderer never emits live HTML from the model:
// raw HTML becomes text, remote images become placeholders, code gets highlighted (when asked) and a toolbar.
import { Lexer, Marked, type Token, type TokensList, type Tokens } from 'marked';
import { frameCodeBlock } from './codeBlock';
import { highlightCode } from './highlight';
import { sanitizeHtml, SAFE_IMAGE_SRC } from './sanitize';

export type Links = TokensList['links'];

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const LANGUAGE_NAME = /^[\w#+.-]{1,32}$/;

/** The language word of a fence's info string, or '' when there is none or it is not a plausible name. */
export function fenceLanguage(info: string | undefined): string {
  const word = (info ?? '').trim().split(/\s/, 1)[0] ?? '';
  return LANGUAGE_NAME.test(word) ? word.toLowerCase() : '';
}

let highlightCodeBlocks = false;

export const md = new Marked({ gfm: true, breaks: false });
md.use({
  renderer: {
    code({ text, lang }: Tokens.Code): string {
      const language = fenceLanguage(lang);
      const body = text.replace(/\n$/, '');
      const highlighted = highlightCodeBlocks ? highlightCode(body, language) : undefined;
      const langClass = language ? ` language-${language}` : '';
      return `<pre class="md-code"><code class="hljs${langClass}">${highlighted ?? escapeHtml(body)}</code></pre>\n`;
    },
    html({ text, block }: Tokens.HTML | Tokens.Tag): string {
      // Raw HTML from the model is shown as the text it is, never interpreted.
      return block
        ? `<p class="md-raw-html">${escapeHtml(text.replace(/\n+$/, ''))}</p>\n`
        : escapeHtml(text);
    },
    image({ href, title, text }: Tokens.Image): string {
      const titleAttr = title ? ` title="${escapeHtml(title)}"` : '';
      if (SAFE_IMAGE_SRC.test(href)) {
        return `<img class="md-image" src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${titleAttr}>`;
      }
      // A remote image would be a request to a URL the model chose (and could carry data out): show where it
      // points instead, as a link the user may open through the host.
      const alt = `<span class="md-image-alt">${escapeHtml(text || 'image')}</span>`;
      const url = /^(?:https?:)?\/\//i.test(href)
        ? `<a class="md-image-url" href="${escapeHtml(href.startsWith('//') ? `https:${href}` : href)}">${escapeHtml(href)}</a>`
        : `<span class="md-image-url">${escapeHtml(href)}</span>`;
      return `<span class="md-image-placeholder"${titleAttr}>${alt}${url}</span>`;
    },
  },
});

/** Lexes `src` as top-level markdown, resolving reference links against `links` as well as its own definitions. */
export function lexMarkdown(src: string, links?: Links): TokensList {
  const lexer = new Lexer(md.defaults);
  if (links) Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

/**
 * Renders top-level tokens to sanitized DOM, with code toolbars, highlighting code if asked. The nodes are the
 * children of the returned element, which belongs to an inert document; inserting them adopts them.
 */
export function renderTokens(tokens: Token[], highlight: boolean): HTMLElement {
  highlightCodeBlocks = highlight;
  let html: string;
  try {
    html = md.parser(tokens);
  } finally {
    highlightCodeBlocks = false;
  }
  const root = sanitizeHtml(html);
  decorateCodeBlocks(root);
  return root;
}

function decorateCodeBlocks(root: HTMLElement): void {
  for (const pre of Array.from(root.querySelectorAll('pre.md-code'))) {
    const code = pre.firstElementChild;
    const language = /(?:^|\s)language-(\S+)/.exec(code?.className ?? '')?.[1] ?? '';
    const placeholder = root.ownerDocument.createComment('');
    pre.replaceWith(placeholder);
    placeholder.replaceWith(frameCodeBlock(root.ownerDocument, pre as HTMLElement, language));
  }
}

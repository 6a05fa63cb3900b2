// Every piece of HTML the renderer parses passes through this one DOMPurify instance (docs/threat-model.md, W1,
// W2, W6). Markdown itself is built as DOM without parsing markup (markdownDom.ts); the HTML parsed here is
// highlight.js output. The rules are still a strict allowlist that trusts nothing about its input.
import DOMPurify from 'dompurify';
import { OPENABLE_LINK, isOpenableLink } from '../../shared/links';

const INLINE_IMAGE = 'data:image\\/(?:png|jpeg|gif|webp);base64,';
/** Images that may render: inline data of a raster type. Anything else would be a network request. */
export const SAFE_IMAGE_SRC = new RegExp(`^${INLINE_IMAGE}[a-z0-9+/=\\s]*$`, 'i');

const ALLOWED_TAGS = [
  'a',
  'blockquote',
  'br',
  'code',
  'del',
  'div',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'img',
  'input',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'span',
  'strong',
  'table',
  'tbody',
  'td',
  'th',
  'thead',
  'tr',
  'ul',
];
const ALLOWED_ATTR = [
  'href',
  'title',
  'alt',
  'src',
  'class',
  'start',
  'align',
  'type',
  'checked',
  'disabled',
];

const purify = DOMPurify(window);

purify.addHook('afterSanitizeAttributes', (node) => {
  const el = node as Element;
  if (typeof el.getAttribute !== 'function') return;
  const attrs = el.attributes;
  for (let i = attrs.length - 1; i >= 0; i--) {
    const name = attrs[i]!.name;
    if ((name.charCodeAt(0) | 32) === 111 /* o or O */ && /^on/i.test(name)) el.removeAttribute(name);
  }
  switch (el.nodeName) {
    case 'A': {
      const href = el.getAttribute('href');
      if (href !== null && !isOpenableLink(href)) el.removeAttribute('href');
      el.removeAttribute('target');
      break;
    }
    case 'IMG': {
      const src = el.getAttribute('src');
      if (src === null || !SAFE_IMAGE_SRC.test(src)) el.removeAttribute('src');
      break;
    }
    case 'INPUT':
      // Only the disabled checkboxes of GFM task lists.
      el.setAttribute('type', 'checkbox');
      el.setAttribute('disabled', '');
      break;
  }
});

const CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOWED_URI_REGEXP: new RegExp(`^(?:${OPENABLE_LINK.source.slice(1)}|${INLINE_IMAGE})`, 'i'),
  FORBID_TAGS: [
    'script',
    'style',
    'iframe',
    'object',
    'embed',
    'form',
    'svg',
    'math',
    'link',
    'meta',
    'base',
  ],
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'xlink:href', 'background', 'poster'],
  // Sanitized as the tree DOMPurify parsed (in its own inert document) and returned as that tree: no second parse
  // of a serialized string, so no mutation-XSS round trip. (IN_PLACE on our own inert document was twice as slow.)
  RETURN_DOM_FRAGMENT: true as const,
};
// Parsed once: DOMPurify re-parses a config passed to every sanitize() call, which dominated small updates.
purify.setConfig(CONFIG);

/** Sanitized DOM for `html`, owned by an inert document: inserting its nodes adopts them into the page. */
export function sanitizeHtml(html: string): DocumentFragment {
  // The config set above is in force; passing it again only gives the call its return type.
  return purify.sanitize(html, CONFIG);
}

// The webview's markdown renderer. Class names it emits, for the stylesheet (no inline styles: the CSP forbids them):
//   .md-root                 the container passed in (added by the constructor)
//   .md-chunk                plain grouping divs of up to 32 top-level blocks; style blocks with descendant
//                            selectors (`.md-root p`), not `.md-root > p`
//   .md-code-block           wrapper of a fenced or indented code block: .md-code-toolbar then pre.md-code
//   .md-code-toolbar         holds span.md-code-lang (the fence's language, or "text") and the three buttons
//   .md-code-action          the toolbar buttons: .md-code-copy ("Copy"), .md-code-insert ("Insert at Cursor"),
//                            .md-code-newFile ("New File")
//   pre.md-code > code.hljs  the code, with .language-<name> when named; highlighted tokens are span.hljs-*
//   img.md-image             an inline data: image (the only images that render)
//   .md-image-placeholder    a remote image, not fetched: span.md-image-alt, then a.md-image-url (http/https, opens
//                            through the host) or span.md-image-url (anything else)
//   p.md-raw-html            a block of raw HTML from the model, shown as text
// Everything else is plain markdown HTML: p, h1-h6, ul/ol/li (task items start with input[type=checkbox][disabled]),
// blockquote, hr, table/thead/tbody/tr/th/td (with an align attribute), a, strong, em, del, code, br.
export { StreamingMarkdown, type MarkdownHooks } from './streamingMarkdown';

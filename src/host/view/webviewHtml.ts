// The webview's HTML: a strict CSP with a fresh nonce per render (docs/threat-model.md, W3), assets only from
// the extension's built webview folder (W4). Only types come from `vscode`, so the unit tests render the page with
// a small stand-in for the webview (test/unit/host/webviewHtml.test.ts).
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

/** 128 bits from the OS CSPRNG, base64: unguessable by content the model controls. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    // Only data: images (pasted thumbnails, data images in replies); remote images are never fetched.
    'img-src data:',
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The display language and its translations (`vscode.l10n.bundle`; undefined for English). */
export interface PageLanguage {
  language: string;
  bundle?: Record<string, unknown>;
}

/** Text safe inside a double-quoted attribute. */
function attribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The page for `webview`; `assetsRoot` is the built webview folder (the view's only local resource root). The
 * translations ride on #app as data, not in a script, so the CSP's one nonce'd script stays the only script.
 */
export function renderWebviewHtml(
  webview: Pick<vscode.Webview, 'cspSource' | 'asWebviewUri'>,
  assetsRoot: vscode.Uri,
  page: PageLanguage = { language: 'en' },
): string {
  const asset = (name: string) =>
    webview.asWebviewUri(assetsRoot.with({ path: `${assetsRoot.path}/${name}` })).toString();
  const nonce = makeNonce();
  return `<!DOCTYPE html>
<html lang="${attribute(page.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(webview.cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('codicon.css')}">
<link rel="stylesheet" href="${asset('main.css')}">
<title>Claude</title>
</head>
<body>
<div id="app" class="app"${page.bundle ? ` data-l10n="${attribute(JSON.stringify(page.bundle))}"` : ''}></div>
<script nonce="${nonce}" src="${asset('main.js')}"></script>
</body>
</html>`;
}

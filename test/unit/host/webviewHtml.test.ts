// docs/threat-model.md, W3: the webview page's CSP and its per-render nonce, rendered with a small stand-in for
// VS Code's webview (the page builder takes only the webview's cspSource and asWebviewUri).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { renderWebviewHtml } from '../../../src/host/view/webviewHtml';

/** A file URI as far as the page builder uses one: its path, with(), toString(). */
function uri(path: string): vscode.Uri {
  return {
    path,
    with: (change: { path?: string }) => uri(change.path ?? path),
    toString: () => `file://${path}`,
  } as unknown as vscode.Uri;
}

const webview = {
  cspSource: 'https://webview.test',
  asWebviewUri: (u: vscode.Uri) => uri(`/resource${u.path}`),
};

function parts(html: string) {
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
  return { csp, nonce, scripts };
}

describe('renderWebviewHtml (W3)', () => {
  it('every render has its own 128-bit nonce, on the one script and in the CSP', () => {
    const renders = Array.from({ length: 20 }, () =>
      parts(renderWebviewHtml(webview, uri('/ext/dist/webview'))),
    );
    const nonces = renders.map((r) => r.nonce);
    assert.equal(new Set(nonces).size, nonces.length, 'a nonce repeated across renders');
    for (const r of renders) {
      assert.equal(Buffer.from(r.nonce, 'base64').length, 16);
      assert.deepEqual(r.scripts, [` nonce="${r.nonce}" src="file:///resource/ext/dist/webview/main.js"`]);
    }
  });

  it("the CSP allows nothing beyond the nonce script, the webview's own styles and fonts, and data: images", () => {
    const { csp, nonce } = parts(renderWebviewHtml(webview, uri('/ext/dist/webview')));
    assert.equal(
      csp,
      [
        "default-src 'none'",
        'style-src https://webview.test',
        'font-src https://webview.test',
        'img-src data:',
        `script-src 'nonce-${nonce}'`,
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; '),
    );
  });

  it('assets come from the built webview folder only', () => {
    const html = renderWebviewHtml(webview, uri('/ext/dist/webview'));
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(refs, [
      'file:///resource/ext/dist/webview/codicon.css',
      'file:///resource/ext/dist/webview/main.css',
      'file:///resource/ext/dist/webview/main.js',
    ]);
  });
});

describe('renderWebviewHtml: the display language', () => {
  it('sets the page language and carries the bundle on #app, escaped, with no second script', () => {
    const bundle = { 'Say "hi" <b>': '说“你好” <b> & {0}' };
    const html = renderWebviewHtml(webview, uri('/ext/dist/webview'), { language: 'zh-cn', bundle });
    assert.match(html, /<html lang="zh-cn">/);
    const attr = /<div id="app" class="app" data-l10n="([^"]*)"><\/div>/.exec(html)?.[1];
    assert.ok(attr, 'no data-l10n on #app');
    assert.doesNotMatch(attr, /[<>]/);
    const decoded = attr
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    assert.deepEqual(JSON.parse(decoded), bundle);
    assert.equal(parts(html).scripts.length, 1);
  });
  it('English: no bundle on the page', () => {
    const html = renderWebviewHtml(webview, uri('/ext/dist/webview'));
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<div id="app" class="app"><\/div>/);
  });
});

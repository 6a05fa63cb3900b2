// Runs the real renderer in headless Chromium: bundles src/webview/render with esbuild (in memory) and loads it
// into a blank page. Pages get no CSP on purpose, so a payload that slipped through would really run or fetch.
import { chromiumArgs } from '../../run/codeServer.mjs';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import type { MarkdownHooks, StreamingMarkdown } from '../../../src/webview/render/streamingMarkdown';

const renderDir = fileURLToPath(new URL('../../../src/webview/render/', import.meta.url));

const ENTRY = `
import { StreamingMarkdown } from './streamingMarkdown';
import { sanitizeHtml } from './sanitize';
const calls = [];
const hooks = {
  onLink: (href) => calls.push({ type: 'link', href }),
  onCodeAction: (action, code, language) => calls.push({ type: 'code', action, code, language }),
};
window.md = { StreamingMarkdown, hooks, calls, sanitizeHtml };
// A new, listener-free container in place of the old one, so instances of earlier tests cannot react to clicks.
window.fresh = (id) => {
  const next = document.createElement('div');
  next.id = id;
  document.getElementById(id).replaceWith(next);
  return next;
};
// Functions passed to page.evaluate are compiled by tsx with esbuild's keepNames, which calls this helper.
window.__name = (fn) => fn;
`;

let bundle: Promise<string> | undefined;

/** The renderer bundle as an IIFE script (built once per process). */
export function rendererScript(): Promise<string> {
  bundle ??= esbuild
    .build({
      stdin: { contents: ENTRY, resolveDir: renderDir, loader: 'ts' },
      bundle: true,
      format: 'iife',
      target: 'chrome120',
      write: false,
      logLevel: 'error',
    })
    .then((r) => r.outputFiles[0]!.text);
  return bundle;
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
}

/** A page holding two empty containers (#a, #b) and the renderer as window.md. */
export async function rendererPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 500, height: 800 } });
  await page.setContent('<!doctype html><html><body><div id="a"></div><div id="b"></div></body></html>');
  await page.addScriptTag({ content: await rendererScript() });
  return page;
}

export interface RendererHooksRecord {
  type: 'link' | 'code';
  href?: string;
  action?: 'copy' | 'insert' | 'newFile';
  code?: string;
  language?: string;
}

declare global {
  interface Window {
    md: {
      StreamingMarkdown: typeof StreamingMarkdown;
      hooks: MarkdownHooks;
      calls: RendererHooksRecord[];
      sanitizeHtml(html: string): DocumentFragment;
    };
    fresh(id: 'a' | 'b'): HTMLElement;
    __pwned?: number;
  }
}

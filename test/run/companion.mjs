// Test-only companion extensions: bundled with esbuild, packaged with vsce, installed next to the real
// .vsix in code-server, where they run code inside the extension host and report through a file.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, startCodeServer } from './codeServer.mjs';

const repo = resolve(import.meta.dirname, '..', '..');

/** Bundles test code that runs inside the extension host (cjs, `vscode` external, mocha included). */
export function bundleForExtensionHost(entry, outfile) {
  return esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
    // mocha's parallel mode resolves a worker file; suites here run serially, so it is never loaded.
    logOverride: { 'require-resolve-not-external': 'silent' },
  });
}

/** Builds a companion .vsix from one TypeScript entry that exports `activate`. */
/** `contributes`: manifest contributions the companion needs (a language-model tool, say). */
export async function buildCompanion({ name, entry, displayName, contributes }) {
  const dir = join(repo, '.cache', 'companions', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await bundleForExtensionHost(join(repo, entry), join(dir, 'dist/companion.js'));
  const manifest = {
    name,
    displayName,
    description: 'Test-only companion for Claude Messages.',
    version: '0.0.1',
    publisher: 'claude-messages',
    license: 'MIT',
    private: true,
    engines: { vscode: '^1.90.0' },
    main: './dist/companion.js',
    activationEvents: ['onStartupFinished'],
    capabilities: { untrustedWorkspaces: { supported: true } },
    ...(contributes ? { contributes } : {}),
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'README.md'), `# ${displayName}\n\nTest-only companion extension.\n`);
  writeFileSync(join(dir, 'LICENSE'), readFileSync(join(repo, 'LICENSE')));
  writeFileSync(join(dir, '.vscodeignore'), '**\n!dist/companion.js\n!package.json\n!README.md\n!LICENSE\n');
  const out = join(repo, '.cache', 'companions', `${name}.vsix`);
  execFileSync(
    process.execPath,
    [
      join(repo, 'node_modules/@vscode/vsce/vsce'),
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--out',
      out,
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return out;
}

/**
 * The UI bridge: code in the extension host cannot type into VS Code's own input boxes (a password box of
 * "Claude: Set API Key", say) or see and click a notification, so a suite writes `<bridge>.request` and the harness
 * does it in the browser: `{ id, fill }` types into the open input box and presses Enter, `{ id, see }` waits until
 * the text is on screen, `{ id, click }` clicks the button of that name. It answers in `<bridge>.done`
 * ({ id, error? }). See test/integration/uiBridge.ts.
 */
async function serveUiRequest(page, bridge) {
  const requestFile = `${bridge}.request`;
  if (!existsSync(requestFile)) return;
  const request = JSON.parse(readFileSync(requestFile, 'utf8'));
  rmSync(requestFile, { force: true });
  let error;
  try {
    if (request.fill !== undefined) {
      const input = page.locator('.quick-input-widget input:visible').first();
      await input.waitFor({ state: 'visible', timeout: 30_000 });
      await input.fill(request.fill);
      await input.press('Enter');
    } else if (request.see !== undefined) {
      await page.getByText(request.see).first().waitFor({ state: 'visible', timeout: 30_000 });
    } else if (request.click !== undefined) {
      await page.getByRole('button', { name: request.click, exact: true }).first().click({ timeout: 30_000 });
    }
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  writeFileSync(`${bridge}.done.tmp`, JSON.stringify({ id: request.id, error }));
  renameSync(`${bridge}.done.tmp`, `${bridge}.done`);
}

/**
 * Starts code-server with the given extensions, connects a browser window (which starts the extension
 * host), and waits for the companion to write `resultsFile`. Returns the parsed results. With `uiBridge` (a path
 * prefix, also given to the extension host in `env`), it serves the suites' requests to type into input boxes.
 */
export async function runCompanion({
  vsixes,
  env,
  trust = true,
  resultsFile,
  chromiumPath,
  timeoutMs = 180_000,
  uiBridge,
}) {
  rmSync(resultsFile, { force: true });
  if (uiBridge) for (const f of ['request', 'done']) rmSync(`${uiBridge}.${f}`, { force: true });
  const cs = await startCodeServer({
    vsixes,
    trust,
    files: { 'README.md': '# test workspace\n' },
    env: { ANTHROPIC_API_KEY: '', ANTHROPIC_AUTH_TOKEN: '', ANTHROPIC_BASE_URL: '', ...env },
  });
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    await page.goto(cs.workbenchUrl);
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(resultsFile)) {
      if (uiBridge) await serveUiRequest(page, uiBridge);
      if (Date.now() > deadline)
        throw new Error(`no results after ${timeoutMs} ms\n${cs.output().slice(-5000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    return JSON.parse(readFileSync(resultsFile, 'utf8'));
  } finally {
    await browser.close();
    await cs.stop();
  }
}

// Real VS Code for tests and `npm start`: code-server (VS Code served to a browser) on 127.0.0.1 with
// throwaway folders, the packaged .vsix installed into it (README: "How the tests run real VS Code offline").
// Everything started here is stopped by `stop()`, and on exit or signal as a last resort.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { registerLanguagePack, standInLanguagePack } from './languagePack.mjs';

const repo = resolve(import.meta.dirname, '..', '..');
const running = new Set();

function stopAll() {
  for (const s of running) s.stopSync();
}
process.on('exit', stopAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    stopAll();
    process.exit(130);
  });
}

/** Runs scripts/provision.sh (idempotent, cached) and returns the paths it prints. */
export function provision() {
  let out;
  try {
    out = execFileSync('bash', [join(repo, 'scripts', 'provision.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  } catch (e) {
    // provision.sh has printed what went wrong and its fix on stderr (its [provision] ERROR line).
    throw new Error(`provisioning failed (exit ${e.status ?? e.signal}): see the [provision] lines above`, {
      cause: e,
    });
  }
  const env = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  for (const k of ['NODE24', 'CODE_SERVER_ENTRY', 'CHROMIUM_PATH']) {
    if (!env[k]) throw new Error(`provision.sh did not print ${k}`);
  }
  return env;
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/**
 * Starts code-server with the given .vsix files installed.
 * @param {{ vsixes: string[], settings?: object, env?: Record<string,string>, files?: Record<string,string|Uint8Array>,
 *   trust?: boolean, port?: number, workspace?: string, keep?: boolean, log?: (line: string) => void,
 *   locale?: string }} options
 *   `locale`: VS Code's display language (code-server's --locale), e.g. 'zh-cn', with a stand-in language pack
 *   installed so VS Code takes it (test/run/languagePack.mjs).
 */
export async function startCodeServer(options) {
  const tools = provision();
  const root = mkdtempSync(join(tmpdir(), 'claude-messages-cs-'));
  const userData = join(root, 'user-data');
  const extensions = join(root, 'extensions');
  const workspace = options.workspace ?? join(root, 'workspace');
  mkdirSync(join(userData, 'User'), { recursive: true });
  mkdirSync(extensions, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    const file = join(workspace, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content);
  }
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'chat.disableAIFeatures': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'always',
        'window.restoreWindows': 'none',
        ...options.settings,
      },
      null,
      2,
    ),
  );

  const baseArgs = [
    tools.CODE_SERVER_ENTRY,
    '--user-data-dir',
    userData,
    '--extensions-dir',
    extensions,
    '--disable-telemetry',
    '--disable-update-check',
  ];
  const vsixes = [...options.vsixes];
  const pack =
    options.locale && options.locale !== 'en' ? standInLanguagePack(options.locale, root) : undefined;
  if (pack) vsixes.push(pack);
  for (const vsix of vsixes) {
    execFileSync(tools.NODE24, [...baseArgs, '--install-extension', resolve(vsix), '--force'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PATH: `${join(tools.NODE24, '..')}:${process.env.PATH}` },
    });
  }

  if (pack) registerLanguagePack(options.locale, { userData, extensions });

  const port = options.port ?? (await freePort());
  const args = [
    ...baseArgs,
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-getting-started-override',
  ];
  if (options.locale) args.push('--locale', options.locale);
  if (options.trust !== false) args.push('--disable-workspace-trust');
  args.push(workspace);
  const child = spawn(tools.NODE24, args, {
    env: {
      ...process.env,
      ...options.env,
      PATH: `${join(tools.NODE24, '..')}:${process.env.PATH}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output = [];
  const onData = (d) => {
    const text = d.toString();
    output.push(text);
    if (output.length > 2000) output.splice(0, 1000);
    options.log?.(text);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);

  let stopped = false;
  const handle = {
    url: `http://127.0.0.1:${port}`,
    workbenchUrl: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`,
    port,
    root,
    workspace,
    userData,
    extensions,
    output: () => output.join(''),
    stopSync() {
      if (stopped) return;
      stopped = true;
      running.delete(handle);
      try {
        process.kill(-child.pid, 'SIGKILL'); // the whole group: code-server forks the extension host
      } catch {
        /* already gone */
      }
      if (!options.keep) rmSync(root, { recursive: true, force: true });
    },
    async stop() {
      if (stopped) return;
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      handle.stopSync();
    },
  };
  running.add(handle);

  const exitedEarly = new Promise((_, reject) =>
    child.once('exit', (code) =>
      reject(new Error(`code-server exited (${code}) before serving:\n${handle.output()}`)),
    ),
  );
  await Promise.race([waitForHttp(`${handle.url}/healthz`, 60_000), exitedEarly]);
  return handle;
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
      last = new Error(`HTTP ${r.status}`);
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms: ${last}`);
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function vsixPath() {
  const p = join(repo, 'claude-messages.vsix');
  if (!existsSync(p)) throw new Error(`${p} is missing: run \`npm run package\` first`);
  return p;
}

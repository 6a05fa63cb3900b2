// `npm start`: build, package, install into code-server and serve a real VS Code on 127.0.0.1 with a
// sample workspace. With no key in the environment, a local stand-in endpoint answers instead of Anthropic
// (clearly labelled: its replies are scripted or echo your message). Runs until interrupted.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { startCodeServer, vsixPath } from '../test/run/codeServer.mjs';

const repo = resolve(import.meta.dirname, '..');

const pkg = spawnSync('npm', ['run', 'package', '--silent'], {
  cwd: repo,
  stdio: ['ignore', 'ignore', 'inherit'],
});
if (pkg.status !== 0) process.exit(pkg.status ?? 1);

const env = {};
let endpoint;
if (!process.env.ANTHROPIC_API_KEY && !process.env.ANTHROPIC_AUTH_TOKEN) {
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
  console.log(`\nNo ANTHROPIC_API_KEY or ANTHROPIC_AUTH_TOKEN: using the LOCAL STAND-IN endpoint at ${url}.`);
  console.log('Its replies are scripted or echo your message; they do not come from Claude.');
}

// The sample workspace is copied, so whatever you or Claude change in it never touches the repository.
const workspace = join(mkdtempSync(join(tmpdir(), 'claude-messages-sample-')), 'sample');
cpSync(join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });

const cs = await startCodeServer({
  vsixes: [vsixPath()],
  workspace,
  env,
  port: process.env.PORT ? Number(process.env.PORT) : undefined,
  settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' },
});
console.log(`\nVS Code with Claude Messages: ${cs.workbenchUrl}`);
console.log('Open the Claude icon in the activity bar. Press Ctrl+C to stop.\n');

const stop = async () => {
  await cs.stop();
  endpoint?.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

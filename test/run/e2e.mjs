// Runs the Playwright end-to-end suite against the packaged .vsix in code-server.
// Provisioning happens first so its progress is visible and its cost is not charged to a test's timeout.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { provision, vsixPath } from './codeServer.mjs';

vsixPath();
const tools = provision();
mkdirSync('test-results/screenshots', { recursive: true });
const r = spawnSync(
  process.execPath,
  [
    'node_modules/@playwright/test/cli.js',
    'test',
    '--config',
    'test/e2e/playwright.config.ts',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: tools.CHROMIUM_PATH } },
);
process.exit(r.status ?? 1);

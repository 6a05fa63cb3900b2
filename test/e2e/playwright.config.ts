// End-to-end tests: the packaged .vsix in real VS Code (code-server), driven through Debian's Chromium.
// One worker: each code-server is a whole VS Code, and the machine has two cores.
import { defineConfig } from '@playwright/test';
import { chromiumArgs } from '../run/codeServer.mjs';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results/e2e',
  workers: 1,
  fullyParallel: false,
  // Under CI (CI=1, set by .ci/run) a failed test gets one retry; one that passes only then is reported as FLAKY.
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [
    ['list'],
    ['html', { outputFolder: '../../test-results/e2e-report', open: 'never' }],
    // Last, so its FLAKY: lines come after the summary.
    ['../run/flakyReporter.mjs'],
  ],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
  },
});

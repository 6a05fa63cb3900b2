// Runs the Mocha suites inside a real extension host. Used two ways: by the companion test extension
// under code-server (CI here), and as `extensionTestsPath` under @vscode/test-electron (machines that can
// download VS Code). Suites are imported after Mocha installs its globals.
import Mocha from 'mocha';
import { recordStartState } from './extensionUnderTest';

export interface SuiteResult {
  passed: number;
  failed: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
}

export async function runSuites(): Promise<SuiteResult> {
  recordStartState();
  const mocha = new Mocha({ ui: 'tdd', timeout: 30_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'integration', mocha);
  await import('./suites/activation.test');
  await import('./suites/settings.test');
  await import('./suites/trust.test');
  await import('./suites/connection.test');
  await import('./suites/network.test');
  await import('./suites/languageModels.test');
  await import('./suites/workspaceSettings.test');
  await import('./suites/webviewMessages.test');
  await import('./suites/externalTools.test');

  const result: SuiteResult = { passed: 0, failed: 0, tests: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => {
      result.passed++;
      result.tests.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration });
    });
    runner.on('fail', (t, err: Error) => {
      result.failed++;
      result.tests.push({
        title: t.fullTitle(),
        state: 'failed',
        error: `${err.message}\n${err.stack ?? ''}`,
      });
    });
    runner.on('pending', (t) => result.tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
  return result;
}

/** The @vscode/test-electron entry point: rejects when a test failed. */
export async function run(): Promise<void> {
  const r = await runSuites();
  if (r.failed > 0 || r.passed === 0)
    throw new Error(`${r.failed} integration test(s) failed, ${r.passed} passed`);
}

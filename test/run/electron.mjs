// The same integration suites under @vscode/test-electron, for machines that can download VS Code.
// CI here has no such download; it runs them under code-server (test/run/integration.mjs).
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { bundleForExtensionHost } from './companion.mjs';

const repo = resolve(import.meta.dirname, '..', '..');
const out = join(repo, '.cache', 'integration', 'electron', 'index.js');
await bundleForExtensionHost(join(repo, 'test/integration/runner.ts'), out);
execFileSync(process.execPath, ['esbuild.mjs'], { cwd: repo, stdio: 'inherit' });
try {
  await runTests({
    extensionDevelopmentPath: repo,
    extensionTestsPath: out,
    launchArgs: [
      join(repo, 'test', 'fixtures', 'workspace'),
      '--disable-extensions',
      '--disable-workspace-trust',
    ],
    extensionTestsEnv: { CLAUDE_MESSAGES_EXPECT_TRUSTED: '1' },
  });
} catch (e) {
  console.error(`test-electron failed: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}

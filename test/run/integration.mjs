// In-host integration suites under code-server: a companion test extension runs the Mocha suites inside the
// real extension host and reports back through a file. Run twice: trusted, and in Restricted Mode.
import { join, resolve } from 'node:path';
import { provision, vsixPath } from './codeServer.mjs';
import { buildCompanion, runCompanion } from './companion.mjs';

const repo = resolve(import.meta.dirname, '..', '..');
const tools = provision();
const companion = await buildCompanion({
  name: 'claude-messages-integration-tests',
  displayName: 'Claude Messages integration tests',
  entry: 'test/integration/companion/extension.ts',
  // The language-model tool the companion registers (test/integration/testTool.ts).
  contributes: {
    languageModelTools: [
      {
        name: 'claude_messages_test_probe',
        displayName: 'Claude Messages test probe',
        modelDescription: 'Returns what it was given, with an image. Test only.',
        tags: ['claude-messages-test'],
        inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
    ],
  },
});

let passed = 0;
let failed = 0;
for (const trust of [true, false]) {
  const label = trust ? 'trusted' : 'restricted';
  console.log(`\nintegration (${label} workspace)`);
  const resultsFile = join(repo, '.cache', `integration-${label}.json`);
  const uiBridge = join(repo, '.cache', `integration-${label}-ui`);
  const r = await runCompanion({
    vsixes: [vsixPath(), companion],
    trust,
    resultsFile,
    uiBridge,
    chromiumPath: tools.CHROMIUM_PATH,
    env: {
      CLAUDE_MESSAGES_INTEGRATION_RESULTS: resultsFile,
      CLAUDE_MESSAGES_EXPECT_TRUSTED: trust ? '1' : '0',
      CLAUDE_MESSAGES_UI_BRIDGE: uiBridge,
      // The extension's test seam (src/host/testHooks.ts): registered only when this is set.
      CLAUDE_MESSAGES_TEST_HOOKS: '1',
      // A real MCP server from npm for the MCP suite, started with the extension host's own Node.
      CLAUDE_MESSAGES_MCP_EVERYTHING: join(
        repo,
        'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
      ),
    },
  });
  for (const t of r.tests) {
    const mark = t.state === 'passed' ? '✔' : t.state === 'failed' ? '✘' : '-';
    console.log(`  ${mark} ${t.title}${t.durationMs !== undefined ? ` (${t.durationMs} ms)` : ''}`);
    if (t.error) console.log(`      ${t.error.split('\n').slice(0, 8).join('\n      ')}`);
  }
  passed += r.passed;
  failed += r.failed;
}
console.log(`\nintegration: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);

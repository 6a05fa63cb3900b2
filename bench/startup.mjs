// Start-up cost (performance.md section 4): bundle and package sizes, and require() + activate() of the
// bundled extension timed inside the real extension host (code-server). Target: median under 30 ms.
import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { provision, vsixPath } from '../test/run/codeServer.mjs';
import { buildCompanion, runCompanion } from '../test/run/companion.mjs';

const repo = resolve(import.meta.dirname, '..');
const kb = (p) => statSync(join(repo, p)).size / 1024;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const tools = provision();
const vsix = vsixPath();
const companion = await buildCompanion({
  name: 'claude-messages-startup-bench',
  displayName: 'Claude Messages start-up bench',
  entry: 'bench/startup/companion.ts',
});
const resultsFile = join(repo, '.cache', 'startup-bench.json');
const r = await runCompanion({
  vsixes: [vsix, companion],
  resultsFile,
  chromiumPath: tools.CHROMIUM_PATH,
  env: { CLAUDE_MESSAGES_BENCH_RESULTS: resultsFile },
});
if (r.error || r.errors?.length || !r.samples?.length) {
  console.error('start-up bench failed:', r.error ?? r.errors);
  process.exit(1);
}

const result = {
  hostBundleKB: +kb('dist/extension.js').toFixed(1),
  webviewBundleKB: +kb('dist/webview/main.js').toFixed(1),
  vsixKB: +(statSync(vsix).size / 1024).toFixed(1),
  coldActivateMs: +r.samples[0].toFixed(2),
  vscodeActivationMs: +r.vscodeActivationMs.toFixed(2),
  firstUseMs: +r.firstUseMs.toFixed(2),
  activateMedianMs: +median(r.samples).toFixed(2),
  activateP90Ms: +[...r.samples].sort((a, b) => a - b)[Math.floor(r.samples.length * 0.9)].toFixed(2),
  runs: r.samples.length,
};
const budgets = [
  ['host bundle', result.hostBundleKB, 200, 'KB'],
  ['webview bundle', result.webviewBundleKB, 400, 'KB'],
  ['vsix', result.vsixKB, 1024, 'KB'],
  ['require()+activate() median', result.activateMedianMs, 30, 'ms'],
];
console.log('\nstart-up and size');
console.log('  what                            value      budget');
for (const [name, v, budget, unit] of budgets) {
  console.log(
    `  ${name.padEnd(30)} ${String(v).padStart(8)} ${unit}  < ${budget} ${unit} ${v < budget ? 'ok' : 'OVER'}`,
  );
}
console.log(
  `  cold require()+activate()      ${String(result.coldActivateMs).padStart(8)} ms (first run, nothing compiled yet)`,
);
console.log(
  `  first command (loads the app)  ${String(result.firstUseMs).padStart(8)} ms (once, on first use; not part of activation)`,
);
console.log(
  `  activation by VS Code          ${String(result.vscodeActivationMs).padStart(8)} ms (ext.activate(), includes the host's own work)`,
);
mkdirSync(join(repo, 'bench', 'results'), { recursive: true });
writeFileSync(join(repo, 'bench', 'results', 'startup.json'), JSON.stringify(result, null, 2) + '\n');
process.exit(budgets.every(([, v, b]) => v < b) ? 0 : 1);

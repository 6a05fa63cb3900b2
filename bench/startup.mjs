// Start-up cost: bundle and package sizes, require() + activate() of the bundled extension timed inside the real
// extension host (code-server), and the one-off load on first use (the first command). Budgets (bench/budgets.mjs):
// activate median under 30 ms, first use under 150 ms. Writes bench/results/startup.json; `npm run bench` judges.
import { statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { provision, vsixPath } from '../test/run/codeServer.mjs';
import { budget, limitText, verdict } from './budgets.mjs';
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
const judged = ['hostBundleKB', 'webviewBundleKB', 'vsixKB', 'activateMedianMs', 'firstUseMs'].map(budget);
console.log('\nstart-up and size');
console.log('  what                             value        budget');
for (const b of judged) {
  const v = result[b.id];
  console.log(
    `  ${b.name.padEnd(31)} ${String(v).padStart(8)} ${b.unit.padEnd(3)} ${limitText(b).padEnd(10)} ${verdict(b, v)}`,
  );
}
console.log(
  `  cold require()+activate()      ${String(result.coldActivateMs).padStart(8)} ms (first run, nothing compiled yet)`,
);
console.log(
  `  activation by VS Code          ${String(result.vscodeActivationMs).padStart(8)} ms (ext.activate(), includes the host's own work)`,
);
mkdirSync(join(repo, 'bench', 'results'), { recursive: true });
writeFileSync(join(repo, 'bench', 'results', 'startup.json'), JSON.stringify(result, null, 2) + '\n');

// `npm run bench`: every benchmark, each printing a table and writing bench/results/<name>.json.
// Benchmarks compare side by side in one run (ratios), since this machine is shared and noisy.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const benches = [
  { name: 'startup', file: 'bench/startup.mjs', args: ['bench/startup.mjs'], needsPackage: true },
  { name: 'sse', file: 'bench/sse.ts', args: ['--import', 'tsx', 'bench/sse.ts'] },
  { name: 'render', file: 'bench/render.mjs', args: ['bench/render.mjs'] },
  { name: 'history', file: 'bench/history.mjs', args: ['bench/history.mjs'], needsPackage: true },
  { name: 'lm', file: 'bench/lm.ts', args: ['--import', 'tsx', 'bench/lm.ts'] },
];
const only = process.argv.slice(2);
let failed = [];
for (const b of benches) {
  if (only.length && !only.includes(b.name)) continue;
  if (!existsSync(b.file)) continue;
  if (b.needsPackage)
    spawnSync('npm', ['run', 'package', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`\n=== bench: ${b.name} ===`);
  const r = spawnSync(process.execPath, b.args, { stdio: 'inherit' });
  if (r.status !== 0) failed.push(b.name);
}
if (failed.length) {
  console.error(`\nbenchmarks over budget or failed: ${failed.join(', ')}`);
  process.exit(1);
}

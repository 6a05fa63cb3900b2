// `npm run bench`: every benchmark, each printing its own table and writing bench/results/<name>.json, then one
// summary of every budget (bench/budgets.mjs): its measured value, its limit and a verdict, printed last and
// written to bench/results/summary.json. `npm run bench -- sse render` runs only those benchmarks.
//
// Exit status: 1 when a size or ratio budget is missed by a wide margin (a ratio only if a second run of its bench
// misses too), or a benchmark broke (its figures are then missing: ERROR); absolute times never fail the run (see
// bench/budgets.mjs for why).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { BUDGETS, WIDE_MARGIN, budget, limitText, verdict } from './budgets.mjs';

const repo = resolve(import.meta.dirname, '..');
const results = join(repo, 'bench', 'results');

/** Each bench and how its JSON maps to the budgets' ids. */
const benches = [
  {
    name: 'startup',
    args: ['bench/startup.mjs'],
    needsPackage: true,
    figures: (r) => ({
      vsixKB: r.vsixKB,
      webviewBundleKB: r.webviewBundleKB,
      hostBundleKB: r.hostBundleKB,
      activateMedianMs: r.activateMedianMs,
      firstUseMs: r.firstUseMs,
    }),
  },
  {
    name: 'sse',
    args: ['--import', 'tsx', 'bench/sse.ts'],
    figures: (r) => ({
      sseVsSdk: r.minRatioVsSdk,
      firstTextAfterFirstByteMs: r.maxFirstTextAfterRawFirstByteMs,
    }),
    // Every input must reach the ratio: per input the better of the two runs, then the worst input.
    confirm: {
      budget: 'sseVsSdk',
      combine: (a, b) => {
        const key = (i) => `${i.input} ${i.chunkBytes} ${i.transport}`;
        const second = new Map(b.inputs.map((i) => [key(i), i.ratioVsSdk]));
        return Math.min(...a.inputs.map((i) => Math.max(i.ratioVsSdk, second.get(key(i)) ?? i.ratioVsSdk)));
      },
    },
  },
  {
    name: 'render',
    args: ['bench/render.mjs'],
    figures: (r) => ({
      renderFlatness: r.flatnessRatio,
      renderTotalMs100k: r.totalRenderMs100k,
      renderLongTasks: r.longTasksOver50ms,
    }),
    confirm: { budget: 'renderFlatness', combine: (a, b) => Math.min(a.flatnessRatio, b.flatnessRatio) },
  },
  {
    name: 'history',
    args: ['bench/history.mjs'],
    needsPackage: true,
    figures: (r) => ({ historyFirstScreenMs: r.firstScreenMs }),
  },
  {
    name: 'lm',
    args: ['--import', 'tsx', 'bench/lm.ts'],
    // The provider's cost over the client path, per part and to the first part: the worst input with enough parts.
    figures: (r) => {
      const counted = r.rows.filter((row) => row.parts >= r.minPartsForBudget);
      // To the microsecond: finer digits are noise, and they made the summary unreadable.
      const us = (ms) => Math.round(ms * 1000) / 1000;
      return {
        lmOverheadPerPartMs: us(Math.max(...counted.map((row) => row.perPartUs / 1000))),
        lmFirstPartGapMs: us(Math.max(...r.rows.map((row) => row.firstGapMs))),
      };
    },
    confirm: {
      budget: 'lmOverheadPerPartMs',
      combine: (a, b) =>
        Math.min(
          ...[a, b].map((r) =>
            Math.max(
              ...r.rows.filter((row) => row.parts >= r.minPartsForBudget).map((row) => row.perPartUs / 1000),
            ),
          ),
        ),
    },
  },
  {
    name: 'persist',
    args: ['--import', 'tsx', 'bench/persist.ts'],
    figures: (r) => ({ persistSaveMs: r.saveMainThreadMs }),
  },
  {
    name: 'session',
    args: ['--import', 'tsx', 'bench/longSession.ts'],
    figures: (r) => ({
      sessionCompleted: r.completed ? 1 : 0,
      sessionCpuRatio: r.cpuRatio,
      sessionBytesRatio: r.bytesRatio,
      sessionLargestShare: r.largestRequestShare,
    }),
    confirm: { budget: 'sessionCpuRatio', combine: (a, b) => Math.min(a.cpuRatio, b.cpuRatio) },
  },
  {
    name: 'composer',
    args: ['--import', 'tsx', 'bench/composer.ts'],
    figures: (r) => ({ composerFirstSearchMs: r.firstSearchMs, composerLongestBlockMs: r.longestBlockMs }),
  },
];

const only = process.argv.slice(2);
const selected = benches.filter((b) => only.length === 0 || only.includes(b.name));
if (selected.length === 0) {
  console.error(`no such benchmark: ${only.join(', ')} (have: ${benches.map((b) => b.name).join(', ')})`);
  process.exit(1);
}
mkdirSync(results, { recursive: true });

const started = performance.now();
const notes = {};
if (selected.some((b) => b.needsPackage)) {
  console.log('\n=== npm run package (startup and history measure the production build) ===');
  const r = spawnSync('npm', ['run', 'package', '--silent'], {
    cwd: repo,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) notes.package = `npm run package failed (exit ${r.status})`;
}

const figures = {};
const durations = {};
/** Runs one bench; returns its parsed results, or undefined (with a note) when it broke. */
function runBench(b, label = '') {
  const file = join(results, `${b.name}.json`);
  rmSync(file, { force: true }); // a stale file must not stand in for a run that broke
  console.log(`\n=== bench: ${b.name}${label} ===`);
  const t = performance.now();
  const r = spawnSync(process.execPath, b.args, { cwd: repo, stdio: 'inherit' });
  durations[b.name] = (durations[b.name] ?? 0) + Math.round((performance.now() - t) / 1000);
  if (r.status !== 0) notes[b.name] = `exited ${r.status ?? r.signal}`;
  if (!existsSync(file)) {
    notes[b.name] = `${notes[b.name] ?? 'finished'} without writing ${file}`;
    return undefined;
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    notes[b.name] = `unreadable results: ${e instanceof Error ? e.message : e}`;
    return undefined;
  }
}

const confirmed = {};
for (const b of selected) {
  const first = runBench(b);
  if (!first) continue;
  Object.assign(figures, b.figures(first));
  // A ratio is measured side by side, yet on a machine shared with other jobs one contender can still be
  // descheduled more than the other for a whole run (the same input has measured 1.0x and 4.8x within minutes).
  // So a wide miss must reproduce: the bench runs once more and the budget takes the better of the two runs.
  const c = b.confirm;
  if (c && verdict(budget(c.budget), figures[c.budget]) === 'FAIL') {
    const second = runBench(b, ` (again: ${budget(c.budget).name} missed widely; a real regression repeats)`);
    if (second) {
      const value = Math.round(c.combine(first, second) * 100) / 100;
      confirmed[c.budget] = { firstRun: figures[c.budget], bestOfTwo: value };
      figures[c.budget] = value;
    }
  }
}

// The summary: every budget measured by the selected benches.
const sources = new Set(selected.map((b) => b.name));
const rows = BUDGETS.filter((b) => sources.has(b.source)).map((b) => {
  const value = figures[b.id];
  return {
    id: b.id,
    budget: b.name,
    kind: b.kind,
    value: typeof value === 'number' ? value : null,
    unit: b.unit,
    limit: limitText(b),
    verdict: verdict(b, value),
    ...(confirmed[b.id] ? { confirmedBySecondRun: confirmed[b.id] } : {}),
  };
});
const failed = rows.filter((r) => r.verdict === 'FAIL' || r.verdict === 'ERROR');
const summary = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  loadAverage: Number(loadavg()[0].toFixed(1)),
  wideMargin: WIDE_MARGIN,
  durationsSeconds: durations,
  notes,
  budgets: rows,
  passed: failed.length === 0,
};
writeFileSync(join(results, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');

const cells = rows.map((r) => [
  r.budget,
  r.kind,
  r.value === null ? '-' : `${r.value}${r.unit === 'x' ? 'x' : r.unit ? ` ${r.unit}` : ''}`,
  r.limit,
  r.verdict,
]);
const header = ['budget', 'kind', 'measured', 'limit', 'verdict'];
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
const line = (c) => c.map((x, i) => (i === 2 ? x.padStart(widths[i]) : x.padEnd(widths[i]))).join('  ');
console.log(
  `\n=== budgets (${((performance.now() - started) / 60000).toFixed(1)} min; ${cpus().length} cores, load ${summary.loadAverage}) ===`,
);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const c of cells) console.log(line(c));
console.log(
  `verdicts: ok; over = missed, reported (times never fail: shared, noisy machine); warn = soft budget missed;\n` +
    `FAIL = size or ratio missed by more than ${WIDE_MARGIN * 100}% of its limit; ERROR = not measured.`,
);
for (const [id, c] of Object.entries(confirmed))
  console.log(
    `note: ${budget(id).name}: ${c.firstRun} in the first run, ${c.bestOfTwo} the better of two runs`,
  );
for (const [what, note] of Object.entries(notes)) console.log(`note: ${what}: ${note}`);
console.log(`wrote ${join('bench', 'results', 'summary.json')}`);
if (failed.length) {
  console.error(`\nbench FAILED: ${failed.map((r) => `${r.budget} (${r.verdict})`).join(', ')}`);
  process.exit(1);
}

// Every performance budget in one place: `npm run package` checks the size limits, `npm run bench` measures
// everything and ends with one summary table (also bench/results/summary.json). docs/performance.md explains
// what each budget is for.
//
// Four kinds, judged differently because they are measured differently:
// - size: bytes are deterministic. Missed by a wide margin fails the bench run; `npm run package` already fails
//   at the limit itself for the hard ones (VSIX, webview bundle). The host bundle is soft: what users feel is
//   activation time, measured below, so its size only warns.
// - ratio: two contenders measured side by side, on the same input at the same moment, so load on a shared
//   machine hits both alike. Missed by a wide margin fails the run.
// - difference: the same work through two paths side by side (the language-model provider over the chat's own
//   client), judged like a ratio.
// - time: absolute wall-clock figures. These machines are shared and noisy (2 cores, other jobs), so a time is
//   reported with its verdict but never fails the run; a trend over runs is what to look at.

/**
 * How far past its limit a size or ratio budget may land before the bench run fails: 25% of the limit. Ratios
 * measured side by side still move by 10-20% between runs on a quiet machine (one contender is descheduled more
 * than the other), and a change that lands just over a size line should be seen ("over") before it blocks anyone;
 * a miss beyond 25% is a regression, not noise. Upper limits fail above limit x 1.25, lower limits below
 * limit x 0.75. With other jobs on the machine a ratio can move far more, so bench/run.mjs runs a bench again
 * before a wide ratio miss counts.
 */
export const WIDE_MARGIN = 0.25;

/**
 * `better`: 'lower' (value must stay below `limit`) or 'higher' (value must reach at least `limit`).
 * `soft`: a miss only warns, whatever the margin. `source`: the bench that measures it.
 */
export const BUDGETS = [
  {
    id: 'vsixKB',
    name: 'VSIX size',
    kind: 'size',
    better: 'lower',
    limit: 1024,
    unit: 'KB',
    source: 'startup',
  },
  {
    id: 'webviewBundleKB',
    name: 'webview bundle',
    kind: 'size',
    better: 'lower',
    limit: 400,
    unit: 'KB',
    source: 'startup',
  },
  {
    id: 'hostBundleKB',
    name: 'host bundle (soft)',
    kind: 'size',
    better: 'lower',
    limit: 400,
    unit: 'KB',
    soft: true,
    source: 'startup',
  },
  {
    id: 'renderFlatness',
    name: 'render per-update cost, 100K / 1K',
    kind: 'ratio',
    better: 'lower',
    limit: 1.5,
    unit: 'x',
    source: 'render',
  },
  {
    id: 'sseVsSdk',
    name: 'SSE client / SDK messages.stream() (worst input)',
    kind: 'ratio',
    better: 'higher',
    limit: 2,
    unit: 'x',
    source: 'sse',
  },
  {
    id: 'lmOverheadPerPartMs',
    name: 'language-model provider overhead per part',
    kind: 'difference',
    better: 'lower',
    limit: 1,
    inclusive: true,
    unit: 'ms',
    source: 'lm',
  },
  {
    id: 'lmFirstPartGapMs',
    name: 'language-model provider, first part after client',
    kind: 'time',
    better: 'lower',
    limit: 5,
    inclusive: true,
    unit: 'ms',
    source: 'lm',
  },
  {
    id: 'sessionCompleted',
    name: 'long session: 200 rounds in a 50K window run to the end',
    kind: 'size',
    better: 'higher',
    limit: 1,
    unit: '',
    source: 'session',
  },
  {
    id: 'sessionCpuRatio',
    name: 'long session: CPU per round, round 200 / round 10',
    kind: 'ratio',
    better: 'lower',
    limit: 1.5,
    inclusive: true,
    unit: 'x',
    source: 'session',
  },
  {
    id: 'sessionBytesRatio',
    name: 'long session: bytes saved per round, round 200 / round 10',
    kind: 'ratio',
    better: 'lower',
    limit: 1.5,
    inclusive: true,
    unit: 'x',
    source: 'session',
  },
  {
    id: 'sessionLargestShare',
    name: 'long session: largest request / window',
    kind: 'size',
    better: 'lower',
    limit: 1,
    inclusive: true,
    unit: '',
    source: 'session',
  },
  {
    id: 'persistSaveMs',
    name: 'save while streaming, 50 MB conversation (main thread)',
    kind: 'time',
    better: 'lower',
    limit: 5,
    unit: 'ms',
    source: 'persist',
  },
  {
    id: 'activateMedianMs',
    name: 'require()+activate() median',
    kind: 'time',
    better: 'lower',
    limit: 30,
    unit: 'ms',
    source: 'startup',
  },
  {
    id: 'firstUseMs',
    name: 'first-use load (first command)',
    kind: 'time',
    better: 'lower',
    limit: 150,
    unit: 'ms',
    source: 'startup',
  },
  {
    id: 'historyFirstScreenMs',
    name: '500-turn history, first screen',
    kind: 'time',
    better: 'lower',
    limit: 300,
    unit: 'ms',
    source: 'history',
  },
  {
    id: 'renderTotalMs100k',
    name: 'render total CPU, 100K reply',
    kind: 'time',
    better: 'lower',
    limit: 1000,
    unit: 'ms',
    source: 'render',
  },
  {
    id: 'renderLongTasks',
    name: 'long tasks > 50 ms while streaming',
    kind: 'time',
    better: 'lower',
    limit: 0,
    inclusive: true,
    unit: '',
    source: 'render',
  },
  {
    id: 'firstTextAfterFirstByteMs',
    name: 'time to first text after raw first byte',
    kind: 'time',
    better: 'lower',
    limit: 1,
    inclusive: true,
    unit: 'ms',
    source: 'sse',
  },
  {
    id: 'composerFirstSearchMs',
    name: '@ suggestions, 100K files: first search',
    kind: 'time',
    better: 'lower',
    limit: 150,
    unit: 'ms',
    source: 'composer',
  },
  {
    id: 'composerLongestBlockMs',
    name: '@ file index build, longest block',
    kind: 'time',
    better: 'lower',
    limit: 50,
    unit: 'ms',
    source: 'composer',
  },
];

/** Looks a budget up by id (throws on a typo, so a renamed budget cannot silently go unchecked). */
export function budget(id) {
  const b = BUDGETS.find((x) => x.id === id);
  if (!b) throw new Error(`no budget named ${id}`);
  return b;
}

/** True when the value meets the budget (`inclusive`: the limit itself is allowed). */
export function meets(b, value) {
  if (b.better === 'lower') return b.inclusive ? value <= b.limit : value < b.limit;
  return value >= b.limit;
}

/**
 * The verdict on one measured value:
 *   ok     the budget is met
 *   over   missed, within the wide margin (size, ratio) or a time (never fails); printed, does not fail
 *   warn   a soft budget missed
 *   FAIL   a size or ratio budget missed by more than WIDE_MARGIN: the bench run fails
 *   ERROR  not measured (its bench crashed or did not write the figure): the bench run fails
 */
export function verdict(b, value) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'ERROR';
  if (meets(b, value)) return 'ok';
  if (b.soft) return 'warn';
  if (b.kind === 'time') return 'over';
  const wide =
    b.better === 'lower' ? value > b.limit * (1 + WIDE_MARGIN) : value < b.limit * (1 - WIDE_MARGIN);
  return wide ? 'FAIL' : 'over';
}

/** The limit as text: `< 400 KB`, `>= 2x`, `<= 0`. */
export function limitText(b) {
  const op = b.better === 'higher' ? '>=' : b.inclusive ? '<=' : '<';
  return `${op} ${b.limit}${b.unit === 'x' ? 'x' : b.unit ? ` ${b.unit}` : ''}`;
}

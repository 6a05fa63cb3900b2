// Render benchmark (performance.md section 3): the webview's incremental markdown renderer against a full
// re-parse on every update, both in real headless Chromium, replaying a generated reply in 20-char deltas.
// Writes bench/results/render.json and exits non-zero when a target is missed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { generateReply } from './render/reply.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LENGTHS = (process.env.RENDER_BENCH_LENGTHS ?? '1000,10000,100000,200000').split(',').map(Number);
const DELTA = 20;
/** Updates measured at the end of each reply length: the cost of one update when the reply is that long. */
const WINDOW = 50;
const NAIVE_SAMPLES = { 1000: 50, 10000: 50, 100000: 15, 200000: 8 };
const WARMUP = generateReply(20000, 99);
const RUNS = Number(process.env.RENDER_BENCH_RUNS ?? 3);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const bundle = await esbuild.build({
  entryPoints: [join(here, 'render/entry.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'chrome120',
  write: false,
  logLevel: 'error',
});
const script = bundle.outputFiles[0].text;

// Roughly the sidebar: a narrow column, code blocks scrolling horizontally, as the real stylesheet does.
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
body { width: 380px; font: 13px sans-serif; margin: 0; }
pre { overflow-x: auto; } table { border-collapse: collapse; } td, th { border: 1px solid #888; }
.md-code-toolbar { display: flex; gap: 4px; }
</style></head><body><div id="out"></div></body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

async function threadTime(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'ThreadTime').value * 1000;
}

// Served (through the request interceptor, nothing listens) as a cross-origin-isolated page: only then does
// Chromium give performance.now() 5 us resolution instead of 100 us, which matters for sub-millisecond updates.
const ORIGIN = 'http://127.0.0.1:9';
async function freshPage() {
  const page = await browser.newPage({ viewport: { width: 400, height: 800 } });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/`) {
      return route.fulfill({
        status: 200,
        contentType: 'text/html',
        headers: {
          'Cross-Origin-Opener-Policy': 'same-origin',
          'Cross-Origin-Embedder-Policy': 'require-corp',
        },
        body: PAGE.replace(
          '</body>',
          `<script>${script.replace(/<\/script/gi, '<\\/script')}</script></body>`,
        ),
      });
    }
    return route.abort();
  });
  await page.goto(`${ORIGIN}/`);
  if (!(await page.evaluate(() => window.crossOriginIsolated)))
    console.warn('page is not cross-origin isolated');
  return page;
}

/**
 * Streams `text` into the real renderer, one update per task (as posted messages arrive), timing append plus a
 * forced layout. Returns the per-update times of the last WINDOW updates, the total and the long tasks seen.
 */
async function streamIncremental(page, text) {
  return page.evaluate(
    async ({ text, delta, window: win, warmup }) => {
      const out = document.getElementById('out');
      out.replaceChildren();
      // Warm up (JIT, caches) on an unrelated reply first, as a webview that has shown earlier turns would be.
      const warm = window.renderBench.incremental(document.createElement('div'));
      for (let i = 0; i < warmup.length; i += delta) warm.append(warmup.slice(i, i + delta));
      warm.finish();
      const longTasks = [];
      const observer = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push(e.duration);
      });
      observer.observe({ type: 'longtask', buffered: false });
      const r = window.renderBench.incremental(out);
      const channel = new MessageChannel();
      const nextTask = () =>
        new Promise((resolve) => {
          channel.port1.onmessage = () => resolve();
          channel.port2.postMessage(0);
        });
      const times = [];
      let total = 0;
      for (let i = 0; i < text.length; i += delta) {
        await nextTask();
        const t0 = performance.now();
        r.append(text.slice(i, i + delta));
        void out.offsetHeight; // force style + layout so it is part of the cost
        const dt = performance.now() - t0;
        total += dt;
        times.push(dt);
      }
      await nextTask();
      const t0 = performance.now();
      r.finish();
      void out.offsetHeight;
      total += performance.now() - t0;
      await new Promise((resolve) => setTimeout(resolve, 50)); // let the observer deliver
      observer.disconnect();
      const sorted = [...times].sort((a, b) => b - a);
      return {
        top5pct: sorted.slice(0, Math.ceil(times.length / 20)).reduce((a, b) => a + b, 0),
        window: times.slice(-win),
        total,
        longTasks: longTasks.filter((d) => d > 50).length,
        maxLongTask: Math.max(0, ...longTasks),
        html: out.innerHTML.length,
      };
    },
    { text, delta: DELTA, window: WINDOW, warmup: WARMUP },
  );
}

/** The naive cost at the end of a reply: full parse + sanitize + innerHTML for each of the last `samples` updates. */
async function naiveAtEnd(page, text, samples) {
  return page.evaluate(
    async ({ text, delta, samples }) => {
      const out = document.getElementById('out');
      out.replaceChildren();
      const r = window.renderBench.naive(out);
      const times = [];
      const start = Math.max(0, text.length - samples * delta);
      r.set(text.slice(0, start));
      for (let i = start; i < text.length; i += delta) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        const t0 = performance.now();
        r.append(text.slice(i, i + delta));
        void out.offsetHeight;
        times.push(performance.now() - t0);
      }
      return times;
    },
    { text, delta: DELTA, samples },
  );
}

const perUpdate = {};
const naivePerUpdate = {};
const details = {};
let totalRenderMs100k = Infinity;
let longTasks = 0;
let maxLongTask = 0;
const started = performance.now();
for (const length of LENGTHS) {
  const text = generateReply(length);
  const medians = [];
  const naiveMedians = [];
  const totals = [];
  for (let run = 0; run < RUNS; run++) {
    const page = await freshPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await threadTime(cdp);
    const res = await streamIncremental(page, text);
    res.cpu = (await threadTime(cdp)) - before;
    console.log(
      length,
      'run',
      run,
      'wall total',
      res.total.toFixed(0),
      'cpu',
      res.cpu.toFixed(0),
      'top 5% of updates',
      res.top5pct.toFixed(0),
    );
    medians.push(median(res.window));
    totals.push(res.total);
    longTasks = Math.max(longTasks, res.longTasks);
    maxLongTask = Math.max(maxLongTask, res.maxLongTask);
    naiveMedians.push(median(await naiveAtEnd(page, text, NAIVE_SAMPLES[length])));
    await page.close();
  }
  perUpdate[length] = median(medians);
  naivePerUpdate[length] = median(naiveMedians);
  details[length] = { runs: medians, totals };
  if (length === 100000) totalRenderMs100k = median(totals);
}
await browser.close();

const round = (x) => Math.round(x * 1000) / 1000;
const result = {
  perUpdateMs: Object.fromEntries(LENGTHS.map((l) => [String(l), round(perUpdate[l])])),
  naivePerUpdateMs: Object.fromEntries(LENGTHS.map((l) => [String(l), round(naivePerUpdate[l])])),
  totalRenderMs100k: Math.round(totalRenderMs100k * 10) / 10,
  longTasksOver50ms: longTasks,
};
const outFile = join(here, 'results/render.json');
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');

console.log(`render bench (${DELTA}-char deltas, median of last ${WINDOW} updates, ${RUNS} runs)`);
console.table(
  LENGTHS.map((l) => ({
    'reply chars': l,
    'incremental ms/update': round(perUpdate[l]),
    'naive ms/update': round(naivePerUpdate[l]),
    'naive / incremental': Math.round((naivePerUpdate[l] / perUpdate[l]) * 10) / 10,
    'runs (ms)': details[l].runs.map(round).join(' '),
  })),
);
const ratio = perUpdate[100000] / perUpdate[1000];
console.log(`flatness perUpdate[100K]/perUpdate[1K] = ${ratio.toFixed(2)} (target <= 1.5)`);
console.log(`total render of the 100K reply = ${result.totalRenderMs100k} ms (target < 1000)`);
console.log(
  `long tasks over 50 ms while streaming = ${longTasks} (longest ${maxLongTask.toFixed(0)} ms, target 0)`,
);
console.log(
  `webview renderer bundle (with naive reference) = ${(script.length / 1024).toFixed(0)} KB minified`,
);
console.log(`wrote ${outFile} in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const failures = [];
if (!(ratio <= 1.5)) failures.push(`per-update cost is not flat: ratio ${ratio.toFixed(2)} > 1.5`);
if (!(result.totalRenderMs100k < 1000))
  failures.push(`100K reply took ${result.totalRenderMs100k} ms >= 1000`);
if (longTasks !== 0) failures.push(`${longTasks} long task(s) over 50 ms`);
if (failures.length) {
  console.error('FAIL: ' + failures.join('; '));
  process.exit(1);
}
console.log('all render targets met');

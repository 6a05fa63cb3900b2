// Opening a long stored conversation (docs/performance.md): the production webview bundle in headless
// Chromium receives a 500-turn `restore` the way the host sends it; we time from the message to the first frame
// painted with the newest turn on screen, and to the moment every turn is in the DOM. Target: first screen < 300 ms.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../test/run/codeServer.mjs';

const repo = resolve(import.meta.dirname, '..');
const TURNS = 500;
const RUNS = 5;

function reply(i) {
  return [
    `Turn ${i}: here is **what changed** and why.`,
    '',
    `- the parser now handles case ${i}`,
    '- errors name the field',
    '',
    '```ts',
    `export function handle${i}(input: string): number {`,
    '  return input.length;',
    '}',
    '```',
    '',
    'That keeps the hot path small.',
  ].join('\n');
}
const turns = Array.from({ length: TURNS }, (_, i) => ({
  requestId: `r-${i}`,
  user: `Question ${i}: can you refactor this?`,
  images: 0,
  reply: {
    text: reply(i),
    info: { model: 'claude-test', stopReason: 'end_turn', canContinue: false },
  },
}));

const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/main.css">
<style>body { width: 380px; height: 800px; }</style>
<script>window.acquireVsCodeApi = () => ({ postMessage() {}, getState() {}, setState() {} });</script>
</head><body class="vscode-light"><div id="app" class="app"></div><script src="/main.js"></script></body></html>`;
const files = {
  '/': ['text/html', page],
  '/main.js': ['text/javascript', readFileSync(join(repo, 'dist/webview/main.js'))],
  '/main.css': ['text/css', readFileSync(join(repo, 'dist/webview/main.css'))],
};
const server = createServer((req, res) => {
  const f = files[req.url ?? '/'];
  if (!f) return void res.writeHead(404).end();
  res.writeHead(200, { 'content-type': f[0] }).end(f[1]);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: chromiumArgs,
});
const firstScreen = [];
const allTurns = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const p = await browser.newPage({ viewport: { width: 400, height: 800 } });
    await p.goto(url);
    const t = await p.evaluate(
      async (payload) => {
        window.postMessage({
          type: 'init',
          protocol: 1,
          setup: { ready: true, problems: [], endpoint: 'x', model: 'm' },
        });
        await new Promise((r) => setTimeout(r, 50));
        const start = performance.now();
        window.postMessage(payload);
        // First screen: the newest turn is in the DOM and a frame has been painted after it.
        await new Promise((resolve) => {
          const check = () =>
            document.querySelector('[aria-label="Claude"] .md-code-block')
              ? resolve()
              : requestAnimationFrame(check);
          check();
        });
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const first = performance.now() - start;
        const expected = payload.turns.length * 2;
        await new Promise((resolve) => {
          const check = () =>
            document.querySelectorAll('article.turn').length >= expected ? resolve() : setTimeout(check, 5);
          check();
        });
        const last = document.querySelector('article.turn.assistant:last-of-type')?.textContent ?? '';
        return {
          first,
          all: performance.now() - start,
          lastOk: last.includes(`Turn ${payload.turns.length - 1}:`),
        };
      },
      { type: 'restore', title: 'long', turns },
    );
    if (!t.lastOk) throw new Error('the newest turn was not the last one shown');
    firstScreen.push(t.first);
    allTurns.push(t.all);
    await p.close();
  }
} finally {
  await browser.close();
  server.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const result = {
  turns: TURNS,
  firstScreenMs: +median(firstScreen).toFixed(1),
  allTurnsMs: +median(allTurns).toFixed(1),
};
console.log(`opening a stored ${TURNS}-turn conversation (median of ${RUNS})`);
console.log(
  `  first screen painted   ${String(result.firstScreenMs).padStart(8)} ms   target < 300 ms ${result.firstScreenMs < 300 ? 'ok' : 'OVER'}`,
);
console.log(
  `  all turns in the DOM   ${String(result.allTurnsMs).padStart(8)} ms   (in batches between frames)`,
);
mkdirSync(join(repo, 'bench', 'results'), { recursive: true });
writeFileSync(join(repo, 'bench', 'results', 'history.json'), JSON.stringify(result, null, 2) + '\n');

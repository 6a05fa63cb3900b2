// `@` suggestions on a big repository (docs/performance.md, P9): a workspace of 100,000 files on disk, indexed by
// the composer's FileIndex as the extension does it (the same walk list_files uses, .gitignore honoured), then
// searched as a user types. Two figures:
// - the longest time the index build held the event loop: a ticker re-arms itself with setImmediate throughout
//   the build, and the widest gap between two of its turns is the longest stretch the host could not answer
//   anything else (budget 50 ms);
// - the time from typing `@x` to the suggestions: the first search after the build (it also makes the search list),
//   then the median and worst of queries typed one letter at a time (budget 150 ms for the first).
// The webview's round trip (one postMessage each way) is not in here. Writes bench/results/composer.json.
// Run: node --import tsx bench/composer.ts
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileIndex } from '../src/core/composer/fileIndex';

const FILES = Number(process.env.COMPOSER_BENCH_FILES ?? 100_000);
const SEARCH_BUDGET_MS = 150;
const BLOCK_BUDGET_MS = 50;

const WORDS = ['src', 'lib', 'components', 'utils', 'server', 'client', 'core', 'api', 'views', 'models'];
const STEMS = [
  'index',
  'button',
  'parser',
  'render',
  'config',
  'store',
  'router',
  'helpers',
  'types',
  'client',
];
const EXTS = ['.ts', '.tsx', '.js', '.json', '.md', '.css'];

/** A monorepo-like tree: packages/pkgN/<word>/<word>/<stem>N.ext, about 25 files per folder. */
function makeWorkspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'cm-bench-composer-'));
  writeFileSync(join(root, '.gitignore'), 'node_modules/\ndist/\n');
  const made = new Set<string>();
  for (let i = 0; i < FILES; i++) {
    const pkg = `packages/pkg${i % 200}`;
    const dir = `${pkg}/${WORDS[(i >> 3) % WORDS.length]}/${WORDS[(i >> 6) % WORDS.length]}`;
    if (!made.has(dir)) {
      mkdirSync(join(root, dir), { recursive: true });
      made.add(dir);
    }
    writeFileSync(join(root, dir, `${STEMS[i % STEMS.length]}${i}${EXTS[i % EXTS.length]}`), '');
  }
  // Ignored content the walk must skip without reading it all.
  mkdirSync(join(root, 'node_modules/dep'), { recursive: true });
  for (let i = 0; i < 1000; i++) writeFileSync(join(root, 'node_modules/dep', `f${i}.js`), '');
  return root;
}

async function buildWithTicker(index: FileIndex): Promise<{ buildMs: number; longestBlockMs: number }> {
  let last = performance.now();
  let longest = 0;
  let done = false;
  const tick = (): void => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    if (!done) setImmediate(tick);
  };
  setImmediate(tick);
  const t = performance.now();
  await index.build();
  const buildMs = performance.now() - t;
  done = true;
  return { buildMs, longestBlockMs: longest };
}

function timed<T>(f: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = f();
  return { ms: performance.now() - t, value };
}

async function main(): Promise<void> {
  console.log(`making a workspace of ${FILES} files ...`);
  const root = makeWorkspace();
  try {
    const index = new FileIndex({ folders: [{ name: 'bench', path: root }], exclude: [] });
    const build = await buildWithTicker(index);
    const recent = ['packages/pkg7/src/lib/render7.ts', 'packages/pkg3/core/api/store3.md'];
    const first = timed(() => index.search('x', { limit: 20, recent }));
    const typed: number[] = [];
    for (const word of ['parser', 'button.tsx', 'pkg12/api', 'configjson', 'routr']) {
      for (let n = 1; n <= word.length; n++)
        typed.push(timed(() => index.search(word.slice(0, n), { limit: 20, recent })).ms);
    }
    typed.sort((a, b) => a - b);
    const result = {
      files: FILES,
      indexed: index.size,
      buildMs: Math.round(build.buildMs),
      longestBlockMs: round(build.longestBlockMs),
      firstSearchMs: round(first.ms),
      firstSearchResults: first.value.length,
      typedMedianMs: round(typed[Math.floor(typed.length / 2)]!),
      typedWorstMs: round(typed.at(-1)!),
      queries: typed.length,
    };
    console.log(
      [
        `indexed           ${result.indexed} paths (files and folders) in ${result.buildMs} ms`,
        `longest block     ${result.longestBlockMs} ms   (budget ${BLOCK_BUDGET_MS} ms)`,
        `first @x search   ${result.firstSearchMs} ms   (budget ${SEARCH_BUDGET_MS} ms), ${result.firstSearchResults} results`,
        `typing, ${result.queries} queries: median ${result.typedMedianMs} ms, worst ${result.typedWorstMs} ms`,
      ].join('\n'),
    );
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/composer.json', JSON.stringify(result, null, 2) + '\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

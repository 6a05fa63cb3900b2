// Three bundles: the extension host (node, cjs, `vscode` external), the MCP client it loads on first use, and the
// webview (browser, iife).
// --watch rebuilds on change; --production minifies and drops source maps (none reach the package).
// The log lines follow the "esbuild" problem-matcher format so VS Code tasks pick up errors.
import * as esbuild from 'esbuild';
import { copyFile, mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() =>
      console.log(`[watch] build started (${build.initialOptions.outfile ?? build.initialOptions.outdir})`),
    );
    build.onEnd(async (result) => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (result.errors.length === 0) await printSizes(result);
      console.log('[watch] build finished');
    });
  },
};

async function printSizes(result) {
  for (const [file, info] of Object.entries(result.metafile?.outputs ?? {})) {
    if (file.endsWith('.map')) continue;
    console.log(`  ${file.padEnd(28)} ${(info.bytes / 1024).toFixed(1).padStart(8)} KB`);
  }
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  metafile: true,
  logLevel: 'silent',
  legalComments: production ? 'none' : 'inline',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  plugins: [problemMatcher],
};

/**
 * undici (the proxy-aware fetch in src/core/net/networkFetch.ts) is about 500 KB: it goes into its own file,
 * dist/undici.js, which `import('undici')` in the host bundle requires only when a request needs a proxy or its own
 * TLS settings. Activation and every direct request never read it (docs/performance.md, P7).
 */
const undiciApart = {
  name: 'undici-apart',
  setup(build) {
    build.onResolve({ filter: /^undici$/ }, () => ({ path: './undici.js', external: true }));
  },
};

const host = {
  ...common,
  entryPoints: ['src/host/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  plugins: [...common.plugins, undiciApart],
  // `import('undici')` becomes `require('./undici.js')`: a CommonJS file loaded through import() would hide its
  // named exports behind `default`.
  supported: { 'dynamic-import': false },
};

const undici = {
  ...common,
  stdin: { contents: "module.exports = require('undici');", resolveDir: '.', loader: 'js' },
  outfile: 'dist/undici.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
};

// The MCP SDK client, a bundle of its own: the host requires dist/mcp.js the first time an MCP server starts, so
// activation never loads or parses it (docs/performance.md).
const mcp = {
  ...host,
  entryPoints: ['src/core/mcp/sdkConnection.ts'],
  outfile: 'dist/mcp.js',
};

const webview = {
  ...common,
  entryPoints: [
    { in: 'src/webview/main.ts', out: 'main' },
    { in: 'media/chat.css', out: 'main' },
  ],
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: ['chrome120'],
  loader: { '.css': 'css' },
};

/** Codicons are served from the webview folder itself (localResourceRoots stays that one folder). */
async function copyStatic() {
  const files = [
    ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicon.css'],
    ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicon.ttf'],
  ];
  for (const [from, to] of files) {
    await mkdir(dirname(to), { recursive: true });
    await copyFile(from, to);
  }
}

async function main() {
  // A clean folder each time, so files from an earlier build never reach the package.
  await rm('dist', { recursive: true, force: true });
  await copyStatic();
  const contexts = await Promise.all([
    esbuild.context(host),
    esbuild.context(mcp),
    esbuild.context(webview),
    esbuild.context(undici),
  ]);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  try {
    const results = await Promise.all(contexts.map((c) => c.rebuild()));
    if (results.some((r) => r.errors.length > 0)) process.exitCode = 1;
  } catch {
    process.exitCode = 1;
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
  const total =
    (await stat(join('dist', 'extension.js'))).size + (await stat(join('dist', 'webview', 'main.js'))).size;
  console.log(`  total JS ${(total / 1024).toFixed(1)} KB${production ? ' (production)' : ''}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

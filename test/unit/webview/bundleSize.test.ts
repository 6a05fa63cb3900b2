// The renderer is bundled into the webview, whose whole bundle must stay under 400 KB minified
// (docs/performance.md, P7): the renderer (marked, DOMPurify, highlight.js with its curated languages) gets 300 KB of it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

it('the renderer bundles to under 300 KB minified', async () => {
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL('../../../src/webview/render/index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    logLevel: 'error',
  });
  const size = result.outputFiles[0]!.contents.length;
  assert.ok(size < 300_000, `renderer bundle is ${size} bytes`);
  assert.ok(size > 50_000, 'the bundle includes the libraries');
});

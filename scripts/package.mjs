// Builds the production bundles and packages the .vsix with vsce, then checks what went in. Hard failures: the
// host's JS files (extension.js; undici.js, loaded only for proxies and TLS settings; mcp.js, loaded on the first MCP
// use), one webview JS file, no node_modules, no source maps or sources, the VSIX under its limit and the
// webview bundle under its limit. The host bundle's limit is soft (activation time, timed by `npm run bench`, is
// what users feel): over it, this prints a warning and still succeeds. Limits live in bench/budgets.mjs.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { budget, limitText, meets } from '../bench/budgets.mjs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const out = process.env.VSIX_PATH ?? `${pkg.name}.vsix`;

execFileSync(process.execPath, ['esbuild.mjs', '--production'], { stdio: 'inherit' });
// --no-dependencies: everything the extension needs is bundled by esbuild.
execFileSync(
  process.execPath,
  [
    'node_modules/@vscode/vsce/vsce',
    'package',
    '--no-dependencies',
    '--skip-license',
    '--allow-missing-repository',
    '--out',
    out,
  ],
  { stdio: 'inherit' },
);

const files = listZip(out);
const js = files.filter((f) => f.endsWith('.js'));
const problems = [];
if (files.some((f) => f.includes('node_modules/'))) problems.push('node_modules inside the package');
if (files.some((f) => f.endsWith('.map') || f.endsWith('.ts')))
  problems.push('source maps or sources inside the package');
const expectedJs = [
  'extension/dist/extension.js',
  'extension/dist/undici.js',
  'extension/dist/mcp.js',
  'extension/dist/webview/main.js',
];
if (js.length !== expectedJs.length || !expectedJs.every((f) => js.includes(f)))
  problems.push(`expected the JS files ${expectedJs.join(', ')}, found ${js.join(', ')}`);
// Without these VS Code silently shows English (docs/architecture.md, "Languages") or an empty walkthrough step.
for (const need of [
  'package.nls.json',
  'package.nls.zh-cn.json',
  'l10n/bundle.l10n.zh-cn.json',
  'media/walkthrough/endpoint.md',
])
  if (!files.some((f) => f.endsWith(`extension/${need}`))) problems.push(`${need} is not in the package`);
const warnings = [];
const size = statSync(out).size;
for (const [id, file] of [
  ['vsixKB', out],
  ['webviewBundleKB', 'dist/webview/main.js'],
  ['hostBundleKB', 'dist/extension.js'],
]) {
  const b = budget(id);
  const kb = statSync(file).size / 1024;
  if (meets(b, kb)) continue;
  const text = `${file} is ${kb.toFixed(1)} KB, over its budget (${limitText(b)})`;
  if (b.soft) warnings.push(text);
  else problems.push(text);
}

console.log(`\n${out}: ${(size / 1024).toFixed(1)} KB, ${files.length} files`);
for (const f of files) console.log(`  ${f}`);
for (const w of warnings) console.warn(`\nwarning: ${w} (soft budget: activation time is what counts)`);
if (problems.length) {
  console.error(`\nPackage check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

/** Lists the entries of a zip from its central directory (no extra dependency for one check). */
function listZip(path) {
  const buf = readFileSync(path);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    const nameLen = buf.readUInt16LE(at + 28);
    const extraLen = buf.readUInt16LE(at + 30);
    const commentLen = buf.readUInt16LE(at + 32);
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLen));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

// Builds the production bundles and packages the .vsix with vsce, then checks what went in:
// one host JS file, one webview JS file, no node_modules, no source maps, under 1 MB; and the bundles within their
// budgets (docs/performance.md, P7): the webview under 400 KB fails here; the host's 400 KB is soft (a warning),
// since what users feel is activation time, which the lazy app keeps flat.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';

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
if (js.length !== 2) problems.push(`expected 2 JS files, found ${js.length}: ${js.join(', ')}`);
for (const [file, budgetKB, soft] of [
  ['dist/extension.js', 400, true],
  ['dist/webview/main.js', 400, false],
]) {
  const bytes = statSync(file).size;
  const over = `${file} is ${(bytes / 1024).toFixed(1)} KB, over its ${budgetKB} KB budget`;
  if (bytes >= budgetKB * 1024) {
    if (soft) console.warn(`warning: ${over}`);
    else problems.push(over);
  }
}
const size = statSync(out).size;
if (size >= 1024 * 1024) problems.push(`package is ${size} bytes, over 1 MB`);

console.log(`\n${out}: ${(size / 1024).toFixed(1)} KB, ${files.length} files`);
for (const f of files) console.log(`  ${f}`);
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

// `npm run l10n`: regenerates l10n/bundle.l10n.json, the English bundle, from every `l10n.t('...')` in src/.
// `npm run l10n -- --check`: only says which strings the bundle lacks or no longer needs, and fails if any.
// `npm run l10n -- --missing`: prints, per translation (l10n/bundle.l10n.<lang>.json, package.nls.<lang>.json), the
// English strings it still lacks as JSON, ready to be translated and merged in.
//
// The strings are found by VS Code's own extractor (@vscode/l10n-dev), which only recognises `l10n` when it is
// imported from 'vscode' or '@vscode/l10n'. Core and the webview import our own `l10n` (src/core/l10n.ts,
// src/webview/l10n.ts) with the same `l10n.t(message, ...args)` shape, so before parsing, that one import line is read
// as if it came from 'vscode'; nothing else changes (docs/architecture.md, "Languages").
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

const root = fileURLToPath(new URL('..', import.meta.url));
export const ENGLISH_BUNDLE = join(root, 'l10n', 'bundle.l10n.json');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

const OWN_L10N_IMPORT = /^import \{ l10n \} from '(?:\.\.?\/)+(?:[\w-]+\/)*l10n';$/gm;

/** Every translatable string in src/, English text to English text, sorted. */
export async function extractStrings() {
  const files = sources(join(root, 'src'))
    .sort()
    .map((path) => ({
      extension: path.endsWith('.tsx') ? '.tsx' : '.ts',
      contents: readFileSync(path, 'utf8').replace(OWN_L10N_IMPORT, "import { l10n } from 'vscode';"),
    }));
  const found = await getL10nJson(files);
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Calls whose message is not a plain string literal: the extractor cannot see them, so they are never translated.
 * Comments are skipped, and so is a line marked `l10n-seam` (where a translator hands a message on).
 */
export function dynamicCalls() {
  const out = [];
  for (const path of sources(join(root, 'src'))) {
    const text = readFileSync(path, 'utf8');
    for (const m of text.matchAll(/\bl10n\.t\(\s*([^\s])/g)) {
      const quote = m[1];
      const literal =
        quote === "'" ||
        quote === '"' ||
        (quote === '`' && !/^`[^`]*\$\{/.test(text.slice(m.index + m[0].length - 1)));
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      const lineText = text.slice(lineStart, text.indexOf('\n', m.index));
      const comment = /^\s*(\/\/|\*|\/\*)/.test(lineText);
      if (!literal && !comment && !lineText.includes('l10n-seam')) {
        const line = text.slice(0, m.index).split('\n').length;
        out.push(`${relative(root, path)}:${line}`);
      }
    }
  }
  return out;
}

/** Each translation's missing keys with their English text: `{ file: { key: english } }`, only files that lack some. */
export function missingTranslations() {
  const read = (path) => JSON.parse(readFileSync(path, 'utf8'));
  const out = {};
  const pairs = [
    ...readdirSync(join(root, 'l10n'))
      .filter((f) => /^bundle\.l10n\.[\w-]+\.json$/.test(f))
      .map((f) => [join('l10n', f), ENGLISH_BUNDLE]),
    ...readdirSync(root)
      .filter((f) => /^package\.nls\.[\w-]+\.json$/.test(f))
      .map((f) => [f, join(root, 'package.nls.json')]),
  ];
  for (const [file, source] of pairs) {
    const english = read(source);
    const translated = read(join(root, file));
    const lacking = Object.fromEntries(Object.entries(english).filter(([k]) => !(k in translated)));
    if (Object.keys(lacking).length) out[file] = lacking;
  }
  return out;
}

async function main() {
  if (process.argv.includes('--missing')) {
    console.log(JSON.stringify(missingTranslations(), null, 2));
    return;
  }
  const strings = await extractStrings();
  const dynamic = dynamicCalls();
  if (dynamic.length) {
    console.error(
      `l10n.t(...) needs a string literal as its message (use {0} for values):\n  ${dynamic.join('\n  ')}`,
    );
    process.exitCode = 1;
  }
  if (process.argv.includes('--check')) {
    const bundle = JSON.parse(readFileSync(ENGLISH_BUNDLE, 'utf8'));
    const missing = Object.keys(strings).filter((k) => !(k in bundle));
    const stale = Object.keys(bundle).filter((k) => !(k in strings));
    for (const k of missing) console.error(`missing from l10n/bundle.l10n.json: ${JSON.stringify(k)}`);
    for (const k of stale) console.error(`no longer in the sources: ${JSON.stringify(k)}`);
    if (missing.length || stale.length) {
      console.error('Run `npm run l10n` and translate the new strings in l10n/bundle.l10n.*.json.');
      process.exitCode = 1;
    } else console.log(`l10n/bundle.l10n.json is up to date (${Object.keys(strings).length} strings).`);
    return;
  }
  writeFileSync(ENGLISH_BUNDLE, JSON.stringify(strings, null, 2) + '\n');
  console.log(`${relative(root, ENGLISH_BUNDLE)}: ${Object.keys(strings).length} strings`);
}

// No top-level await: the unit test imports this module (test/unit/l10n/bundles.test.ts).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1])
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });

// A stand-in language pack for code-server. VS Code only switches its display language (and so
// `vscode.env.language`, which picks our package.nls.<lang>.json and l10n/bundle.l10n.<lang>.json) when a language
// pack for that locale is installed; without one, `--locale zh-cn` resolves to English. The real packs come from
// the Marketplace, which the tests cannot reach, so this one contributes the locale with no translations of VS Code's
// own UI: the workbench stays English and everything of ours is in the chosen language, as with the real pack.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..', '..');

/** Packages the stand-in pack for `locale` under `dir`; returns the .vsix path. */
export function standInLanguagePack(locale, dir) {
  const folder = join(dir, `language-pack-${locale}`);
  mkdirSync(join(folder, 'translations'), { recursive: true });
  const manifest = {
    name: `stand-in-language-pack-${locale}`,
    displayName: `Stand-in language pack (${locale}) for tests`,
    publisher: 'claude-messages-tests',
    version: '0.0.1',
    license: 'MIT',
    engines: { vscode: '*' },
    categories: ['Language Packs'],
    contributes: {
      localizations: [
        {
          languageId: locale,
          languageName: locale,
          localizedLanguageName: locale,
          translations: [{ id: 'vscode', path: './translations/main.i18n.json' }],
        },
      ],
    },
  };
  writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(
    join(folder, 'translations', 'main.i18n.json'),
    JSON.stringify({ version: '1.0.0', contents: {} }),
  );
  writeFileSync(join(folder, 'README.md'), 'A stand-in language pack for the end-to-end tests.\n');
  writeFileSync(join(folder, 'LICENSE'), 'MIT\n');
  const vsix = join(dir, `language-pack-${locale}.vsix`);
  execFileSync(
    process.execPath,
    [join(repo, 'node_modules/@vscode/vsce/vsce'), 'package', '--allow-missing-repository', '--out', vsix],
    { cwd: folder, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return vsix;
}

/**
 * Registers the installed pack in `<userData>/languagepacks.json`, which VS Code reads to resolve the display
 * language. Its server writes that file when a pack is installed from the UI, but not when the CLI installs one
 * (`--install-extension`, as the harness does); the entry has the same shape VS Code writes.
 */
export function registerLanguagePack(locale, { userData, extensions }) {
  const id = `claude-messages-tests.stand-in-language-pack-${locale}`;
  const version = '0.0.1';
  const packs = {
    [locale]: {
      hash: createHash('md5').update(id).update(version).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version }],
      translations: { vscode: join(extensions, `${id}-${version}`, 'translations', 'main.i18n.json') },
      label: locale,
    },
  };
  writeFileSync(join(userData, 'languagepacks.json'), JSON.stringify(packs));
}

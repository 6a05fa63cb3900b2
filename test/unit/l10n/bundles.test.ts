// Languages (docs/architecture.md, "Languages"): every translation bundle has every key of its English source, with
// the same placeholders and link targets; every `%key%` in package.json has its English text; and every
// `l10n.t('...')` in src/ is in the English bundle, so a string added without `npm run l10n` fails here.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { describe as suite, it } from 'node:test';
import { dynamicCalls, extractStrings } from '../../../scripts/l10n.mjs';
import {
  compareBundles,
  describe,
  linkTargets,
  nlsReferences,
  placeholders,
  type Bundle,
} from './bundleCheck';

const root = new URL('../../../', import.meta.url);
/** Parsing every source takes seconds: once for the whole file. */
let extracted: ReturnType<typeof extractStrings> | undefined;
const sourceStrings = () => (extracted ??= extractStrings());
const json = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8')) as Bundle;

/** Each translation beside its English source: package.nls.<lang>.json and l10n/bundle.l10n.<lang>.json. */
function translations(): { file: string; source: string }[] {
  const nls = readdirSync(root)
    .filter((f) => /^package\.nls\.[\w-]+\.json$/.test(f))
    .map((f) => ({ file: f, source: 'package.nls.json' }));
  const bundles = readdirSync(new URL('l10n/', root))
    .filter((f) => /^bundle\.l10n\.[\w-]+\.json$/.test(f))
    .map((f) => ({ file: `l10n/${f}`, source: 'l10n/bundle.l10n.json' }));
  return [...nls, ...bundles];
}

suite('translation bundles', () => {
  it('there is a Simplified Chinese translation of both', () => {
    const files = translations().map((t) => t.file);
    assert.ok(files.includes('package.nls.zh-cn.json'), files.join());
    assert.ok(files.includes('l10n/bundle.l10n.zh-cn.json'), files.join());
  });

  it('every translation has every key of its English source, with the same placeholders and links', () => {
    const problems = translations().flatMap(({ file, source }) =>
      describe(file, compareBundles(json(source), json(file))),
    );
    assert.deepEqual(
      problems,
      [],
      `\n${problems.join('\n')}\n(npm run l10n -- --missing prints the missing strings as JSON, to translate)`,
    );
  });

  it('every %key% in package.json has an English text in package.nls.json', () => {
    const nls = json('package.nls.json');
    const pkg = json('package.json');
    const refs = nlsReferences(pkg);
    assert.ok(refs.length > 80, `only ${refs.length} %keys% in package.json`);
    const missing = refs.filter((k) => !(k in nls));
    assert.deepEqual(missing, [], `package.nls.json lacks: ${missing.join(', ')}`);
    const unused = Object.keys(nls).filter((k) => !refs.includes(k));
    assert.deepEqual(unused, [], `package.nls.json has keys package.json never uses: ${unused.join(', ')}`);
  });

  it('the English bundle holds exactly the strings of the sources (run `npm run l10n` when this fails)', async () => {
    const found = await sourceStrings();
    const bundle = json('l10n/bundle.l10n.json');
    assert.ok(Object.keys(found).length > 300, `only ${Object.keys(found).length} strings found in src/`);
    const missing = Object.keys(found).filter((k) => !(k in bundle));
    const stale = Object.keys(bundle).filter((k) => !(k in found));
    assert.deepEqual(missing, [], `l10n.t strings missing from l10n/bundle.l10n.json: run npm run l10n`);
    assert.deepEqual(stale, [], `l10n/bundle.l10n.json holds strings no source uses: run npm run l10n`);
  });

  it('every l10n.t message is a string literal, so the extractor sees it', () => {
    assert.deepEqual(dynamicCalls(), []);
  });

  it('the extractor sees core, webview and host calls alike', async () => {
    const found = await sourceStrings();
    for (const s of [
      'Reach the endpoint', // core (src/core/connection/diagnose.ts)
      'Message Claude', // webview (src/webview/composer.ts)
      'Claude: Choose Endpoint Kind', // host (src/host/connection/endpointKind.ts)
    ])
      assert.ok(s in found, s);
  });
});

suite('the checks themselves', () => {
  it('placeholders and links are compared, missing and extra keys reported', () => {
    assert.deepEqual(placeholders('{1} of {0}, {name}'), ['{0}', '{1}', '{name}']);
    assert.deepEqual(linkTargets('[A](command:x?%5B1%5D) and [B](https://e.x)'), [
      'command:x?%5B1%5D',
      'https://e.x',
    ]);
    const c = compareBundles(
      { a: 'Hello {0}', b: 'Bye', c: '[Go](command:go)', d: 'x' },
      { a: '你好', c: '[走](command:stay)', d: ' ', z: 'extra' },
    );
    assert.deepEqual(c.missing, ['b']);
    assert.deepEqual(c.extra, ['z']);
    assert.deepEqual(c.placeholderMismatch, ['a']);
    assert.deepEqual(c.linkMismatch, ['c']);
    assert.deepEqual(c.empty, ['d']);
    assert.match(describe('x.json', c).join('\n'), /x\.json: 1 keys missing \(translate them\):\n {4}"b"/);
  });

  it('%key% references are found at any depth', () => {
    assert.deepEqual(nlsReferences({ a: '%x%', b: [{ c: '%y.z%' }, 'not %a key'] }), ['x', 'y.z']);
  });
});

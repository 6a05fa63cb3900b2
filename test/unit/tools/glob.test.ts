import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { GLOB_MAX_CHARS, GlobError, globMatcher, globProblem } from '../../../src/core/tools/glob';

const m = (pattern: string, path: string, matchBase = false) => globMatcher([pattern], { matchBase })(path);

describe('globs', () => {
  it('*, ?, ** and classes', () => {
    assert.ok(m('*.ts', 'a.ts'));
    assert.ok(!m('*.ts', 'src/a.ts'));
    assert.ok(m('**/*.ts', 'a.ts'));
    assert.ok(m('**/*.ts', 'src/deep/a.ts'));
    assert.ok(m('src/**/*.ts', 'src/a.ts'));
    assert.ok(m('src/**', 'src/x/y'));
    assert.ok(!m('src/**/*.ts', 'lib/a.ts'));
    assert.ok(m('?.md', 'a.md'));
    assert.ok(!m('?.md', 'ab.md'));
    assert.ok(m('[ab].js', 'b.js'));
    assert.ok(!m('[!ab].js', 'b.js'));
    assert.ok(m('**/*', '.github/workflows/ci.yml'), 'dotfiles match as in VS Code');
  });
  it('{a,b} alternatives, nested', () => {
    assert.ok(m('*.{ts,tsx}', 'a.tsx'));
    assert.ok(m('{src,test}/**/*.{js,m{js,ts}}', 'test/x/a.mts'));
    assert.ok(!m('*.{ts,tsx}', 'a.js'));
    assert.ok(m('{,a}b', 'b') && m('{,a}b', 'ab'), 'an empty alternative');
    assert.ok(m('{a}', '{a}') && !m('{a}', 'a'), 'braces without a comma are literal');
  });
  it('files.exclude style patterns and matchBase', () => {
    assert.ok(m('**/node_modules', 'node_modules'));
    assert.ok(m('**/node_modules', 'a/node_modules'));
    assert.ok(m('*.ts', 'src/deep/a.ts', true));
    assert.ok(!m('src/*.ts', 'x/src/a.ts', true));
  });
  it('regex characters in names are literal', () => {
    assert.ok(m('a+b(1).txt', 'a+b(1).txt'));
    assert.ok(!m('a.b', 'axb'));
    assert.ok(m('a;touch PWNED', 'a;touch PWNED'));
  });
  it('an empty list matches nothing', () => {
    assert.equal(globMatcher([])('a'), false);
  });
});

describe('globs: folders and trailing slashes', () => {
  it('`src/**` matches the folder `src` itself and everything under it', () => {
    assert.ok(m('src/**', 'src'));
    assert.ok(m('src/**', 'src/a.ts'));
    assert.ok(globMatcher(['src/**'])('src', true));
    assert.ok(!m('src/**', 'srcx'));
  });
  it('a trailing `/` names folders only: `foo/` never matches a file named `foo`', () => {
    assert.ok(!globMatcher(['foo/'])('foo', false));
    assert.ok(globMatcher(['foo/'])('foo', true));
    assert.ok(!globMatcher(['foo/'], { matchBase: true })('a/foo', false));
    assert.ok(globMatcher(['foo/'], { matchBase: true })('a/foo', true));
  });
  it('classes: ranges, `!` and `^` negation, escapes; never `/`', () => {
    assert.ok(m('[a-c].js', 'b.js'));
    assert.ok(!m('[a-c].js', 'd.js'));
    assert.ok(m('[^ab].js', 'c.js'));
    assert.ok(!m('[^ab].js', 'a.js'));
    assert.ok(m('a[/]b', 'a[/]b') || !m('a[/]b', 'a/b'), 'a class never matches the separator');
    assert.ok(m('a\\*', 'a*'));
    assert.ok(!m('a\\*', 'ab'));
  });
});

describe('globs in bounded time (R5)', () => {
  // The audit's patterns: a regex built from them backtracks for seconds to minutes. The matcher keeps a set of
  // states instead; the meter counts the states it visits, which must stay within (2 * items + 1) * (length + 1).
  const bound = (pattern: string, path: string) => (2 * pattern.length + 1) * (path.length + 1);

  it('`**/` thirty times then `zzz` against a depth-8 path answers at once', () => {
    const pattern = `${'**/'.repeat(30)}zzz`;
    const path = 'a/b/c/d/e/f/g/h';
    const meter = { steps: 0 };
    assert.equal(globMatcher([pattern], { meter })(path), false);
    assert.ok(meter.steps > 0 && meter.steps <= bound(pattern, path), `${meter.steps} steps`);
    assert.equal(globMatcher([pattern])('a/b/c/d/e/f/g/zzz'), true);
  });

  it('`*a` twelve times then `*b` against a 40-character name answers at once', () => {
    const pattern = `${'*a'.repeat(12)}*b`;
    const path = 'a'.repeat(40);
    const meter = { steps: 0 };
    assert.equal(globMatcher([pattern], { meter })(path), false);
    assert.ok(meter.steps > 0 && meter.steps <= bound(pattern, path), `${meter.steps} steps`);
    assert.equal(globMatcher([pattern])(`${path}b`), true);
  });

  it('the work grows linearly: a 1024-character pattern against a 2048-character path', () => {
    const pattern = `${'*a?'.repeat(340)}*b`;
    const path = `${'a'.repeat(2047)}c`;
    const meter = { steps: 0 };
    assert.equal(globMatcher([pattern], { meter, matchBase: true })(path), false);
    assert.ok(meter.steps <= bound(`**/${pattern}`, path), `${meter.steps} steps`);
  });

  it('a pattern too long or with too many alternatives is refused with a message, not compiled', () => {
    assert.match(globProblem('a'.repeat(GLOB_MAX_CHARS + 1)) ?? '', /characters long; the limit is 1024/);
    assert.match(globProblem('{a,b}'.repeat(9)) ?? '', /over 256 alternatives/);
    assert.throws(() => globMatcher(['{a,b}'.repeat(9)]), GlobError);
    assert.equal(globProblem('src/**/*.{ts,tsx}'), undefined);
  });
});

describe('globs agree with picomatch (dot: true) on generated patterns and paths', () => {
  // Patterns from the documented syntax only (picomatch has more: extglobs, `!` negation, ranges in braces) and
  // with few stars, because picomatch itself backtracks on many. A pattern without `/` under matchBase is written
  // as `**/pattern` for picomatch (its `basename` option also changes patterns that hold a `/`).
  const name = fc.stringMatching(/^[ab][ab.-]{0,3}$/);
  const path = fc.array(name, { minLength: 1, maxLength: 4 }).map((segs) => segs.join('/'));
  const atom = fc.oneof(
    fc.constantFrom('a', 'b', '.', '-', '*', '?', '[ab]', '[^a]', '[a-b]', '\\*'),
    fc.constantFrom('{a,b}', '{a,.b}', '{a,ab}', '{a*,b?}'),
  );
  const segment = fc.oneof(
    { weight: 1, arbitrary: fc.constant('**') },
    {
      weight: 5,
      arbitrary: fc
        .array(atom, { minLength: 1, maxLength: 4 })
        .map((a) => a.join(''))
        .filter((seg) => !seg.includes('**')),
    },
  );
  const pattern = fc
    .array(segment, { minLength: 1, maxLength: 4 })
    .map((segs) => segs.join('/'))
    // Few stars (picomatch backtracks) and few braces (ours expand to at most 256 alternatives).
    .filter((p) => (p.match(/\*/g)?.length ?? 0) <= 6 && (p.match(/\{/g)?.length ?? 0) <= 4)
    // `**` inside a segment is `*` here; picomatch lets some of those (`**.ts`, not `**a`) cross folders.
    .filter((p) => p.split('/').every((seg) => seg === '**' || !seg.includes('**')));
  const options = { dot: true, nonegate: true, noextglob: true };

  // One deliberate difference: `X/**` always matches X itself; picomatch does so only when X holds no `*`
  // (`a/**` matches `a`, but `*/**` does not match `b`).
  const expected = (p: string, s: string) =>
    picomatch(p, options)(s) || (/\/\*\*$/.test(p) && picomatch(p.replace(/(?:\/\*\*)+$/, ''), options)(s));

  it('the same answer for every pattern and path', () => {
    fc.assert(
      fc.property(pattern, path, (p, s) => {
        assert.equal(m(p, s), expected(p, s), `pattern ${p}, path ${s}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('the same answer under matchBase for patterns without "/"', () => {
    fc.assert(
      fc.property(segment, path, (p, s) => {
        assert.equal(m(p, s, true), expected(p.includes('/') ? p : `**/${p}`, s), `pattern ${p}, path ${s}`);
      }),
      { numRuns: 2000 },
    );
  });
});

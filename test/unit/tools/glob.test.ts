import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globMatcher } from '../../../src/core/tools/glob';

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

// The webview's lookup (src/webview/l10n.ts): the bundle the host put on #app, English when there is none.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { l10n, loadBundle } from '../../../src/webview/l10n';

const element = (data?: string) => ({ dataset: data === undefined ? {} : { l10n: data } }) as HTMLElement;

describe('webview l10n', () => {
  it('English by default, with placeholders filled in', () => {
    loadBundle(element());
    assert.equal(l10n.t('Remove {0}', 'a.png'), 'Remove a.png');
  });
  it('a loaded bundle translates; a string it lacks stays English', () => {
    loadBundle(element(JSON.stringify({ 'Remove {0}': '删除 {0}' })));
    assert.equal(l10n.t('Remove {0}', 'a.png'), '删除 a.png');
    assert.equal(l10n.t('Send'), 'Send');
  });
  it('a broken bundle leaves English rather than breaking the view', () => {
    loadBundle(element('{not json'));
    assert.equal(l10n.t('Remove {0}', 'a.png'), 'Remove a.png');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VISIBLE_MAX_CHARS, VISIBLE_MAX_PARTS, visible } from '../../../src/core/tools/visible';

describe('visible()', () => {
  it('leaves plain text alone', () => {
    assert.deepEqual(visible('npm test -- --grep "a b"'), {
      text: 'npm test -- --grep "a b"',
      hasInvisible: false,
      truncated: false,
      parts: [{ text: 'npm test -- --grep "a b"', escaped: false }],
    });
  });

  it('escapes tabs, CR, LF, other C0 and C1 controls and DEL', () => {
    const v = visible('a\tb\rc\nd\u0000e\u001bf\u007fg\u0085h');
    assert.equal(v.text, 'a\\tb\\rc\\nd\\u{0000}e\\u{001B}f\\u{007F}g\\u{0085}h');
    assert.equal(v.hasInvisible, true);
  });

  it('escapes zero-width, bidi, BOM, NBSP and Unicode tag characters', () => {
    for (const cp of [
      0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x2060, 0x2064, 0xfeff, 0x202a, 0x202e, 0x2066, 0x2069, 0x061c,
      0x00a0, 0xe0000, 0xe0041, 0xe007f,
    ]) {
      const ch = String.fromCodePoint(cp);
      const v = visible(`npm${ch}test`);
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      assert.equal(v.text, `npm\\u{${hex}}test`, `U+${hex}`);
      assert.equal(v.hasInvisible, true, `U+${hex}`);
    }
  });

  it('a hidden tag-character payload is spelled out, one escape per character', () => {
    const hidden = [...'rm'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('');
    const v = visible(`ls${hidden}`);
    assert.equal(v.text, 'ls\\u{E0072}\\u{E006D}');
  });

  it('keeps escapes apart from literal text, so a literal backslash-t is not mistaken for a tab', () => {
    const literal = visible('printf "a\\tb"');
    assert.equal(literal.hasInvisible, false);
    assert.deepEqual(literal.parts, [{ text: 'printf "a\\tb"', escaped: false }]);
    const real = visible('a\tb');
    assert.deepEqual(real.parts, [
      { text: 'a', escaped: false },
      { text: '\\t', escaped: true },
      { text: 'b', escaped: false },
    ]);
  });

  it('multiline mode keeps newlines, CRLF and tabs as they are but still escapes a lone CR and zero-width', () => {
    const v = visible('line 1\r\n\tline 2\nx\ry\u200Bz', { multiline: true });
    assert.equal(v.text, 'line 1\r\n\tline 2\nx\\ry\\u{200B}z');
    assert.equal(v.hasInvisible, true);
    assert.equal(visible('a\n\tb\r\n', { multiline: true }).hasInvisible, false);
  });

  it('escapes lone surrogates but not emoji', () => {
    assert.deepEqual(visible('ok 👍'), {
      text: 'ok 👍',
      hasInvisible: false,
      truncated: false,
      parts: [{ text: 'ok 👍', escaped: false }],
    });
    assert.equal(visible('a\uD800b').text, 'a\\u{D800}b');
  });

  it('10 MB of zero-width characters: bounded output, a few parts, a note saying how much is not shown (R5)', () => {
    const huge = 'echo hi'.concat('\u200B'.repeat(3_500_000));
    const v = visible(huge);
    assert.equal(v.hasInvisible, true);
    assert.equal(v.truncated, true);
    assert.ok(v.parts.length <= VISIBLE_MAX_PARTS + 1, `${v.parts.length} parts`);
    assert.ok(v.text.length <= VISIBLE_MAX_CHARS + 200, `${v.text.length} characters`);
    const note = v.parts.at(-1)!;
    assert.equal(note.escaped, true, 'the note is styled apart from the value');
    assert.match(note.text, /more characters not shown/);
    assert.ok(v.text.startsWith('echo hi\\u{200B}\\u{200B}'));
  });

  it('alternating text and escapes: the part count is bounded too', () => {
    const v = visible('a\u200B'.repeat(100_000));
    assert.equal(v.truncated, true);
    assert.ok(v.parts.length <= VISIBLE_MAX_PARTS + 1, `${v.parts.length} parts`);
  });

  it('escapes in a row are one part; nothing is cut below the limits', () => {
    const v = visible('a\u200B\u200Cb');
    assert.deepEqual(v.parts, [
      { text: 'a', escaped: false },
      { text: '\\u{200B}\\u{200C}', escaped: true },
      { text: 'b', escaped: false },
    ]);
    assert.equal(v.truncated, false);
  });
});

// The commit rule, checked without a browser: streaming a text through lex -> cut -> commit must yield exactly the
// tokens (and so the HTML) of lexing the whole text at once, for any way the text is split into deltas.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Lexer, Parser, type Token, type TokensList } from 'marked';
import { findCommitBoundary } from '../../../src/webview/render/commitBoundary';
import { collectDefinitions } from '../../../src/webview/render/markdownLexer';
import { CORPUS } from './corpus';

function lex(src: string, links?: TokensList['links']): TokensList {
  const lexer = new Lexer();
  if (links) Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

/** What the renderer does, minus the DOM: commit cut blocks once as HTML, re-lex only the tail. */
function streamHtml(deltas: readonly string[]): string {
  const links: TokensList['links'] = Object.create(null);
  let committedText = '';
  let committedHtml = '';
  let tail = '';
  const commit = (blocks: Token[], text: string): void => {
    let newDefinition = false;
    for (const t of collectDefinitions(blocks)) {
      if (!(t.tag in links)) {
        links[t.tag] = { href: t.href, title: t.title };
        newDefinition = true;
      }
    }
    committedText += text;
    // As the renderer does: a new link definition re-renders what was committed before it.
    committedHtml =
      newDefinition && committedHtml
        ? Parser.parse(lex(committedText, links))
        : committedHtml + Parser.parse(blocks);
  };
  for (const delta of deltas) {
    tail += delta;
    const tokens = lex(tail, links);
    const cut = findCommitBoundary(tokens, tail);
    if (cut.tokenCount === 0) continue;
    commit(tokens.slice(0, cut.tokenCount), tail.slice(0, cut.length));
    tail = tail.slice(cut.length);
  }
  // finish(): the rest is committed as it stands.
  commit(lex(tail, links), tail);
  return committedHtml;
}

/** The text cut into deltas at the given positions. */
function split(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let from = 0;
  for (const p of points) {
    parts.push(text.slice(from, p));
    from = p;
  }
  parts.push(text.slice(from));
  return parts.filter((p) => p.length > 0);
}

/** Streams and checks, after every delta, that everything committed so far is exactly a prefix of the final lex. */
function checkCommitsArePrefixes(deltas: readonly string[]): number {
  const full = deltas.join('');
  const finalRaws = lex(full).map((t) => t.raw);
  const boundaries = new Set<number>([0]);
  let acc = 0;
  for (const raw of finalRaws) boundaries.add((acc += raw.length));
  let committedLength = 0;
  let tail = '';
  let commits = 0;
  for (const delta of deltas) {
    tail += delta;
    const tokens = lex(tail);
    const cut = findCommitBoundary(tokens, tail);
    if (cut.tokenCount > 0) {
      committedLength += cut.length;
      tail = tail.slice(cut.length);
      commits++;
      assert.ok(
        boundaries.has(committedLength),
        `commit ended at ${committedLength}, inside a block of the final text:\n${JSON.stringify(full)}`,
      );
    }
  }
  return commits;
}

describe('findCommitBoundary', () => {
  const cutOf = (src: string): string => src.slice(0, findCommitBoundary(lex(src), src).length);

  it('never cuts before a last line that could still change what precedes it', () => {
    assert.equal(cutOf('para\n#'), '', '"#" may become "#x", a continuation of the paragraph');
    assert.equal(cutOf('1. a\n\n1'), '', '"1" may become "1.", continuing the list');
    assert.equal(
      cutOf('para\n| a | b |\n|---|--'),
      '',
      'a table may interrupt the paragraph only once complete',
    );
    assert.equal(cutOf('only one block'), '');
    assert.equal(cutOf('a\n\n'), '', 'a blank line alone does not close a list or paragraph for good');
    assert.equal(
      cutOf('word\n1) \n-'),
      '',
      'an empty item cannot interrupt a paragraph (found by the property)',
    );
    assert.equal(cutOf('word\n2. x\n'), '', 'nor an ordered item that does not start at 1');
  });

  it('cuts after blocks that nothing can reopen', () => {
    assert.equal(cutOf('# H\ntext\n'), '# H\n');
    assert.equal(cutOf('a\n\nb\n'), 'a\n\n');
    assert.equal(cutOf('para\n```ts\ncode'), 'para\n', 'a complete fence line interrupts the paragraph');
    assert.equal(cutOf('```\nx\n```\nafter\n'), '```\nx\n```\n');
    assert.equal(cutOf('- a\n- b\n\ntext\n'), '- a\n- b\n\n');
    assert.equal(cutOf('para\n- item\nmore'), 'para\n', 'a list with a first item interrupts the paragraph');
  });

  it('commits nothing while a fence is open', () => {
    assert.equal(cutOf('```js\nline 1\n\nline 2\n\n# not a heading\n'), '');
  });

  it('commits only at block boundaries of the final text, for every prefix of the corpus', () => {
    let commits = 0;
    for (const text of CORPUS) {
      commits += checkCommitsArePrefixes(Array.from(text));
      assert.equal(streamHtml(Array.from(text)), Parser.parse(lex(text)));
    }
    assert.ok(commits > 20, `expected the corpus to commit often, got ${commits}`);
  });

  it('yields the one-shot HTML for any split of the corpus into deltas (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: CORPUS.length - 1 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (index, cuts) => {
          const text = CORPUS[index]!;
          const deltas = split(text, cuts);
          checkCommitsArePrefixes(deltas);
          assert.equal(streamHtml(deltas), Parser.parse(lex(text)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('holds for random markdown-ish text split anywhere (property)', () => {
    const piece = fc.constantFrom(
      'word ',
      'text',
      '\n',
      '\n\n',
      '# ',
      '#',
      '- ',
      '1. ',
      '1',
      '> ',
      '```',
      '~~~',
      '    ',
      '| a | b |\n',
      '|---|---|\n',
      '***',
      '---',
      '===',
      '**',
      '_',
      '`',
      '<div>',
      '[x]: https://e.com\n',
      '[x]',
      '- [y]: https://e.com/y\n',
      '> [z]: https://e.com/z\n',
      '[y] [z]',
      '1) ',
      '+ ',
      '  ',
      '\t',
      '<!--',
      '-->',
      '<pre>',
      '</pre>',
      '![i](x)',
      'www.e.com',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 30 }),
        (pieces, cuts) => {
          const text = pieces.join('');
          const deltas = split(text, cuts);
          checkCommitsArePrefixes(deltas);
          assert.equal(streamHtml(deltas), Parser.parse(lex(text)));
          assert.equal(streamHtml(Array.from(text)), Parser.parse(lex(text)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

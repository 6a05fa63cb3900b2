// marked's lexer, configured once (GFM), with reference-link definitions carried across separately lexed pieces.
import { Lexer, Marked, type Token, type Tokens, type TokensList } from 'marked';

export type Links = TokensList['links'];

const markedInstance = new Marked({ gfm: true, breaks: false });

/** Lexes `src` as top-level markdown, resolving reference links against `links` as well as its own definitions. */
export function lexMarkdown(src: string, links?: Links): TokensList {
  const lexer = new Lexer(markedInstance.defaults);
  if (links) Object.assign(lexer.tokens.links, links);
  return lexer.lex(src);
}

const LANGUAGE_NAME = /^[\w#+.-]{1,32}$/;

/** The language word of a fence's info string, or '' when there is none or it is not a plausible name. */
export function fenceLanguage(info: string | undefined): string {
  const word = (info ?? '').trim().split(/\s/, 1)[0] ?? '';
  return LANGUAGE_NAME.test(word) ? word.toLowerCase() : '';
}

/** Link reference definitions among `tokens`, including those nested in lists and blockquotes, in source order. */
export function collectDefinitions(tokens: readonly Token[], out: Tokens.Def[] = []): Tokens.Def[] {
  for (const token of tokens) {
    if (token.type === 'def') out.push(token as Tokens.Def);
    else if (token.type === 'list')
      for (const item of (token as Tokens.List).items) collectDefinitions(item.tokens, out);
    else if (token.type === 'blockquote') collectDefinitions((token as Tokens.Blockquote).tokens, out);
  }
  return out;
}

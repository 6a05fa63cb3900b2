// Which links may be followed at all: the webview keeps only these hrefs and the host opens only these (and then
// only through VS Code's own open-external confirmation). One rule for both ends (docs/threat-model.md, W6).

/** http(s) URLs, the only kind the host opens. */
export const OPENABLE_LINK = /^https?:\/\//i;

export function isOpenableLink(href: string): boolean {
  return OPENABLE_LINK.test(href.trim());
}

// The webview's strings in VS Code's display language. The host writes the loaded translation bundle
// (`vscode.l10n.bundle`: English text -> translation; none for English) into the page as a data attribute
// (src/host/view/webviewHtml.ts), so the first paint is already translated and no message round trip is needed.
// A lookup of our own rather than @vscode/l10n: a few lines instead of a dependency, and the same `l10n.t(...)` shape
// as the host's and core's, so `npm run l10n` collects these strings too (docs/architecture.md, "Languages").
import { formatMessage, type L10nArg } from '../shared/formatMessage';

let bundle: Record<string, unknown> = {};

/** Reads the bundle the host put on `element` (`data-l10n`); a missing or broken one leaves English. */
export function loadBundle(element: HTMLElement): void {
  const raw = element.dataset.l10n;
  if (!raw) return;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object') bundle = parsed as Record<string, unknown>;
  } catch {
    bundle = {};
  }
}

export const l10n = {
  t(message: string, ...args: L10nArg[]): string {
    const translated = bundle[message];
    return formatMessage(typeof translated === 'string' ? translated : message, args);
  },
};

// Every user-facing string that core produces (errors, advice, Test Connection's report) goes through `l10n.t`, so
// it can be translated although core never imports `vscode` (docs/architecture.md, "Languages"). The host installs
// VS Code's translator (`vscode.l10n.t`) at activation; unit tests and benches keep this English default. The object
// is named `l10n` on purpose: `@vscode/l10n-dev export` finds `l10n.t(...)` calls and collects their strings into
// l10n/bundle.l10n.json, the same as it does for the host's `vscode.l10n.t(...)`.
// Placeholders are `{0}`, `{1}`, ... exactly as in VS Code's own API.

import { formatMessage, type L10nArg } from '../shared/formatMessage';

export { formatMessage, type L10nArg };
export type Translate = (message: string, ...args: L10nArg[]) => string;

let translate: Translate = (message, ...args) => formatMessage(message, args);

export const l10n = {
  t(message: string, ...args: L10nArg[]): string {
    return translate(message, ...args);
  },
};

/** The host calls this once, at activation, with `vscode.l10n.t`. */
export function setTranslator(t: Translate): void {
  translate = t;
}

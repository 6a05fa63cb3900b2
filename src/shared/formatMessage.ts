// VS Code's placeholder formatting without a bundle, shared by core (src/core/l10n.ts) and the webview
// (src/webview/l10n.ts): `{n}` becomes the n-th argument; an index with no argument is kept.
export type L10nArg = string | number | boolean;

export function formatMessage(message: string, args: readonly L10nArg[]): string {
  return message.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}

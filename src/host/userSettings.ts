// Settings a workspace must not set, read from the user's own values only (docs/threat-model.md, K2 and K5). The
// manifest scopes them to the application too; reading the user value here keeps that true even if a scope were
// ever changed.
import * as vscode from 'vscode';

/** `claudeMessages.<key>` as the user set it (never a workspace's value), else the default. */
export function userValue<T>(key: string): T | undefined {
  const i = vscode.workspace.getConfiguration('claudeMessages').inspect<T>(key);
  return i?.globalValue ?? i?.defaultValue;
}

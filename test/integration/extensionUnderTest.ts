import { dirname, join } from 'node:path';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'claude-messages.claude-messages';

let activeAtStart: boolean | undefined;

/** Called by the runner before any suite runs: whether the extension was already active in the fresh window. */
export function recordStartState(): void {
  activeAtStart = extensionUnderTest().isActive;
}

/** The state recordStartState saw, so no test depends on running before the others. */
export function wasActiveAtStart(): boolean {
  if (activeAtStart === undefined) throw new Error('the runner did not record the start state');
  return activeAtStart;
}

export function extensionUnderTest(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

interface Contributes {
  commands: { command: string; title: string; category?: string }[];
  configuration: { properties: Record<string, { default?: unknown; scope?: string }> };
  keybindings: { command: string; key: string; mac?: string; when?: string }[];
}

export function contributes(): Contributes {
  return (extensionUnderTest().packageJSON as { contributes: Contributes }).contributes;
}

let companionLogs: vscode.Uri | undefined;

/** The companion extension's log folder (set when it activates; unset under @vscode/test-electron). */
export function setCompanionLogUri(uri: vscode.Uri): void {
  companionLogs = uri;
}

/**
 * The file VS Code writes the extension's "Claude Messages" log channel to: each extension's log channels live in
 * `<extension host logs>/<extension id>/<channel name>.log`, beside the companion's own folder. Undefined when the
 * companion did not say where its logs are.
 */
export function logFileOfExtensionUnderTest(): string | undefined {
  return companionLogs && join(dirname(companionLogs.fsPath), EXTENSION_ID, 'Claude Messages.log');
}

import * as vscode from 'vscode';

export const EXTENSION_ID = 'claude-messages.claude-messages';

export function extensionUnderTest(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

interface Contributes {
  commands: { command: string; title: string; category?: string }[];
  configuration: { properties: Record<string, { default?: unknown; scope?: string }> };
}

export function contributes(): Contributes {
  return (extensionUnderTest().packageJSON as { contributes: Contributes }).contributes;
}

// The integration suites' side of the extension's test seam (src/host/testHooks.ts): feed the chat view's handler
// what a webview could post, read what the host posted back, read the tool settings as the gate reads them.
import * as vscode from 'vscode';
import type { ToolSettings } from '../../src/core/tools/types';
import type { HostMessage } from '../../src/shared/protocol';
import type { TestHookRequest } from '../../src/host/testHooks';

const COMMAND = 'claudeMessages.test.hooks';

function hook<T>(request: TestHookRequest): Promise<T> {
  return Promise.resolve(vscode.commands.executeCommand<T>(COMMAND, request));
}

/** Resolves when the host has handled `message` (for `send`: when the turn has ended). */
export const receive = (message: unknown): Promise<void> => hook({ op: 'receive', message });
export const posted = (): Promise<HostMessage[]> => hook({ op: 'posted' });
export const toolSettings = (): Promise<ToolSettings> => hook({ op: 'toolSettings' });

/** Collects posts until `done` says the ones seen so far are enough; the far deadline is a safety net only. */
export async function postsUntil(
  done: (all: HostMessage[]) => boolean,
  collected: HostMessage[] = [],
): Promise<HostMessage[]> {
  const deadline = Date.now() + 25_000;
  for (;;) {
    collected.push(...(await posted()));
    if (done(collected)) return collected;
    if (Date.now() > deadline)
      throw new Error(`gave up waiting; posts: ${JSON.stringify(collected.map((m) => m.type))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Writes the workspace folder's .vscode/settings.json as a cloned repository would, and waits for VS Code to read it. */
export async function writeWorkspaceSettings(
  settings: Record<string, unknown>,
  watch: string,
): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) throw new Error('the integration window has no workspace folder');
  const changed = new Promise<void>((resolve) => {
    const sub = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(watch)) {
        sub.dispose();
        resolve();
      }
    });
  });
  await vscode.workspace.fs.writeFile(
    vscode.Uri.joinPath(folder, '.vscode', 'settings.json'),
    new TextEncoder().encode(JSON.stringify(settings, null, 2)),
  );
  await changed;
}

export async function removeWorkspaceSettings(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!folder) return;
  await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.vscode'), { recursive: true }).then(
    () => undefined,
    () => undefined,
  );
}

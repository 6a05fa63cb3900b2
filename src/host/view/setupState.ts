// What the welcome screen shows: whether chat can run, and if not, what is missing. Built from the resolved
// connection without the key, so nothing that reaches the webview can carry it.
import type * as vscode from 'vscode';
import type { SetupState } from '../../shared/protocol';
import { resolveConnection } from '../connection/resolveConnection';

export async function readSetupState(secrets: vscode.SecretStorage): Promise<SetupState> {
  const c = await resolveConnection(secrets);
  if (c.ok) return { ready: true, problems: [], endpoint: c.endpoint, model: c.turn.model };
  return { ready: false, problems: c.problems, endpoint: c.endpoint, model: c.model, detail: c.detail };
}

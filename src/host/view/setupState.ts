// What the welcome screen shows: whether chat can run, and if not, what is missing. Built from the resolved
// connection without the key, so nothing that reaches the webview can carry it.
import type * as vscode from 'vscode';
import type { SetupState } from '../../shared/protocol';
import { resolveConnection } from '../connection/resolveConnection';
import { certificateChecksOff } from '../net/networkAccess';

export async function readSetupState(secrets: vscode.SecretStorage): Promise<SetupState> {
  const c = await resolveConnection(secrets);
  // Only when off, so the message is unchanged for everyone who never touched the setting.
  const tls = certificateChecksOff() ? { certificateChecksOff: true } : {};
  if (c.ok) return { ready: true, problems: [], endpoint: c.endpoint, model: c.turn.model, ...tls };
  return {
    ready: false,
    problems: c.problems,
    endpoint: c.endpoint,
    model: c.model,
    detail: c.detail,
    ...tls,
  };
}

// "Claude: Test Connection": runs the diagnosis (src/core/connection/diagnose.ts) for the active profile and shows
// the report as a read-only Markdown document. Why a document: the report is long-lived text a user reads, copies
// into a ticket and re-runs, with each step's advice in full. A notification is too small for that, and the chat view
// is for the conversation. A virtual document (no file, no "save?" prompt) holds it; the notification carries the
// verdict and a button back to the report.
import * as vscode from 'vscode';
import { diagnose, type DiagnosisReport } from '../../core/connection/diagnose';
import { formatReport, summarize } from '../../core/connection/report';
import { resolveConnection } from './resolveConnection';
import { requestLogger } from '../../core/messages/requestLog';
import { networkAccess } from '../net/networkAccess';

export const REPORT_SCHEME = 'claude-messages-report';

export class ConnectionReports implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly reports = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.reports.get(uri.path) ??
      vscode.l10n.t('# Claude: Test Connection\n\nThis report is no longer available: run the test again.')
    );
  }

  /** One document, updated in place on each run. */
  show(markdown: string): Thenable<vscode.TextEditor> {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: '/Connection Test.md' });
    this.reports.set(uri.path, markdown);
    this.changed.fire(uri);
    return vscode.workspace
      .openTextDocument(uri)
      .then((doc) => vscode.languages.setTextDocumentLanguage(doc, 'markdown'))
      .then((doc) => vscode.window.showTextDocument(doc, { preview: false }));
  }

  dispose(): void {
    this.registration.dispose();
    this.changed.dispose();
  }
}

/** Runs the test; returns the report (the command's result, so tests and other extensions can read it). */
export async function testConnection(
  secrets: vscode.SecretStorage,
  log: vscode.LogOutputChannel,
  reports: ConnectionReports,
): Promise<DiagnosisReport | undefined> {
  const c = await resolveConnection(secrets);
  const target = c.ok
    ? { client: c.client, model: c.turn.model, keySource: c.keySource, enteredBaseUrl: c.enteredBaseUrl }
    : c.partial && c.partial.model
      ? c.partial
      : undefined;
  if (!target) {
    const detail = !c.ok && c.detail ? c.detail : vscode.l10n.t('Set a base URL and a model first.');
    void vscode.window
      .showErrorMessage(
        vscode.l10n.t('Claude: cannot test the connection: {0}', detail),
        vscode.l10n.t('Open Settings'),
      )
      .then((b) => b && vscode.commands.executeCommand('claudeMessages.openSettings'));
    return undefined;
  }
  log.info(
    `Test Connection: ${c.profile} ${target.client.baseUrl} (${target.client.apiFormat}, key as ${target.client.authHeader})`,
  );
  const report = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Claude: testing the connection…'),
      cancellable: true,
    },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return diagnose(
        {
          profile: c.profile,
          model: target.model,
          keySource: target.keySource,
          enteredBaseUrl: target.enteredBaseUrl,
          network: networkAccess(),
          client: { ...target.client, onLog: requestLogger(log, target.client.baseUrl) },
        },
        abort.signal,
      );
    },
  );
  for (const line of report.network) log.info(`Test Connection: ${line}`);
  for (const s of report.steps)
    log.info(`Test Connection: ${s.title}: ${s.status}${s.ms !== undefined ? ` (${s.ms} ms)` : ''}`);
  await reports.show(formatReport(report));
  const summary = `Claude: ${summarize(report)}`;
  const notify = report.ok ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
  void notify(summary, vscode.l10n.t('Show Log')).then((b) => b && log.show());
  return report;
}

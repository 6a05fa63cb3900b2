// The status-bar item: the active endpoint and model at a glance; a click opens "Claude: Select Endpoint".
// While a reply streams it shows that instead, and a click stops the reply.
import * as vscode from 'vscode';
import { resolveConnection } from './resolveConnection';

export class EndpointStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'claudeMessages.endpoint',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly disposables: vscode.Disposable[] = [];
  private busy = false;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.item.name = vscode.l10n.t('Claude Endpoint');
    this.item.command = 'claudeMessages.selectEndpoint';
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration(
        (e) => e.affectsConfiguration('claudeMessages') && void this.update(),
      ),
      secrets.onDidChange(() => void this.update()),
    );
    void this.update();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    void this.update();
  }

  async update(): Promise<void> {
    const c = await resolveConnection(this.secrets);
    if (this.busy) {
      const model = c.ok ? c.turn.model : c.model;
      this.item.text = `$(loading~spin) ${vscode.l10n.t('Claude: answering…')}`;
      this.item.backgroundColor = undefined;
      this.item.command = { command: 'claudeMessages.stop', title: vscode.l10n.t('Stop') };
      this.item.tooltip = vscode.l10n.t('Claude ({0}) is answering… click to stop.', model);
      this.item.accessibilityInformation = { label: vscode.l10n.t('Claude is answering. Click to stop.') };
      this.item.show();
      return;
    }
    this.item.command = 'claudeMessages.selectEndpoint';
    const model = c.ok ? c.turn.model : c.model;
    if (c.ok) {
      this.item.text = `$(sparkle) ${c.profile} · ${model}`;
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = `$(warning) ${c.problems.includes('noKey') ? vscode.l10n.t('Claude: no key') : vscode.l10n.t('Claude: check settings')}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    this.item.tooltip = new vscode.MarkdownString(
      vscode.l10n.t(
        '**Claude endpoint:** {0}\n\n{1}\n\nModel: {2}\n\nClick to switch endpoint.',
        c.profile,
        c.endpoint,
        model || vscode.l10n.t('(none)'),
      ),
    );
    this.item.accessibilityInformation = {
      label: vscode.l10n.t('Claude endpoint {0}, model {1}', c.profile, model),
    };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.item.dispose();
  }
}

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
    this.item.name = 'Claude Endpoint';
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
      this.item.text = `$(loading~spin) Claude: answering…`;
      this.item.backgroundColor = undefined;
      this.item.command = { command: 'claudeMessages.stop', title: 'Stop' };
      this.item.tooltip = `Claude (${model}) is answering… click to stop.`;
      this.item.accessibilityInformation = { label: 'Claude is answering. Click to stop.' };
      this.item.show();
      return;
    }
    this.item.command = 'claudeMessages.selectEndpoint';
    const model = c.ok ? c.turn.model : c.model;
    if (c.ok) {
      this.item.text = `$(sparkle) ${c.profile} · ${model}`;
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = `$(warning) Claude: ${c.problems.includes('noKey') ? 'no key' : 'check settings'}`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    this.item.tooltip = new vscode.MarkdownString(
      `**Claude endpoint:** ${c.profile}\n\n${c.endpoint}\n\nModel: ${model || '(none)'}\n\nClick to switch endpoint.`,
    );
    this.item.accessibilityInformation = { label: `Claude endpoint ${c.profile}, model ${model}` };
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.item.dispose();
  }
}

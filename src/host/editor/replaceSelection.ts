// Answers back into the code: an editor action remembers exactly where its code came from, and a reply's code
// can replace it. The change is shown in VS Code's diff editor first and applied only on Apply, as one edit that
// one Undo takes back; if that text changed in the meantime, nothing is overwritten.
import * as vscode from 'vscode';

export interface EditorOrigin {
  uri: vscode.Uri;
  range: vscode.Range;
  /** The text at `range` when it was sent. */
  original: string;
  label: string;
}

const SCHEME = 'claude-messages-proposed';

export class SelectionReplacer implements vscode.Disposable {
  private readonly origins = new Map<string, EditorOrigin>();
  private readonly proposals = new Map<string, string>();
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(SCHEME, {
      provideTextDocumentContent: (uri) => this.proposals.get(uri.query) ?? '',
    });
  }

  remember(requestId: string, origin: EditorOrigin): void {
    this.origins.set(requestId, origin);
  }

  async replace(requestId: string, code: string): Promise<void> {
    const origin = this.origins.get(requestId);
    if (!origin) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t('Claude: this reply is not tied to a selection (or the window was reloaded since).'),
      );
      return;
    }
    const doc = await vscode.workspace.openTextDocument(origin.uri);
    if (!this.unchanged(doc, origin)) return;

    const replacement = code.replace(/\n$/, '');
    const proposed =
      doc.getText(new vscode.Range(doc.positionAt(0), origin.range.start)) +
      replacement +
      doc.getText(new vscode.Range(origin.range.end, doc.positionAt(doc.getText().length)));
    const key = `${requestId}-${Date.now()}`;
    this.proposals.set(key, proposed);
    const right = vscode.Uri.from({ scheme: SCHEME, path: origin.uri.path, query: key });
    await vscode.commands.executeCommand(
      'vscode.diff',
      origin.uri,
      right,
      vscode.l10n.t("{0} ↔ Claude's change", origin.label),
      {
        preview: true,
      },
    );
    const apply = vscode.l10n.t('Apply');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t("Apply Claude's change to {0}?", origin.label),
      {
        modal: true,
        detail: vscode.l10n.t(
          'The diff editor shows the change. It is applied as one edit; Undo takes it back.',
        ),
      },
      apply,
    );
    this.proposals.delete(key);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    if (choice !== apply) return;
    const now = await vscode.workspace.openTextDocument(origin.uri);
    if (!this.unchanged(now, origin)) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(origin.uri, origin.range, replacement);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Claude: the change to {0} could not be applied.', origin.label),
      );
      return;
    }
    await vscode.window.showTextDocument(now, {
      selection: new vscode.Range(origin.range.start, origin.range.start),
    });
    // The replaced text is the new original: a second Replace from the same reply would need a fresh selection.
    this.origins.delete(requestId);
  }

  private unchanged(doc: vscode.TextDocument, origin: EditorOrigin): boolean {
    if (doc.getText(origin.range) === origin.original) return true;
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'Claude: {0} changed since it was sent, so it was not replaced. Copy the code from the reply instead.',
        origin.label,
      ),
    );
    return false;
  }

  dispose(): void {
    this.registration.dispose();
    this.origins.clear();
    this.proposals.clear();
  }
}

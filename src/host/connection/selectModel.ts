// "Claude: Select Model": the endpoint's own model list (GET /v1/models), plus free text for gateways that
// list nothing or name models their own way. The choice goes to the user's `claudeMessages.model`.
import * as vscode from 'vscode';
import { MessagesClient } from '../../core/messages/client';
import { resolveConnection } from './resolveConnection';

export async function selectModel(secrets: vscode.SecretStorage): Promise<void> {
  const config = vscode.workspace.getConfiguration('claudeMessages');
  const current = config.get<string>('model') ?? '';
  type Item = vscode.QuickPickItem & { id?: string; custom?: boolean };
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Claude: Select Model';
  pick.placeholder = vscode.l10n.t(
    'Current: {0} — pick one, or type any model id your endpoint accepts',
    current || vscode.l10n.t('(none)'),
  );
  pick.busy = true;
  pick.show();

  let listed: Item[] = [];
  const connection = await resolveConnection(secrets);
  if (connection.ok) {
    try {
      const models = await new MessagesClient(connection.client).listModels(AbortSignal.timeout(15_000));
      listed = models.map((m) => ({
        id: m.id,
        label: m.id,
        description: m.display_name && m.display_name !== m.id ? m.display_name : undefined,
        detail: m.id === current ? vscode.l10n.t('current') : undefined,
      }));
    } catch (e) {
      pick.placeholder = vscode.l10n.t(
        'The endpoint did not list its models ({0}); type a model id',
        e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e),
      );
    }
  } else {
    pick.placeholder = vscode.l10n.t('No endpoint or key yet: type a model id');
  }
  pick.busy = false;
  const refresh = () => {
    const typed = pick.value.trim();
    const custom: Item[] =
      typed && !listed.some((i) => i.id === typed)
        ? [
            {
              id: typed,
              label: typed,
              description: vscode.l10n.t('use this model id'),
              custom: true,
              alwaysShow: true,
            },
          ]
        : [];
    pick.items = [...custom, ...listed];
  };
  refresh();
  pick.onDidChangeValue(refresh);

  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.id ?? (pick.value.trim() || undefined));
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
  });
  pick.dispose();
  if (!chosen || chosen === current) return;
  await config.update('model', chosen, vscode.ConfigurationTarget.Global);
}

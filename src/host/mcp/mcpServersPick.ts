// "Claude: MCP Servers": each configured server with its state, its tools and its last error; picking one offers
// Restart, Disable / Enable, and Show Log.
import * as vscode from 'vscode';
import { launchDescription } from '../../core/mcp/config';
import type { ServerState } from '../../core/mcp/serverHandle';
import type { McpServers } from './mcpServers';

function stateText(state: ServerState, awaitingApproval: boolean): string {
  if (awaitingApproval) return vscode.l10n.t('not approved');
  switch (state) {
    case 'idle':
      return vscode.l10n.t('starts on first use');
    case 'starting':
      return vscode.l10n.t('starting');
    case 'running':
      return vscode.l10n.t('running');
    case 'restarting':
      return vscode.l10n.t('restarting after a failure');
    case 'failed':
      return vscode.l10n.t('failed');
    case 'disabled':
      return vscode.l10n.t('disabled');
    case 'stopped':
      return vscode.l10n.t('stopped');
  }
}

export async function showMcpServers(servers: McpServers, log: vscode.LogOutputChannel): Promise<void> {
  await servers.refresh();
  const entries = servers.list();
  type Item = vscode.QuickPickItem & { name?: string };
  const items: Item[] = entries.map(({ config, handle, awaitingApproval }) => ({
    name: config.name,
    label: config.name,
    description: `${stateText(handle.state, awaitingApproval)} · ${config.source === 'workspace' ? vscode.l10n.t('workspace') : vscode.l10n.t('user')}`,
    detail: [
      handle.tools.length
        ? vscode.l10n.t('Tools: {0}', handle.tools.map((t) => t.tool).join(', '))
        : launchDescription(config.transport),
      handle.lastError ? vscode.l10n.t('Last error: {0}', handle.lastError) : '',
    ]
      .filter(Boolean)
      .join(' — '),
  }));
  for (const p of servers.problems) items.push({ label: `$(warning) ${p}` });
  if (items.length === 0) {
    const open = vscode.l10n.t('Open Settings');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t(
        'No MCP servers are configured. Add them in the setting claudeMessages.mcpServers or in .vscode/mcp.json.',
      ),
      open,
    );
    if (choice === open)
      await vscode.commands.executeCommand('workbench.action.openSettings', 'claudeMessages.mcpServers');
    return;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('MCP Servers'),
    placeHolder: vscode.l10n.t('Pick a server to restart, disable or enable it'),
  });
  if (!picked?.name) return;
  const entry = entries.find((e) => e.config.name === picked.name);
  if (!entry) return;
  const restart = vscode.l10n.t('Restart');
  const disable = vscode.l10n.t('Disable');
  const enable = vscode.l10n.t('Enable');
  const showLog = vscode.l10n.t('Show Log');
  const disabled = entry.handle.state === 'disabled';
  const action = await vscode.window.showQuickPick(
    disabled ? [enable, showLog] : [restart, disable, showLog],
    {
      title: picked.name,
    },
  );
  if (action === restart)
    await servers
      .restart(picked.name)
      .catch((e: unknown) => vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e)));
  else if (action === disable) await servers.setDisabled(picked.name, true);
  else if (action === enable) await servers.setDisabled(picked.name, false);
  else if (action === showLog) log.show();
}

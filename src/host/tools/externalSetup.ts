// One set of external tool sources per extension host, made when the first chat session needs it: VS Code's
// tools and the MCP servers (whose SDK loads only when a server starts). The "Claude: MCP Servers" command uses the
// same servers. Their processes end with the extension (context.subscriptions).
import * as vscode from 'vscode';
import type { McpFetch } from '../../core/mcp/connection';
import { McpServers } from '../mcp/mcpServers';
import { networkAccess } from '../net/networkAccess';
import { ExternalTools } from './externalTools';
import { VsCodeToolSource } from './vscodeTools';

let made: { tools: ExternalTools; mcp: McpServers } | undefined;

/**
 * The fetch all MCP HTTP traffic goes through: the extension's one network path (VS Code's proxy settings, the proxy
 * environment, the user's CAs; docs/architecture.md, "The network path"), read afresh for every request so a settings
 * change applies at once.
 */
const mcpFetch: McpFetch = (url, init) => networkAccess().fetch(url, init);

export function externalSetup(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): { tools: ExternalTools; mcp: McpServers } {
  if (made) return made;
  const mcp = new McpServers({ context, log, fetch: mcpFetch });
  let configured = false;
  const refresh = () => void mcp.refresh();
  /** The configuration is read on first use, and watched from then on (nothing of it runs before). */
  const configure = async () => {
    if (configured) return;
    configured = true;
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/mcp.json');
    context.subscriptions.push(
      watcher,
      watcher.onDidChange(refresh),
      watcher.onDidCreate(refresh),
      watcher.onDidDelete(refresh),
      vscode.workspace.onDidGrantWorkspaceTrust(refresh),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('claudeMessages.mcpServers')) refresh();
      }),
    );
    await mcp.refresh();
  };
  const tools = new ExternalTools(
    {
      vscode: new VsCodeToolSource(),
      mcp: async () => {
        await configure();
        return mcp.source;
      },
    },
    (m) => log.warn(m),
  );
  context.subscriptions.push(mcp, { dispose: () => (made = undefined) });
  made = { tools, mcp };
  return made;
}

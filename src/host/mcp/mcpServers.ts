// The user's MCP servers in the host: configuration read from the user setting claudeMessages.mcpServers and, in a
// trusted workspace, .vscode/mcp.json; a server a workspace defines starts only after the user approved its exact
// command line, remembered by its hash (docs/threat-model.md, G12). Servers start on first use (the first turn
// that offers tools), never at activation, and the SDK itself (dist/mcp.js) loads then too (docs/performance.md).
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  launchDescription,
  launchHash,
  mergeServers,
  parseServers,
  parseWorkspaceFile,
  type McpServerConfig,
  type ParsedServers,
} from '../../core/mcp/config';
import { NoRetryError, type Connect, type McpFetch } from '../../core/mcp/connection';
import { McpToolSource } from '../../core/mcp/mcpToolSource';
import { ServerHandle } from '../../core/mcp/serverHandle';

const APPROVED_KEY = 'claudeMessages.mcp.approvedLaunches';
const DISABLED_KEY = 'claudeMessages.mcp.disabledServers';
const DEFAULT_CALL_TIMEOUT_S = 300;

type SdkModule = { connectMcp: Connect };

/** The SDK's bundle, next to this one (esbuild.mjs builds dist/mcp.js from src/core/mcp/sdkConnection.ts). */
function loadSdk(): SdkModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a separate bundle, loaded on first use
  return require(path.join(__dirname, 'mcp.js')) as SdkModule;
}

export interface McpServersOptions {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  /**
   * The one fetch every MCP HTTP request goes through. Today the global fetch; proxy support (configured proxies,
   * certificates) plugs in here, in app.ts where this object is made.
   */
  fetch: McpFetch;
}

export class McpServers implements vscode.Disposable {
  private readonly handles = new Map<string, { hash: string; handle: ServerHandle }>();
  /** Workspace servers the user declined this session: not asked again until they restart or pick "Start". */
  private readonly declined = new Set<string>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  problems: string[] = [];
  readonly source: McpToolSource;
  private sdk: SdkModule | undefined;

  constructor(private readonly o: McpServersOptions) {
    this.source = new McpToolSource({
      servers: () => [...this.handles.values()].map((h) => h.handle),
      callTimeoutMs: () => {
        const s = vscode.workspace
          .getConfiguration('claudeMessages.mcp')
          .inspect<number>('callTimeoutSeconds');
        const v = s?.globalValue;
        return (typeof v === 'number' && v > 0 ? v : DEFAULT_CALL_TIMEOUT_S) * 1000;
      },
    });
  }

  private readConfig(): ParsedServers {
    const value = vscode.workspace.getConfiguration('claudeMessages').inspect('mcpServers')?.globalValue;
    const env = process.env;
    return parseServers(value, 'user', { userHome: os.homedir(), env });
  }

  private async readWorkspace(): Promise<ParsedServers> {
    const all: ParsedServers = { servers: [], problems: [] };
    if (!vscode.workspace.isTrusted) return all;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = vscode.Uri.joinPath(folder.uri, '.vscode', 'mcp.json');
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue; // no mcp.json in this folder
      }
      const parsed = parseWorkspaceFile(text, {
        workspaceFolder: folder.uri.fsPath,
        userHome: os.homedir(),
        env: process.env,
      });
      all.servers.push(...parsed.servers.filter((s) => !all.servers.some((x) => x.name === s.name)));
      all.problems.push(...parsed.problems.map((p) => `${folder.name}: ${p}`));
    }
    return all;
  }

  /** Brings the running servers in line with the configuration: new ones are added (not started), changed or removed ones stopped. */
  async refresh(): Promise<void> {
    const merged = mergeServers(this.readConfig(), await this.readWorkspace());
    if (merged.problems.join('\n') !== this.problems.join('\n'))
      for (const p of merged.problems) this.o.log.warn(p);
    this.problems = merged.problems;
    const wanted = new Map(merged.servers.map((s) => [s.name, s]));
    for (const [name, h] of this.handles) {
      const next = wanted.get(name);
      if (!next || launchHash(next) !== h.hash) {
        this.handles.delete(name);
        void h.handle.stop();
      }
    }
    const disabled = new Set(this.o.context.globalState.get<string[]>(DISABLED_KEY, []));
    for (const server of merged.servers) {
      if (this.handles.has(server.name)) continue;
      const handle = this.create(server);
      if (disabled.has(server.name)) await handle.disable();
      this.handles.set(server.name, { hash: launchHash(server), handle });
    }
    this.changed.fire();
  }

  private create(config: McpServerConfig): ServerHandle {
    return new ServerHandle({
      config,
      fetch: this.o.fetch,
      connect: async (c) => {
        if (config.source === 'workspace' && !(await this.approve(config)))
          throw new NoRetryError(vscode.l10n.t('You did not approve starting it.'));
        this.sdk ??= loadSdk();
        return this.sdk.connectMcp(c);
      },
      log: (level, message) => this.o.log[level](message),
      onChange: () => this.changed.fire(),
    });
  }

  /** G12: a workspace's server starts only with the user's approval of exactly this launch. */
  private async approve(config: McpServerConfig): Promise<boolean> {
    const hash = launchHash(config);
    const approved = this.o.context.globalState.get<string[]>(APPROVED_KEY, []);
    if (approved.includes(hash)) return true;
    if (this.declined.has(hash)) return false;
    const start = vscode.l10n.t('Start Server');
    const what =
      config.transport.type === 'stdio' ? vscode.l10n.t('run this command') : vscode.l10n.t('connect to');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('This workspace defines the MCP server "{0}". Start it?', config.name),
      {
        modal: true,
        detail: vscode.l10n.t(
          "It will {0}:\n\n{1}\n\nStart it only if you trust this workspace's .vscode/mcp.json. You are asked again if it changes.",
          what,
          launchDescription(config.transport),
        ),
      },
      start,
    );
    if (choice !== start) {
      this.declined.add(hash);
      return false;
    }
    await this.o.context.globalState.update(APPROVED_KEY, [...approved, hash]);
    return true;
  }

  list(): { config: McpServerConfig; handle: ServerHandle; awaitingApproval: boolean }[] {
    return [...this.handles.values()].map(({ hash, handle }) => ({
      config: handle.config,
      handle,
      awaitingApproval: this.declined.has(hash),
    }));
  }

  async restart(name: string): Promise<void> {
    const h = this.handles.get(name);
    if (!h) return;
    this.declined.delete(h.hash); // "Restart" of a declined workspace server asks again
    await h.handle.restart();
  }

  async setDisabled(name: string, disabled: boolean): Promise<void> {
    const h = this.handles.get(name);
    const list = new Set(this.o.context.globalState.get<string[]>(DISABLED_KEY, []));
    if (disabled) list.add(name);
    else list.delete(name);
    await this.o.context.globalState.update(DISABLED_KEY, [...list]);
    if (!h) return;
    if (disabled) await h.handle.disable();
    else h.handle.enable();
    this.changed.fire();
  }

  /** Every server stopped, with its whole process tree. */
  async stopAll(): Promise<void> {
    await Promise.all([...this.handles.values()].map((h) => h.handle.stop()));
    this.handles.clear();
  }

  dispose(): void {
    void this.stopAll();
    this.changed.dispose();
  }
}

// The external tool sources of one window (VS Code's tools, the MCP servers) behind one door: listing for a turn
// gives each tool its name for the model (never shadowing our own tools), and a call goes back to its source.
import { nameTools } from '../../core/tools/external/naming';
import type {
  ExternalCallResult,
  ExternalTool,
  ExternalToolSource,
  ExternalToolSpec,
} from '../../core/tools/external/types';
import { TOOL_NAMES } from '../../core/tools/types';

/** How long a turn waits for servers that are still starting; they are offered from the next turn on. */
const LIST_WAIT_MS = 20_000;

export interface ExternalSources {
  vscode: ExternalToolSource;
  /** Made on first use: the MCP side refreshes its configuration before listing. */
  mcp: () => Promise<ExternalToolSource>;
}

export class ExternalTools {
  private readonly origins = new WeakMap<ExternalToolSpec, ExternalToolSource>();

  constructor(
    private readonly sources: ExternalSources,
    private readonly log: (message: string) => void,
  ) {}

  async listForTurn(signal: AbortSignal): Promise<ExternalTool[]> {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(LIST_WAIT_MS)]);
    const lists = await Promise.all([
      this.listOne(this.sources.vscode, deadline),
      this.sources.mcp().then((s) => this.listOne(s, deadline)),
    ]);
    const specs = lists.flat();
    const named = nameTools(specs, TOOL_NAMES);
    // nameTools keeps the specs' order: remember each one's source by position.
    named.forEach((t, i) => this.origins.set(t, this.origins.get(specs[i]!)!));
    return named;
  }

  private async listOne(source: ExternalToolSource, signal: AbortSignal): Promise<ExternalToolSpec[]> {
    try {
      const specs = await source.list(signal);
      for (const s of specs) this.origins.set(s, source);
      return specs;
    } catch (e) {
      this.log(`Listing external tools failed: ${e instanceof Error ? e.message : String(e)}`);
      return [];
    }
  }

  call(tool: ExternalTool, input: Record<string, unknown>, signal: AbortSignal): Promise<ExternalCallResult> {
    const source = this.origins.get(tool);
    if (!source) throw new Error(`No source for ${tool.name}`);
    return source.call(tool.origin, input, signal);
  }
}

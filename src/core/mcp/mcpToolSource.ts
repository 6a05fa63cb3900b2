// The user's MCP servers as one external tool source: listing starts every enabled server that is not running
// yet (first use) and gathers their tools; a call goes to its server with the per-call timeout. A server that
// cannot start lists no tools; its error is in the log and in "Claude: MCP Servers".
import type {
  ExternalCallResult,
  ExternalOrigin,
  ExternalToolSource,
  ExternalToolSpec,
} from '../tools/external/types';
import type { ServerHandle } from './serverHandle';

export interface McpToolSourceOptions {
  servers: () => readonly ServerHandle[];
  callTimeoutMs: () => number;
}

export class McpToolSource implements ExternalToolSource {
  constructor(private readonly o: McpToolSourceOptions) {}

  async list(signal: AbortSignal): Promise<ExternalToolSpec[]> {
    const handles = this.o.servers().filter((s) => s.state !== 'disabled' && s.state !== 'stopped');
    const stopped = new Promise<void>((resolve) =>
      signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    const lists = await Promise.all(
      handles.map(async (h) => {
        // A server that fails to start is left out of this turn; Stop does not wait for a slow start.
        const ok = await Promise.race([
          h.ensureRunning().then(
            () => true,
            () => false,
          ),
          stopped.then(() => false),
        ]);
        return ok ? h.tools.map((t) => ({ handle: h, t })) : [];
      }),
    );
    return lists.flat().map(({ handle, t }) => ({
      origin: { kind: 'mcp', server: handle.name, tool: t.tool },
      description: t.description,
      inputSchema: t.inputSchema,
      readOnlyHint: t.readOnlyHint,
    }));
  }

  async call(
    origin: ExternalOrigin,
    input: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ExternalCallResult> {
    if (origin.kind !== 'mcp') throw new Error('not an MCP tool');
    const handle = this.o.servers().find((s) => s.name === origin.server);
    if (!handle)
      return {
        content: [{ type: 'text', text: `The MCP server "${origin.server}" is no longer configured.` }],
        isError: true,
      };
    return handle.callTool(origin.tool, input, { signal, timeoutMs: this.o.callTimeoutMs() });
  }
}

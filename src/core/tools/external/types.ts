// Tools that are not ours: VS Code's own language-model tools and the tools of the user's MCP servers. Both are
// a source that lists tools (name, description, JSON Schema) and runs one call with an AbortSignal. The gate
// treats every external tool the same way (card with the exact input, Allow / Deny), whatever its source
// (docs/architecture.md, "External tools"). Nothing here imports `vscode`.

/** Where an external tool comes from, as the card names it. */
export type ExternalOrigin =
  | { kind: 'vscode'; /** The tool's name in vscode.lm.tools. */ tool: string }
  | { kind: 'mcp'; server: string; /** The tool's name on its server. */ tool: string };

/** A tool as a source lists it, before it gets the name offered to the model. */
export interface ExternalToolSpec {
  origin: ExternalOrigin;
  /** English text from the tool's author; passed to the model as it is (capped). */
  description: string;
  /** The tool's JSON Schema for its input; always an object schema when offered. */
  inputSchema: Record<string, unknown>;
  /** The server says the tool only reads (MCP `readOnlyHint`). Trusted only when the user turned that on. */
  readOnlyHint: boolean;
}

/** A listed tool with its name for the model: `^[a-zA-Z0-9_-]{1,64}$`, unique among a turn's tools. */
export interface ExternalTool extends ExternalToolSpec {
  name: string;
}

export type ExternalContent =
  { type: 'text'; text: string } | { type: 'image'; mediaType: string; /** base64 */ data: string };

export interface ExternalCallResult {
  content: ExternalContent[];
  isError: boolean;
}

export interface ExternalToolSource {
  /** The tools it offers now; a source that cannot list (a server that failed) lists none and says why elsewhere. */
  list(signal: AbortSignal): Promise<ExternalToolSpec[]>;
  /** Runs one call; an abort cancels it (Stop, or the call's timeout). */
  call(
    origin: ExternalOrigin,
    input: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ExternalCallResult>;
}

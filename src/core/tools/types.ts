// The contract between the tool loop (core/chat), the gate's policy and the tool implementations (core/tools), and
// the host that shows approval cards and runs the tools that need VS Code (edits, diagnostics).
// Nothing here imports `vscode`.

export const TOOL_NAMES = [
  'read_file',
  'list_files',
  'search_text',
  'get_diagnostics',
  'edit_file',
  'write_file',
  'run_command',
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** A tool call exactly as the model made it: from a complete tool_use block (a half-received one never gets here). */
export interface ToolCall {
  id: string;
  name: string;
  input: unknown;
}

/** What the user configured (validated). */
export interface ToolSettings {
  enabled: boolean;
  /** The tools offered to the model. */
  tools: ToolName[];
  /** Reads of non-sensitive files inside the workspace run without asking. Off by default. */
  autoApproveReads: boolean;
  /** Exact command lines that run without asking (never when they hold compound syntax or invisible characters). */
  commandAllowList: string[];
  commandTimeoutMs: number;
  /** Bytes of command output (and of a file read) kept; beyond it a truncation marker. */
  outputCapBytes: number;
  /** Tool rounds in one turn before the user is asked whether to go on. */
  maxRounds: number;
  /** The user's globs for more files that may hold secrets (added to the built-in list, never removing from it). */
  secretPatterns: string[];
}

/** A path the policy resolved: real (symlinks followed) and inside a workspace folder. */
export interface ResolvedPath {
  /** As the model wrote it. */
  requested: string;
  /** Absolute, realpath'd (for a file that does not exist yet: its realpath'd parent plus the name). */
  absolute: string;
  /** The workspace folder it lies in (absolute, realpath'd). */
  folder: string;
  /** Relative to that folder, with forward slashes. */
  relative: string;
  exists: boolean;
}

/** The gate's verdict on one prepared call. */
export type GateDecision =
  { action: 'run' } | { action: 'ask'; reasons: string[] } | { action: 'refuse'; reason: string };

/** What an approval card shows: every value already made byte-exact visible (control/invisible characters escaped). */
export interface CallDisplay {
  tool: ToolName;
  /** One line, e.g. "Read src/app.ts (lines 10-40)". */
  title: string;
  /**
   * The exact arguments, label and visible value. `parts` (from visible()) tells escapes from literal text so a card
   * can style them; `multiline` values (file content, edit strings) keep their line breaks and tabs.
   */
  args: {
    label: string;
    value: string;
    parts?: { text: string; escaped: boolean }[];
    multiline?: boolean;
  }[];
  /** The resolved path or the working folder. */
  location?: string;
  /** True when an argument held invisible or control characters (the card warns). */
  hasInvisible: boolean;
  /** True when an argument was too long to show whole (its value ends with a note; the gate asks). */
  truncated?: boolean;
}

/** The result that goes back to the model as a tool_result. */
export interface ToolOutcome {
  content: string;
  isError: boolean;
}

// How much a model takes in and gives out: the context window and the most output tokens of each Claude family, and
// the values a gateway's /v1/models reports, which win when present. Used to tell VS Code honest maxInputTokens /
// maxOutputTokens for the language-model provider, and meant for a context-window budget too: plain data, no I/O.

export interface ModelLimits {
  /** Input plus output tokens the model can hold in one request. */
  contextWindow: number;
  /** The most tokens one reply may produce (`max_tokens` ceiling). */
  maxOutput: number;
  /** Whether the model takes image blocks. */
  imageInput: boolean;
  /**
   * Where the numbers came from: the endpoint's model list, this table (by family), or a conservative guess for a
   * model neither knows.
   */
  source: 'reported' | 'table' | 'unknown';
  /** The family key from the table (e.g. `claude-sonnet-4-5`), when the id matched one. */
  family?: string;
}

interface FamilyLimits {
  contextWindow: number;
  maxOutput: number;
  /** With the `context-1m-…` beta, the family takes this many tokens. */
  contextWindowWith1mBeta?: number;
  /** With the `output-128k-…` beta, the family may write this many tokens. */
  maxOutputWith128kBeta?: number;
}

/**
 * Claude families by `<tier>-<major>[-<minor>]`, from Anthropic's model documentation. Every Claude model from
 * version 3 on takes images. Keys are what `familyOf` returns.
 */
export const CLAUDE_FAMILY_LIMITS: Readonly<Record<string, FamilyLimits>> = {
  'claude-opus-4-5': { contextWindow: 200_000, maxOutput: 64_000 },
  'claude-sonnet-4-5': { contextWindow: 200_000, maxOutput: 64_000, contextWindowWith1mBeta: 1_000_000 },
  'claude-haiku-4-5': { contextWindow: 200_000, maxOutput: 64_000 },
  'claude-opus-4-1': { contextWindow: 200_000, maxOutput: 32_000 },
  'claude-opus-4': { contextWindow: 200_000, maxOutput: 32_000 },
  'claude-sonnet-4': { contextWindow: 200_000, maxOutput: 64_000, contextWindowWith1mBeta: 1_000_000 },
  'claude-sonnet-3-7': { contextWindow: 200_000, maxOutput: 64_000, maxOutputWith128kBeta: 128_000 },
  'claude-sonnet-3-5': { contextWindow: 200_000, maxOutput: 8_192 },
  'claude-haiku-3-5': { contextWindow: 200_000, maxOutput: 8_192 },
  'claude-opus-3': { contextWindow: 200_000, maxOutput: 4_096 },
  'claude-sonnet-3': { contextWindow: 200_000, maxOutput: 4_096 },
  'claude-haiku-3': { contextWindow: 200_000, maxOutput: 4_096 },
};

/** For a model neither the endpoint nor the table knows: small enough that no request is refused for size. */
export const UNKNOWN_MODEL_LIMITS = { contextWindow: 128_000, maxOutput: 8_192 } as const;

/** Limits an endpoint reported for one model; any field may be missing. */
export interface ReportedLimits {
  contextWindow?: number;
  maxInput?: number;
  maxOutput?: number;
  imageInput?: boolean;
}

/**
 * The family key of a model id, or undefined when it is not a Claude id this table can name. Accepts the ids
 * gateways and clouds use for the same model: `claude-sonnet-4-5-20250929`, `claude-3-5-sonnet-latest`,
 * `anthropic/claude-sonnet-4.5`, `us.anthropic.claude-opus-4-1-20250805-v1:0`, `claude-sonnet-4@20250514`.
 */
export function familyOf(modelId: string): string | undefined {
  const id = modelId.toLowerCase().replace(/(\d)\.(\d)/g, '$1-$2');
  // Current naming: claude-<tier>-<major>[-<minor>] (a minor is one or two digits, never a date).
  const current = /claude-(opus|sonnet|haiku)-(\d+)(?:-(\d{1,2}))?(?!\d)/.exec(id);
  if (current) {
    const [, tier, major, minor] = current;
    const key = minor && minor !== '0' ? `claude-${tier}-${major}-${minor}` : `claude-${tier}-${major}`;
    return key in CLAUDE_FAMILY_LIMITS ? key : undefined;
  }
  // Earlier naming: claude-<major>[-<minor>]-<tier>.
  const earlier = /claude-(\d+)(?:-(\d{1,2}))?-(opus|sonnet|haiku)/.exec(id);
  if (earlier) {
    const [, major, minor, tier] = earlier;
    const key = minor ? `claude-${tier}-${major}-${minor}` : `claude-${tier}-${major}`;
    return key in CLAUDE_FAMILY_LIMITS ? key : undefined;
  }
  return undefined;
}

/**
 * A model's limits: what the endpoint reported, else the family's row in the table (widened by the betas the
 * profile sends), else the conservative unknown-model guess. A reported field wins over the table field by field.
 */
export function modelLimits(options: {
  modelId: string;
  reported?: ReportedLimits;
  /** The profile's `anthropic-beta` names. */
  betas?: readonly string[];
}): ModelLimits {
  const { modelId, reported = {}, betas = [] } = options;
  const family = familyOf(modelId);
  const row = family ? CLAUDE_FAMILY_LIMITS[family] : undefined;
  let tableWindow = row?.contextWindow ?? UNKNOWN_MODEL_LIMITS.contextWindow;
  let tableOutput = row?.maxOutput ?? UNKNOWN_MODEL_LIMITS.maxOutput;
  if (row?.contextWindowWith1mBeta && betas.some((b) => b.startsWith('context-1m-')))
    tableWindow = row.contextWindowWith1mBeta;
  if (row?.maxOutputWith128kBeta && betas.some((b) => b.startsWith('output-128k-')))
    tableOutput = row.maxOutputWith128kBeta;
  const maxOutput = reported.maxOutput ?? tableOutput;
  // A reported input limit plus the output makes a window; a reported window stands as it is.
  const contextWindow =
    reported.contextWindow ??
    (reported.maxInput !== undefined ? reported.maxInput + maxOutput : undefined) ??
    tableWindow;
  const anyReported =
    reported.contextWindow !== undefined ||
    reported.maxInput !== undefined ||
    reported.maxOutput !== undefined;
  return {
    contextWindow,
    maxOutput: Math.min(maxOutput, contextWindow),
    imageInput: reported.imageInput ?? row !== undefined,
    source: anyReported ? 'reported' : row ? 'table' : 'unknown',
    family,
  };
}

const positiveInt = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : undefined;

/**
 * Reads the limit fields gateways put on a /v1/models entry: `max_input_tokens`, `context_window` (or
 * `context_length`), `max_output_tokens` (or `max_tokens`), and a vision flag. Anything else, or a value that is not
 * a positive integer, is ignored.
 */
export function reportedLimits(entry: Readonly<Record<string, unknown>>): ReportedLimits {
  const vision = entry.supports_vision ?? entry.vision;
  return {
    contextWindow: positiveInt(entry.context_window) ?? positiveInt(entry.context_length),
    maxInput: positiveInt(entry.max_input_tokens),
    maxOutput: positiveInt(entry.max_output_tokens) ?? positiveInt(entry.max_tokens),
    imageInput: typeof vision === 'boolean' ? vision : undefined,
  };
}

/**
 * The input tokens a request may carry when it asks for `maxTokens` of output: Anthropic refuses a request whose
 * input plus `max_tokens` exceeds the window.
 */
export function maxInputTokens(limits: ModelLimits, maxTokens: number): number {
  return Math.max(1, limits.contextWindow - Math.min(maxTokens, limits.maxOutput));
}

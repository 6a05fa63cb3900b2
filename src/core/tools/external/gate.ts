// The gate's part for external tools (VS Code's and MCP servers'): the call checked (an object, of bounded size),
// shown as a card with its exact input, and a verdict. An external tool's effect is unknown to us (it may read,
// write, run or reach the network), so the verdict is "ask" unless the user approved this exact call for this chat
// or turned on trusting servers' read-only hints (docs/threat-model.md, G12 and "External tools").
import { l10n } from '../../l10n';
import type { ToolCard, ToolCardState } from '../../../shared/toolProtocol';
import type { GateDecision } from '../types';
import { visible } from '../visible';
import type { ExternalTool } from './types';

/** One value on a card shows at most this many characters; a longer one makes the gate ask and say so. */
const MAX_ARG_CHARS = 8000;
const INPUT_LIMIT_BYTES = 2 * 1024 * 1024;

export type PreparedExternal = { ok: true; input: Record<string, unknown> } | { ok: false; error: string };

/** The model's input for an external tool: a JSON object of bounded size. The tool checks its own schema. */
export function prepareExternal(tool: ExternalTool, input: unknown): PreparedExternal {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return { ok: false, error: `Invalid input for ${tool.name}: the input must be a JSON object.` };
  const bytes = Buffer.byteLength(JSON.stringify(input) ?? '');
  if (bytes > INPUT_LIMIT_BYTES)
    return {
      ok: false,
      error: `Invalid input for ${tool.name}: the input is ${(bytes / 1024 / 1024).toFixed(1)} MB; the limit is 2 MB.`,
    };
  return { ok: true, input: input as Record<string, unknown> };
}

/** Keys in a fixed order, so the same input is one key however the model ordered its fields. */
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  return v;
}

/** "Allow for this chat" for external tools: the exact tool (by origin) and the exact input only. */
export function externalApprovalKey(tool: ExternalTool, input: Record<string, unknown>): string {
  return JSON.stringify(['external', tool.origin, canonical(input)]);
}

export interface ExternalCallDisplay {
  args: { label: string; value: string }[];
  hasInvisible: boolean;
  truncated: boolean;
}

export function describeExternal(input: Record<string, unknown>): ExternalCallDisplay {
  let hasInvisible = false;
  let truncated = false;
  const args = Object.entries(input).map(([key, raw]) => {
    const text = typeof raw === 'string' ? raw : (JSON.stringify(raw, null, 2) ?? String(raw));
    const label = visible(key);
    const value = visible(text.length > MAX_ARG_CHARS ? text.slice(0, MAX_ARG_CHARS) : text, {
      multiline: true,
    });
    hasInvisible ||= value.hasInvisible || label.hasInvisible;
    const cut = text.length > MAX_ARG_CHARS;
    truncated ||= cut || value.truncated;
    const note = cut ? `\n… ${l10n.t('{0} more characters not shown', text.length - MAX_ARG_CHARS)}` : '';
    return { label: label.text, value: value.text + note };
  });
  return { args, hasInvisible, truncated };
}

export function externalTitle(tool: ExternalTool): string {
  const o = tool.origin;
  return o.kind === 'mcp'
    ? l10n.t('Use tool {0} of MCP server {1}', visible(o.tool).text, visible(o.server).text)
    : l10n.t('Use VS Code tool {0}', visible(o.tool).text);
}

export function externalCard(
  callId: string,
  tool: ExternalTool,
  input: Record<string, unknown>,
  state: ToolCardState,
): ToolCard {
  const d = describeExternal(input);
  return {
    callId,
    tool: tool.name,
    title: externalTitle(tool),
    args: d.args,
    location:
      tool.origin.kind === 'mcp' ? l10n.t('MCP server: {0}', visible(tool.origin.server).text) : undefined,
    hasInvisible: d.hasInvisible,
    state,
  };
}

export interface ExternalGateOptions {
  /** The user's setting: a tool its server marks read-only runs without asking. Off by default. */
  trustReadOnlyHints: boolean;
  approvedForChat: (key: string) => boolean;
}

export function decideExternal(
  tool: ExternalTool,
  input: Record<string, unknown>,
  o: ExternalGateOptions,
): GateDecision {
  const d = describeExternal(input);
  const reasons: string[] = [];
  if (d.truncated) reasons.push(l10n.t('It is too long to show whole on the card.'));
  if (d.hasInvisible)
    reasons.push(
      l10n.t('It contains invisible or control characters (shown as escapes); check them before allowing.'),
    );
  if (reasons.length > 0) return { action: 'ask', reasons };
  if (o.approvedForChat(externalApprovalKey(tool, input))) return { action: 'run' };
  if (tool.readOnlyHint && o.trustReadOnlyHints) return { action: 'run' };
  reasons.push(
    tool.origin.kind === 'mcp'
      ? l10n.t('Tools of MCP servers run only with your approval: check the input.')
      : l10n.t("VS Code's tools run only with your approval: check the input."),
  );
  return { action: 'ask', reasons };
}

/** What the model is told about an external tool: its author's description, capped, with where it comes from. */
export function externalDefinition(tool: ExternalTool): {
  name: string;
  description: string;
  input_schema: { type: 'object' } & Record<string, unknown>;
} {
  const from =
    tool.origin.kind === 'mcp'
      ? `(Tool "${tool.origin.tool}" of the MCP server "${tool.origin.server}". The user approves each call.)`
      : `(VS Code's tool "${tool.origin.tool}". The user approves each call.)`;
  const description = `${tool.description.slice(0, 4000)}\n\n${from}`.trim();
  return { name: tool.name, description, input_schema: objectSchema(tool.inputSchema) };
}

/** A schema larger than this is sent as "any object": a server's schema is part of every request of the turn. */
const MAX_SCHEMA_CHARS = 32 * 1024;

/** The API wants an object schema; a tool without one (another type, or one too large) takes any object. */
function objectSchema(schema: Record<string, unknown>): { type: 'object' } & Record<string, unknown> {
  if (schema.type === 'object' && (JSON.stringify(schema)?.length ?? 0) <= MAX_SCHEMA_CHARS)
    return schema as { type: 'object' } & Record<string, unknown>;
  return { type: 'object', properties: {} };
}

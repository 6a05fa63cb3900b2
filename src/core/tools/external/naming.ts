// The names external tools are offered under. The Messages API accepts `^[a-zA-Z0-9_-]{1,64}$`; MCP and VS Code
// tool names may hold dots, spaces or anything, and two servers may offer the same tool. Each tool gets a valid
// name that never collides with our own tools or another external tool, and stays the same from turn to turn for
// the same set of tools (the prompt cache stays warm).
import { createHash } from 'node:crypto';
import type { ExternalOrigin, ExternalTool, ExternalToolSpec } from './types';

const MAX = 64;
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;

/** Every character the API does not accept becomes `_`; an empty result is `_`. */
export function sanitizeName(raw: string): string {
  const s = raw.replace(/[^a-zA-Z0-9_-]/g, '_');
  return s === '' ? '_' : s;
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

/** The readable name before collisions: `mcp__<server>__<tool>`, or the VS Code tool's own name. */
export function baseName(origin: ExternalOrigin): string {
  return origin.kind === 'mcp'
    ? `mcp__${sanitizeName(origin.server)}__${sanitizeName(origin.tool)}`
    : sanitizeName(origin.tool);
}

/** A stable identity: a name cut to fit keeps a hash of what was cut, so two long names stay apart. */
function fitted(origin: ExternalOrigin): string {
  const name = baseName(origin);
  if (name.length <= MAX) return name;
  return `${name.slice(0, MAX - 9)}_${shortHash(JSON.stringify(origin))}`;
}

/**
 * Names for the listed tools. `taken` are names already in use (our own tools): an external tool never shadows
 * one. A clash gets `_2`, `_3`, ... (cut to fit) in list order, so the first listed keeps the plain name.
 */
export function nameTools(specs: readonly ExternalToolSpec[], taken: Iterable<string>): ExternalTool[] {
  const used = new Set(taken);
  const out: ExternalTool[] = [];
  for (const spec of specs) {
    const first = fitted(spec.origin);
    let name = first;
    for (let n = 2; used.has(name); n++) {
      const suffix = `_${n}`;
      name = first.slice(0, MAX - suffix.length) + suffix;
    }
    used.add(name);
    out.push({ ...spec, name });
  }
  return out;
}

// An MCP tool result (CallToolResult) as external-tool content: text, images, and resources said in words the model
// can use (a resource link names its URI; an embedded text resource gives its text). Everything a server sends is
// untrusted and is read defensively here, not through the SDK's types: a field of the wrong type is skipped, not
// a crash. Sizes are capped later, in the same place for every external tool (tools/external/results.ts).
import type { ExternalCallResult, ExternalContent } from '../tools/external/types';

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function resourceText(r: Record<string, unknown>): ExternalContent {
  const uri = str(r.uri) ?? '(no uri)';
  const mime = str(r.mimeType);
  const text = str(r.text);
  if (text !== undefined)
    return { type: 'text', text: `[Resource ${uri}${mime ? ` (${mime})` : ''}]\n${text}` };
  const blob = str(r.blob);
  if (blob !== undefined && mime?.startsWith('image/')) return { type: 'image', mediaType: mime, data: blob };
  return {
    type: 'text',
    text: `[Resource ${uri}${mime ? ` (${mime})` : ''}: binary content of ${blob?.length ?? 0} base64 characters, not shown]`,
  };
}

function oneBlock(b: unknown): ExternalContent | undefined {
  if (b === null || typeof b !== 'object') return undefined;
  const block = b as Record<string, unknown>;
  switch (block.type) {
    case 'text':
      return { type: 'text', text: str(block.text) ?? '' };
    case 'image': {
      const data = str(block.data);
      const mediaType = str(block.mimeType);
      return data !== undefined && mediaType !== undefined ? { type: 'image', mediaType, data } : undefined;
    }
    case 'audio':
      return { type: 'text', text: `[Audio (${str(block.mimeType) ?? 'unknown type'}) not shown]` };
    case 'resource_link': {
      const parts = [str(block.name), str(block.uri), str(block.mimeType), str(block.description)];
      return { type: 'text', text: `[Resource link: ${parts.filter(Boolean).join(' | ')}]` };
    }
    case 'resource':
      return block.resource !== null && typeof block.resource === 'object'
        ? resourceText(block.resource as Record<string, unknown>)
        : undefined;
    default:
      return { type: 'text', text: `[Content of type ${String(block.type).slice(0, 50)} not shown]` };
  }
}

export function mcpCallResult(raw: unknown): ExternalCallResult {
  const r = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const content: ExternalContent[] = [];
  if (Array.isArray(r.content))
    for (const b of r.content) {
      const c = oneBlock(b);
      if (c) content.push(c);
    }
  // A result with only structured content (newer servers) still says something.
  if (content.length === 0 && r.structuredContent !== undefined)
    content.push({ type: 'text', text: JSON.stringify(r.structuredContent, null, 2) });
  // Older servers answer with `toolResult` instead of `content`.
  if (content.length === 0 && r.toolResult !== undefined)
    content.push({ type: 'text', text: JSON.stringify(r.toolResult, null, 2) });
  return { content, isError: r.isError === true };
}

/** A server's tool list entry as a spec; an entry without a usable name is skipped. */
export function mcpToolSpec(
  server: string,
  raw: unknown,
):
  | { tool: string; description: string; inputSchema: Record<string, unknown>; readOnlyHint: boolean }
  | undefined {
  if (raw === null || typeof raw !== 'object') return undefined;
  const t = raw as Record<string, unknown>;
  const tool = str(t.name);
  if (!tool) return undefined;
  const schema = t.inputSchema !== null && typeof t.inputSchema === 'object' ? t.inputSchema : {};
  const annotations = t.annotations !== null && typeof t.annotations === 'object' ? t.annotations : {};
  return {
    tool,
    description: str(t.description) ?? str(t.title) ?? `MCP tool ${tool} of ${server}`,
    inputSchema: schema as Record<string, unknown>,
    readOnlyHint: (annotations as Record<string, unknown>).readOnlyHint === true,
  };
}

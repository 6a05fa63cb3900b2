// Tool results from MCP servers (and VS Code's tools) as tool_result content: text, images, resources, caps.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mcpCallResult, mcpToolSpec } from '../../../src/core/mcp/results';
import { externalToolResult } from '../../../src/core/tools/external/results';

const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('MCP results', () => {
  it('maps text, images, resource links and embedded resources; skips malformed blocks', () => {
    const r = mcpCallResult({
      content: [
        { type: 'text', text: 'hello' },
        { type: 'image', data: PNG, mimeType: 'image/png' },
        { type: 'resource_link', uri: 'file:///a.txt', name: 'a', mimeType: 'text/plain' },
        { type: 'resource', resource: { uri: 'mem://x', text: 'inner', mimeType: 'text/plain' } },
        { type: 'resource', resource: { uri: 'mem://b', blob: 'AAAA', mimeType: 'application/zip' } },
        { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
        { type: 'image', data: 5 },
        null,
        'junk',
      ],
      isError: false,
    });
    assert.deepEqual(r.content, [
      { type: 'text', text: 'hello' },
      { type: 'image', mediaType: 'image/png', data: PNG },
      { type: 'text', text: '[Resource link: a | file:///a.txt | text/plain]' },
      { type: 'text', text: '[Resource mem://x (text/plain)]\ninner' },
      {
        type: 'text',
        text: '[Resource mem://b (application/zip): binary content of 4 base64 characters, not shown]',
      },
      { type: 'text', text: '[Audio (audio/wav) not shown]' },
    ]);
    assert.deepEqual(mcpCallResult({ structuredContent: { n: 1 } }).content, [
      { type: 'text', text: '{\n  "n": 1\n}' },
    ]);
    assert.equal(mcpCallResult({ content: [], isError: true }).isError, true);
    assert.deepEqual(mcpCallResult('nonsense'), { content: [], isError: false });
  });

  it('reads a tool list entry defensively; readOnlyHint only when it is literally true', () => {
    assert.equal(mcpToolSpec('s', { description: 'no name' }), undefined);
    assert.deepEqual(mcpToolSpec('s', { name: 't', annotations: { readOnlyHint: 'yes' } }), {
      tool: 't',
      description: 'MCP tool t of s',
      inputSchema: {},
      readOnlyHint: false,
    });
    assert.equal(mcpToolSpec('s', { name: 't', annotations: { readOnlyHint: true } })?.readOnlyHint, true);
  });
});

describe('externalToolResult', () => {
  it('caps text like other tools, at a character boundary, and says how much was cut', () => {
    const huge = 'é'.repeat(5000); // 10000 bytes
    const r = externalToolResult(
      'c1',
      { content: [{ type: 'text', text: huge }], isError: false },
      { textCapBytes: 1001 },
    );
    const block = (r.content as { type: string; text: string }[])[0]!;
    assert.ok(block.text.startsWith('é'.repeat(500)));
    assert.ok(!block.text.includes('\uFFFD'));
    assert.match(block.text, /\[Output cut: 9000 more bytes of 10000 were not shown\.\]$/);
  });

  it('keeps images the API takes, explains the others, and never returns empty content', () => {
    const r = externalToolResult(
      'c2',
      {
        content: [
          { type: 'image', mediaType: 'image/png', data: PNG },
          { type: 'image', mediaType: 'image/tiff', data: 'AAAA' },
          { type: 'image', mediaType: 'image/png', data: '<script>' },
        ],
        isError: false,
      },
      { textCapBytes: 1000 },
    );
    const content = r.content as { type: string; text?: string }[];
    assert.equal(content[0]?.type, 'text');
    assert.match(content[0]!.text!, /image\/tiff was left out/);
    assert.match(content[0]!.text!, /not valid base64/);
    assert.deepEqual(content[1], {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: PNG },
    });
    const empty = externalToolResult('c3', { content: [], isError: true }, { textCapBytes: 10 });
    assert.deepEqual(empty, {
      type: 'tool_result',
      tool_use_id: 'c3',
      content: [{ type: 'text', text: 'The tool failed without a message.' }],
      is_error: true,
    });
  });
});

// The gate for external tools: asks unless this exact call was allowed for the chat or the user trusts read-only
// hints; invisible characters or a value too long to show always ask; bad input never reaches a tool.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  decideExternal,
  externalApprovalKey,
  externalCard,
  externalDefinition,
  prepareExternal,
} from '../../../src/core/tools/external/gate';
import { storedCard } from '../../../src/core/tools/cards';
import { promptTsxText } from '../../../src/core/tools/external/promptTsxText';
import type { ExternalTool } from '../../../src/core/tools/external/types';

const tool = (readOnlyHint = false): ExternalTool => ({
  name: 'mcp__mem__read_graph',
  origin: { kind: 'mcp', server: 'mem', tool: 'read_graph' },
  description: 'Reads the graph.',
  inputSchema: { type: 'object', properties: { q: { type: 'string' } } },
  readOnlyHint,
});

describe('external tool gate', () => {
  it('asks by default; runs only on this exact input allowed for the chat, or a trusted read-only hint', () => {
    const allowed = new Set<string>();
    const o = { trustReadOnlyHints: false, approvedForChat: (k: string) => allowed.has(k) };
    assert.equal(decideExternal(tool(), { q: 'a' }, o).action, 'ask');
    assert.equal(decideExternal(tool(true), { q: 'a' }, o).action, 'ask');
    assert.equal(decideExternal(tool(true), { q: 'a' }, { ...o, trustReadOnlyHints: true }).action, 'run');
    assert.equal(decideExternal(tool(false), { q: 'a' }, { ...o, trustReadOnlyHints: true }).action, 'ask');
    allowed.add(externalApprovalKey(tool(), { q: 'a', z: { b: 1, a: 2 } }));
    // Field order does not matter; any other value does.
    assert.equal(decideExternal(tool(), { z: { a: 2, b: 1 }, q: 'a' }, o).action, 'run');
    assert.equal(decideExternal(tool(), { q: 'b', z: { a: 2, b: 1 } }, o).action, 'ask');
  });

  it('invisible characters and values too long to show always ask, even when trusted', () => {
    const o = { trustReadOnlyHints: true, approvedForChat: () => true };
    const hidden = decideExternal(tool(true), { q: 'rm\u200B -rf' }, o);
    assert.equal(hidden.action, 'ask');
    if (hidden.action === 'ask') assert.match(hidden.reasons.join(), /invisible/);
    const long = decideExternal(tool(true), { q: 'x'.repeat(9000) }, o);
    assert.equal(long.action, 'ask');
    if (long.action === 'ask') assert.match(long.reasons.join(), /too long/);
  });

  it('the card shows every field of the exact input, escapes made visible', () => {
    const card = externalCard('c1', tool(), { q: 'a\u202Eb', n: { deep: [1, 2] } }, 'asking');
    assert.equal(card.title, 'Use tool read_graph of MCP server mem');
    assert.deepEqual(card.args, [
      { label: 'q', value: 'a\\u{202E}b' },
      { label: 'n', value: '{\n  "deep": [\n    1,\n    2\n  ]\n}' },
    ]);
    assert.equal(card.hasInvisible, true);
  });

  it('a stored MCP call reads as it did live', () => {
    const stored = storedCard(
      { type: 'tool_use', id: 'c9', name: 'mcp__mem__read_graph', input: { q: 'a' } },
      { type: 'tool_result', tool_use_id: 'c9', content: 'ok' },
    );
    assert.equal(stored.title, externalCard('c9', tool(), { q: 'a' }, 'done').title);
    assert.equal(stored.state, 'done');
  });

  it('input must be an object of at most 2 MB', () => {
    assert.match(String((prepareExternal(tool(), [1]) as { error: string }).error), /must be a JSON object/);
    assert.match(String((prepareExternal(tool(), 'x') as { error: string }).error), /must be a JSON object/);
    const big = prepareExternal(tool(), { q: 'x'.repeat(3 * 1024 * 1024) });
    assert.equal(big.ok, false);
    assert.equal(prepareExternal(tool(), {}).ok, true);
  });

  it('the definition says where the tool comes from and always has an object schema', () => {
    const d = externalDefinition({ ...tool(), inputSchema: { type: 'string' } });
    assert.deepEqual(d.input_schema, { type: 'object', properties: {} });
    assert.match(d.description, /MCP server "mem"/);
    // A hostile server's huge description or schema does not ride along with every request.
    const huge = externalDefinition({
      ...tool(),
      description: 'x'.repeat(100_000),
      inputSchema: { type: 'object', properties: { a: { description: 'y'.repeat(100_000) } } },
    });
    assert.deepEqual(huge.input_schema, { type: 'object', properties: {} });
    assert.ok(huge.description.length < 4200);
  });
});

describe('prompt-tsx parts as text', () => {
  it('collects the text leaves in order and survives a hostile tree', () => {
    const tree = {
      node: {
        type: 1,
        children: [
          { type: 2, text: 'a ' },
          { type: 1, children: [{ type: 2, text: 'b' }] },
        ],
      },
    };
    assert.equal(promptTsxText(tree), 'a b');
    let deep: Record<string, unknown> = { text: 'bottom' };
    for (let i = 0; i < 10_000; i++) deep = { child: deep };
    assert.equal(promptTsxText(deep), '');
    assert.equal(promptTsxText(null), '');
  });
});

// External tools' names for the model: valid for the API, unique, never shadowing our own tools.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameTools, TOOL_NAME_PATTERN } from '../../../src/core/tools/external/naming';
import type { ExternalOrigin } from '../../../src/core/tools/external/types';

const spec = (origin: ExternalOrigin) => ({ origin, description: '', inputSchema: {}, readOnlyHint: false });

describe('external tool names', () => {
  it('mcp__<server>__<tool>, sanitised; VS Code tools keep their own name', () => {
    const named = nameTools(
      [
        spec({ kind: 'mcp', server: 'my server', tool: 'get.thing/ü' }),
        spec({ kind: 'vscode', tool: 'vscode_listCodeUsages' }),
        spec({ kind: 'mcp', server: '', tool: '' }),
      ],
      [],
    );
    assert.deepEqual(
      named.map((t) => t.name),
      ['mcp__my_server__get_thing__', 'vscode_listCodeUsages', 'mcp______'],
    );
  });

  it('clashes get a suffix, our own tools are never shadowed, long names fit and stay apart', () => {
    const long = 'x'.repeat(80);
    const named = nameTools(
      [
        spec({ kind: 'vscode', tool: 'read_file' }),
        spec({ kind: 'mcp', server: 'a.b', tool: 't' }),
        spec({ kind: 'mcp', server: 'a_b', tool: 't' }),
        spec({ kind: 'mcp', server: 's', tool: `${long}1` }),
        spec({ kind: 'mcp', server: 's', tool: `${long}2` }),
      ],
      ['read_file'],
    );
    const names = named.map((t) => t.name);
    assert.equal(names[0], 'read_file_2');
    assert.deepEqual(names.slice(1, 3), ['mcp__a_b__t', 'mcp__a_b__t_2']);
    assert.notEqual(names[3], names[4]);
    for (const n of names) assert.match(n, TOOL_NAME_PATTERN);
    assert.equal(new Set(names).size, names.length);
    // The same tools get the same names next turn (prompt cache).
    assert.deepEqual(
      nameTools(named, ['read_file']).map((t) => t.name),
      names,
    );
  });
});

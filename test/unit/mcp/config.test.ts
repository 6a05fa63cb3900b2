// MCP server configuration in mcp.json's shape: what is accepted, what is left out with which message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  launchDescription,
  launchHash,
  mergeServers,
  parseServers,
  parseWorkspaceFile,
} from '../../../src/core/mcp/config';

const vars = { workspaceFolder: '/ws', userHome: '/home/u', env: { TOKEN: 'secret' } };

describe('MCP configuration', () => {
  it('reads stdio and http servers, with defaults and variables', () => {
    const r = parseServers(
      {
        mem: {
          command: 'npx',
          args: ['-y', '${workspaceFolder}/x'],
          env: { A: 1, B: null },
          cwd: '${userHome}',
        },
        web: {
          type: 'http',
          url: 'https://mcp.example/mcp',
          headers: { Authorization: 'Bearer ${env:TOKEN}' },
        },
        old: { type: 'sse', url: 'http://127.0.0.1:9/sse' },
      },
      'user',
      vars,
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.servers[0], {
      name: 'mem',
      source: 'user',
      transport: { type: 'stdio', command: 'npx', args: ['-y', '/ws/x'], env: { A: '1' }, cwd: '/home/u' },
    });
    assert.deepEqual(r.servers[1]?.transport, {
      type: 'http',
      url: 'https://mcp.example/mcp',
      headers: { Authorization: 'Bearer secret' },
    });
    assert.equal(r.servers[2]?.transport.type, 'http');
  });

  it('leaves out a bad entry with a message naming it and the field; the others still load', () => {
    const r = parseServers(
      {
        good: { command: 'node' },
        noCommand: { args: ['x'] },
        badUrl: { type: 'http', url: 'file:///etc/passwd' },
        badType: { type: 'websocket', url: 'ws://x' },
        notObject: 'npx server',
        input: { command: '${input:token}' },
      },
      'user',
      vars,
    );
    assert.deepEqual(
      r.servers.map((s) => s.name),
      ['good'],
    );
    assert.equal(r.problems.length, 5);
    assert.match(r.problems[0]!, /claudeMessages\.mcpServers: server "noCommand" is left out: "command"/);
    assert.match(r.problems[1]!, /"badUrl".*"url": must be an http\(s\) URL/);
    assert.match(r.problems[2]!, /"badType".*"type" must be "stdio", "http" or "sse"/);
    assert.match(r.problems[3]!, /"notObject".*must be an object/);
    assert.match(r.problems[4]!, /"input".*\$\{input:token\} is not supported/);
    assert.match(parseServers([1], 'user', vars).problems[0]!, /must be an object of named servers/);
  });

  it('reads .vscode/mcp.json with comments and trailing commas, and says where it is broken', () => {
    const ok = parseWorkspaceFile(
      '{ // servers\n "servers": { "a": { "command": "node", "args": ["s.js"], }, }, }',
      vars,
    );
    assert.deepEqual(ok.problems, []);
    assert.equal(ok.servers[0]?.source, 'workspace');
    const broken = parseWorkspaceFile('{ "servers": { "a": ', vars);
    assert.deepEqual(broken.servers, []);
    assert.match(broken.problems[0]!, /not valid JSON/);
    assert.match(parseWorkspaceFile('[]', vars).problems[0]!, /must hold an object/);
  });

  it('a workspace server never replaces the user server of the same name', () => {
    const user = parseServers({ a: { command: 'safe' } }, 'user', vars);
    const ws = parseWorkspaceFile('{"servers": {"a": {"command": "evil"}, "b": {"command": "b"}}}', vars);
    const merged = mergeServers(user, ws);
    assert.deepEqual(
      merged.servers.map((s) => [s.name, s.source]),
      [
        ['a', 'user'],
        ['b', 'workspace'],
      ],
    );
    assert.match(merged.problems[0]!, /"a" is left out: a server of that name is in your user settings/);
  });

  it('the approval hash changes with any part of the command line, and the description shows all of it', () => {
    const base = parseWorkspaceFile('{"servers": {"a": {"command": "node", "args": ["s.js"]}}}', vars)
      .servers[0]!;
    const other = (json: string) => parseWorkspaceFile(`{"servers": {"a": ${json}}}`, vars).servers[0]!;
    const hashes = [
      base,
      other('{"command": "node", "args": ["s.js", "--x"]}'),
      other('{"command": "node", "args": ["s.js"], "env": {"NODE_OPTIONS": "--require evil"}}'),
      other('{"command": "node", "args": ["s.js"], "cwd": "/tmp"}'),
      other('{"command": "nodejs", "args": ["s.js"]}'),
    ].map(launchHash);
    assert.equal(new Set(hashes).size, hashes.length);
    assert.equal(launchHash(base), launchHash(other('{"command": "node", "args": ["s.js"]}')));
    const shown = launchDescription(
      other('{"command": "node", "args": ["a b", "it\'s"], "env": {"K": "v v"}, "cwd": "/w"}').transport,
    );
    assert.equal(shown, `K='v v' node 'a b' 'it'\\''s'  (in /w)`);
  });
});

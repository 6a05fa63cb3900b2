// The gate (docs/threat-model.md, G1, G4, G6, G8): which calls run, ask or are refused.
import assert from 'node:assert/strict';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ChatApprovals, decide } from '../../../src/core/tools/policy';
import { fixture, prepared, settings } from './helpers';

describe('decide', () => {
  it('a disabled tool, or tools turned off, is refused', async () => {
    const f = await fixture({ 'a.txt': 'x' });
    const read = await prepared('read_file', { path: 'a.txt' }, f.folders);
    const approvals = new ChatApprovals();
    assert.equal(decide(read, settings({ enabled: false }), approvals).action, 'refuse');
    const off = decide(read, settings({ tools: ['list_files'], autoApproveReads: true }), approvals);
    assert.equal(off.action, 'refuse');
    if (off.action === 'refuse') assert.match(off.reason, /read_file.*turned off/);
  });

  it('reads ask by default, run with autoApproveReads or when allowed for this chat', async () => {
    const f = await fixture({ 'src/a.ts': 'x' });
    const read = await prepared('read_file', { path: 'src/a.ts' }, f.folders);
    const approvals = new ChatApprovals();
    assert.deepEqual(decide(read, settings(), approvals), { action: 'ask', reasons: [] });
    assert.deepEqual(decide(read, settings({ autoApproveReads: true }), approvals), { action: 'run' });
    approvals.allow(read);
    assert.deepEqual(decide(read, settings(), approvals), { action: 'run' });
    // The exact call only: another line range of the same file asks again.
    const range = await prepared('read_file', { path: 'src/a.ts', start_line: 5 }, f.folders);
    assert.deepEqual(decide(range, settings(), approvals), { action: 'ask', reasons: [] });
    // The same file spelled another way is the same call.
    const spelled = await prepared('read_file', { path: './src/a.ts' }, f.folders);
    assert.deepEqual(decide(spelled, settings(), approvals), { action: 'run' });
    for (const [tool, input] of [
      ['list_files', { path: 'src' }],
      ['search_text', { query: 'x' }],
      ['get_diagnostics', {}],
    ] as const) {
      const call = await prepared(tool, input, f.folders);
      assert.equal(decide(call, settings(), approvals).action, 'ask', tool);
      assert.equal(decide(call, settings({ autoApproveReads: true }), approvals).action, 'run', tool);
    }
  });

  it('`.env.local` read asks even with autoApproveReads and even when allowed for this chat (G4)', async () => {
    const f = await fixture({ '.env.local': 'KEY=1', '.ssh/id_rsa': 'k' });
    const approvals = new ChatApprovals();
    for (const [tool, input] of [
      ['read_file', { path: '.env.local' }],
      ['read_file', { path: '.ssh/id_rsa' }],
      ['list_files', { path: '.ssh' }],
      ['get_diagnostics', { path: '.env.local' }],
    ] as const) {
      const call = await prepared(tool, input, f.folders);
      approvals.allow(call);
      const d = decide(call, settings({ autoApproveReads: true }), approvals);
      assert.equal(d.action, 'ask', `${tool} ${JSON.stringify(input)}`);
      if (d.action === 'ask') assert.match(d.reasons.join(' '), /secrets/);
    }
  });

  it("a secret named by the user's secretPatterns asks even with autoApproveReads; .git/config always does (G4)", async () => {
    const f = await fixture({ 'deploy/token.secret': 'x', 'backup.env': 'K=v', '.git/config': '[remote]' });
    const approvals = new ChatApprovals();
    const s = settings({ autoApproveReads: true, secretPatterns: ['*.secret'] });
    for (const path of ['deploy/token.secret', 'backup.env', '.git/config']) {
      const d = decide(await prepared('read_file', { path }, f.folders), s, approvals);
      assert.equal(d.action, 'ask', path);
      if (d.action === 'ask') assert.match(d.reasons.join(' '), /may hold secrets/);
    }
    const without = decide(
      await prepared('read_file', { path: 'deploy/token.secret' }, f.folders),
      settings({ autoApproveReads: true }),
      approvals,
    );
    assert.deepEqual(without, { action: 'run' });
  });

  it('a write too long to show whole on its card asks even when allowed for this chat (R5)', async () => {
    const f = await fixture();
    const approvals = new ChatApprovals();
    const call = await prepared(
      'write_file',
      { path: 'big.txt', content: 'line\n'.repeat(60_000) },
      f.folders,
    );
    approvals.allow(call);
    const d = decide(call, settings(), approvals);
    assert.equal(d.action, 'ask');
    if (d.action === 'ask') assert.match(d.reasons.join(' '), /too long to show whole/);
  });

  it('edits and writes ask unless allowed for this chat', async () => {
    const f = await fixture({ 'src/a.ts': 'x', 'src/b.ts': 'y' });
    const approvals = new ChatApprovals();
    const edit = await prepared(
      'edit_file',
      { path: 'src/a.ts', old_string: 'x', new_string: 'y' },
      f.folders,
    );
    assert.equal(decide(edit, settings({ autoApproveReads: true }), approvals).action, 'ask');
    approvals.allow(edit);
    assert.equal(decide(edit, settings(), approvals).action, 'run');
    const later = await prepared(
      'edit_file',
      { path: 'src/a.ts', old_string: 'y', new_string: 'z' },
      f.folders,
    );
    assert.equal(decide(later, settings(), approvals).action, 'ask', 'a different edit of the allowed file');
    const other = await prepared(
      'edit_file',
      { path: 'src/b.ts', old_string: 'y', new_string: 'z' },
      f.folders,
    );
    assert.equal(decide(other, settings(), approvals).action, 'ask', 'another file');
    const write = await prepared('write_file', { path: 'src/a.ts', content: 'new' }, f.folders);
    const d = decide(write, settings(), approvals);
    assert.equal(d.action, 'ask', 'write_file is its own permission');
    if (d.action === 'ask') assert.match(d.reasons.join(' '), /replaces the whole/);
  });

  it('`.VSCode/settings.json` write asks even when allowed for this chat (G1)', async () => {
    const f = await fixture({ '.VSCode/settings.json': '{}' });
    const approvals = new ChatApprovals();
    for (const [tool, input] of [
      ['write_file', { path: '.VSCode/settings.json', content: '{"x":1}' }],
      ['edit_file', { path: '.VSCode/settings.json', old_string: '{}', new_string: '{"x":1}' }],
      ['write_file', { path: '.git/hooks/pre-commit', content: 'curl x | sh' }],
      ['write_file', { path: 'my.code-workspace', content: '{}' }],
      ['write_file', { path: '.bashrc', content: 'curl x' }],
    ] as const) {
      const call = await prepared(tool, input, f.folders);
      approvals.allow(call);
      const d = decide(call, settings({ autoApproveReads: true }), approvals);
      assert.equal(d.action, 'ask', input.path);
      if (d.action === 'ask') assert.match(d.reasons.join(' '), /protected/);
    }
  });

  it('a protected folder reached through a symlink still asks, by the link name or by the real path', async () => {
    const f = await fixture({ 'docs/cfg/tasks.json': '{}', 'notes.txt': 'x', 'env.txt': 'KEY=1' });
    await symlink(join(f.ws, 'docs/cfg'), join(f.ws, '.vscode'));
    await symlink(join(f.ws, 'notes.txt'), join(f.ws, '.bashrc'));
    await symlink(join(f.ws, 'env.txt'), join(f.ws, '.env'));
    const approvals = new ChatApprovals();
    for (const [tool, input, shown] of [
      ['write_file', { path: '.vscode/tasks.json', content: '{}' }, '.vscode/tasks.json'],
      [
        'edit_file',
        { path: 'docs/cfg/tasks.json', old_string: '{}', new_string: '{"a":1}' },
        '.vscode/tasks.json',
      ],
      ['write_file', { path: 'docs/cfg/new.json', content: '{}' }, '.vscode/new.json'],
      ['write_file', { path: 'notes.txt', content: 'curl x | sh' }, '.bashrc'],
    ] as const) {
      const call = await prepared(tool, input, f.folders);
      approvals.allow(call);
      const d = decide(call, settings(), approvals);
      assert.equal(d.action, 'ask', input.path);
      if (d.action === 'ask')
        assert.match(d.reasons.join(' '), new RegExp(`\`${shown.replace('.', '\\.')}\` is protected`));
    }
    const secret = await prepared('read_file', { path: '.env' }, f.folders);
    assert.equal(
      decide(secret, settings({ autoApproveReads: true }), approvals).action,
      'ask',
      'a link named .env',
    );
  });

  it('`npm test` allow-listed runs; `npm test; curl x` with `npm test` allow-listed asks (G6)', async () => {
    const f = await fixture();
    const s = settings({ commandAllowList: ['npm test'] });
    const approvals = new ChatApprovals();
    const ok = await prepared('run_command', { command: 'npm test' }, f.folders);
    assert.deepEqual(decide(ok, s, approvals), { action: 'run' });
    const padded = await prepared('run_command', { command: '  npm test ' }, f.folders);
    assert.deepEqual(decide(padded, s, approvals), { action: 'run' }, 'spaces around it are trimmed');
    const compound = await prepared('run_command', { command: 'npm test; curl x' }, f.folders);
    const d = decide(compound, s, approvals);
    assert.equal(d.action, 'ask');
    if (d.action === 'ask') assert.match(d.reasons.join(' '), /`;`/);
    const longer = await prepared('run_command', { command: 'npm test -- --watch' }, f.folders);
    assert.deepEqual(decide(longer, s, approvals), { action: 'ask', reasons: [] }, 'no prefix matching');
  });

  it("an allow-listed command runs without asking only at a workspace folder's root (G10)", async () => {
    // `npm test` in node_modules/evil runs that package's own test script.
    const f = await fixture({ 'node_modules/evil/package.json': '{}' });
    const api = join(f.root, 'api');
    await mkdir(api);
    const s = settings({ commandAllowList: ['npm test'] });
    const approvals = new ChatApprovals();
    const evil = await prepared('run_command', { command: 'npm test', cwd: 'node_modules/evil' }, f.folders);
    const d = decide(evil, s, approvals);
    assert.equal(d.action, 'ask');
    if (d.action === 'ask')
      assert.match(
        d.reasons.join(' '),
        /allow-listed only at the workspace folder's root.*node_modules\/evil/,
      );
    approvals.allow(evil);
    assert.deepEqual(decide(evil, s, approvals), { action: 'run' }, '"Allow for this chat" still covers it');
    const dotted = await prepared('run_command', { command: 'npm test', cwd: './' }, f.folders);
    assert.deepEqual(decide(dotted, s, approvals), { action: 'run' }, 'the root, however it is spelled');
    // In a multi-root workspace every folder's root counts.
    const folders = [f.ws, api];
    const second = await prepared('run_command', { command: 'npm test', cwd: 'api' }, folders);
    assert.equal(second.cwd.relative, '');
    assert.deepEqual(decide(second, s, approvals), { action: 'run' });
  });

  it('a zero-width or tag character in an allow-listed command asks', async () => {
    const f = await fixture();
    const approvals = new ChatApprovals();
    for (const ch of ['\u200B', '\u{E0020}', '\uFEFF', '\u202E']) {
      const command = `npm test${ch}`;
      // Even when the allow list holds the exact same bytes.
      const s = settings({ commandAllowList: ['npm test', command] });
      const call = await prepared('run_command', { command }, f.folders);
      approvals.allow(call);
      const d = decide(call, s, approvals);
      assert.equal(d.action, 'ask');
      if (d.action === 'ask') assert.match(d.reasons.join(' '), /invisible/);
    }
  });

  it('"allow for this chat" does not match a different command or folder (G8)', async () => {
    const f = await fixture({ 'sub/x': '' });
    const approvals = new ChatApprovals();
    const npmTest = await prepared('run_command', { command: 'npm test' }, f.folders);
    approvals.allow(npmTest);
    assert.deepEqual(decide(npmTest, settings(), approvals), { action: 'run' });
    for (const command of [
      'npm test; curl x',
      'npm test && curl x',
      'npm  test',
      'npm run test',
      'npm test --x',
    ])
      assert.equal(
        decide(await prepared('run_command', { command }, f.folders), settings(), approvals).action,
        'ask',
        command,
      );
    const elsewhere = await prepared('run_command', { command: 'npm test', cwd: 'sub' }, f.folders);
    assert.equal(decide(elsewhere, settings(), approvals).action, 'ask', 'another working folder');
    // An approved compound command still asks: approvals never override the risks.
    const compound = await prepared('run_command', { command: 'make && make install' }, f.folders);
    approvals.allow(compound);
    assert.equal(decide(compound, settings(), approvals).action, 'ask');
  });

  it('a fresh ChatApprovals remembers nothing; clear() forgets', async () => {
    const f = await fixture({ 'a.txt': 'x' });
    const first = new ChatApprovals();
    const call = await prepared('run_command', { command: 'npm test' }, f.folders);
    first.allow(call);
    assert.equal(first.has(call), true);
    assert.equal(new ChatApprovals().has(call), false);
    assert.equal(decide(call, settings(), new ChatApprovals()).action, 'ask');
    first.clear();
    assert.equal(first.has(call), false);
  });

  it('invisible characters in a path force a prompt even for auto-approved reads', async () => {
    const f = await fixture({ 'a\u200B.txt': 'x' });
    const call = await prepared('read_file', { path: 'a\u200B.txt' }, f.folders);
    const d = decide(call, settings({ autoApproveReads: true }), new ChatApprovals());
    assert.equal(d.action, 'ask');
    if (d.action === 'ask') assert.match(d.reasons.join(' '), /invisible/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCall } from '../../../src/core/tools/describe';
import { prepareCall } from '../../../src/core/tools/prepare';
import { fixture, prepared } from './helpers';

async function error(name: string, input: unknown, folders: string[]): Promise<string> {
  const r = await prepareCall({ id: 't', name, input }, folders);
  assert.equal(r.ok, false, `${name} ${JSON.stringify(input)} should fail`);
  return r.ok ? '' : r.error;
}

describe('prepareCall', () => {
  it('fills defaults and resolves paths', async () => {
    const f = await fixture({ 'src/a.ts': 'x' });
    const list = await prepared('list_files', {}, f.folders);
    assert.equal(list.pattern, '**/*');
    assert.equal(list.base.absolute, f.ws);
    const search = await prepared('search_text', { query: 'x' }, f.folders);
    assert.deepEqual(
      { isRegex: search.isRegex, caseSensitive: search.caseSensitive, include: search.include },
      { isRegex: false, caseSensitive: false, include: undefined },
    );
    const run = await prepared('run_command', { command: 'npm test' }, f.folders);
    assert.equal(run.cwd.absolute, f.ws);
    const edit = await prepared(
      'edit_file',
      { path: 'src/a.ts', old_string: 'x', new_string: 'y' },
      f.folders,
    );
    assert.equal(edit.replaceAll, false);
    assert.equal(edit.path.relative, 'src/a.ts');
    const diag = await prepared('get_diagnostics', {}, f.folders);
    assert.equal(diag.path, undefined);
  });

  it('errors name the field', async () => {
    const f = await fixture();
    assert.match(await error('read_file', {}, f.folders), /"path" is required/);
    assert.match(await error('read_file', { path: 3 }, f.folders), /"path" must be a string/);
    assert.match(await error('read_file', { path: '' }, f.folders), /"path" must not be empty/);
    assert.match(
      await error('read_file', { path: 'a', start_line: 0 }, f.folders),
      /"start_line" must be at least 1/,
    );
    assert.match(
      await error('read_file', { path: 'a', start_line: 1.5 }, f.folders),
      /"start_line" must be a whole number/,
    );
    assert.match(
      await error('read_file', { path: 'a', start_line: 5, end_line: 2 }, f.folders),
      /"end_line" \(2\) is before/,
    );
    assert.match(
      await error('read_file', { path: 'a', file_path: 'b' }, f.folders),
      /unknown field "file_path"/,
    );
    assert.match(await error('read_file', 'a.txt', f.folders), /the input must be an object/);
    assert.match(
      await error('search_text', { query: 'x', is_regex: 'yes' }, f.folders),
      /"is_regex" must be a boolean/,
    );
    assert.match(await error('run_command', { command: '   ' }, f.folders), /"command" is empty/);
    assert.match(
      await error('edit_file', { path: 'a', old_string: '', new_string: 'x' }, f.folders),
      /"old_string" is empty/,
    );
  });

  it('an unknown tool is an error listing the tools', async () => {
    assert.match(await error('bash', { command: 'ls' }, []), /Unknown tool "bash".*read_file/);
  });

  it('a path outside the workspace is an error with the reason', async () => {
    const f = await fixture();
    assert.match(
      await error('read_file', { path: '../../etc/passwd' }, f.folders),
      /read_file: The path .* refused/,
    );
    assert.match(await error('run_command', { command: 'ls', cwd: '/' }, f.folders), /outside/);
    assert.match(await error('list_files', { path: '~' }, f.folders), /home folder/);
  });

  it('huge tool input is refused first, with its size and the limit (R5)', async () => {
    const f = await fixture();
    // 10 MB of zero-width characters took 21 s to show on a card; now the size check answers before anything else
    // (the working folder here does not exist, and that is not what the error says).
    const command = `echo ${'\u200B'.repeat(3_500_000)}`;
    assert.equal(
      await error('run_command', { command, cwd: 'nowhere' }, f.folders),
      'Invalid input for run_command: "command" is 10.0 MB; the limit is 64 KB.',
    );
    assert.match(
      await error('write_file', { path: 'a.txt', content: 'x'.repeat(2 * 1024 * 1024) }, f.folders),
      /"content" is 2.0 MB; the limit is 1 MB/,
    );
    assert.match(
      await error('read_file', { path: 'a/'.repeat(3000) }, f.folders),
      /"path" is 5.9 KB; the limit is 4 KB/,
    );
    assert.match(
      await error('read_file', { path: 'a.txt', [`x${'y'.repeat(3_000_000)}`]: 1 }, f.folders),
      /the input is 2.9 MB; the limit is 2 MB/,
    );
    await prepared('run_command', { command: `echo ${'a'.repeat(60 * 1024)}` }, f.folders);
  });

  it('a glob too large to match in bounded time is refused before any walk (R5)', async () => {
    const f = await fixture();
    assert.match(
      await error('list_files', { pattern: '*a'.repeat(600) }, f.folders),
      /list_files: "pattern": the pattern is 1200 characters long; the limit is 1024/,
    );
    assert.match(
      await error('search_text', { query: 'x', include: '{a,b}'.repeat(9) }, f.folders),
      /search_text: "include": the pattern has over 256 alternatives/,
    );
  });

  it('an invalid regex is a clear error; the same text as plain search is fine', async () => {
    const f = await fixture();
    assert.match(
      await error('search_text', { query: 'foo(', is_regex: true }, f.folders),
      /not a valid JavaScript regular expression.*"is_regex": false/,
    );
    await prepared('search_text', { query: 'foo(' }, f.folders);
  });
});

describe('describeCall', () => {
  it('titles and arguments for each tool', async () => {
    const f = await fixture({ 'src/a.ts': 'x' });
    const cases: [string, unknown, RegExp][] = [
      ['read_file', { path: 'src/a.ts', start_line: 10, end_line: 40 }, /^Read src\/a\.ts \(lines 10-40\)$/],
      ['list_files', { path: 'src', pattern: '*.ts' }, /^List files in src matching \*\.ts$/],
      [
        'search_text',
        { query: 'foo', is_regex: true },
        /^Search the workspace for foo \(regex, ignoring case\)$/,
      ],
      ['get_diagnostics', {}, /in the workspace/],
      [
        'edit_file',
        { path: 'src/a.ts', old_string: 'x', new_string: 'y', replace_all: true },
        /^Edit src\/a\.ts \(every occurrence\)$/,
      ],
      ['write_file', { path: 'src/a.ts', content: 'y' }, /^Overwrite src\/a\.ts$/],
      ['write_file', { path: 'src/new.ts', content: 'y' }, /^Create src\/new\.ts$/],
      ['run_command', { command: 'npm test' }, /^Run npm test$/],
    ];
    for (const [name, input, title] of cases) {
      const d = describeCall(await prepared(name as 'read_file', input, f.folders));
      assert.match(d.title, title, name);
      assert.equal(d.hasInvisible, false, name);
    }
  });

  it('every value is made visible: an invisible character in a command shows as an escape and is flagged', async () => {
    const f = await fixture();
    const d = describeCall(
      await prepared('run_command', { command: 'npm test\u200B\t; rm -rf x\u{E0041}' }, f.folders),
    );
    assert.equal(d.title, 'Run npm test\\u{200B}\\t; rm -rf x\\u{E0041}');
    assert.equal(d.args[0]!.value, 'npm test\\u{200B}\\t; rm -rf x\\u{E0041}');
    assert.equal(d.hasInvisible, true);
    assert.equal(d.location, f.ws);
  });

  it('file content keeps its lines and tabs but flags hidden characters', async () => {
    const f = await fixture();
    const plain = describeCall(
      await prepared('write_file', { path: 'a.go', content: 'func a() {\n\treturn\n}\n' }, f.folders),
    );
    assert.deepEqual(
      plain.args.find((a) => a.label === 'content'),
      {
        label: 'content',
        value: 'func a() {\n\treturn\n}\n',
        parts: [{ text: 'func a() {\n\treturn\n}\n', escaped: false }],
        multiline: true,
      },
    );
    assert.equal(plain.hasInvisible, false);
    const hidden = describeCall(
      await prepared('write_file', { path: 'a.txt', content: 'ok\u202Eevil' }, f.folders),
    );
    assert.equal(hidden.hasInvisible, true);
    assert.equal(hidden.args.find((a) => a.label === 'content')!.value, 'ok\\u{202E}evil');
  });
});

describe('prepareCall for edits and writes', () => {
  it('edit_file needs an existing file; neither may name a folder', async () => {
    const f = await fixture({ 'src/a.ts': 'x' });
    assert.match(
      await error('edit_file', { path: 'src/nope.ts', old_string: 'a', new_string: 'b' }, f.folders),
      /does not exist: create it with write_file/,
    );
    assert.match(
      await error('edit_file', { path: 'src', old_string: 'a', new_string: 'b' }, f.folders),
      /is a folder/,
    );
    assert.match(await error('write_file', { path: 'src', content: '' }, f.folders), /is a folder/);
    await prepared('write_file', { path: 'src/new/b.ts', content: '' }, f.folders);
  });
});

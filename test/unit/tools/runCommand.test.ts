// docs/threat-model.md, G7: a command is bounded: the timeout and Stop kill the whole process tree; output is capped.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCommandTool, type RunOptions } from '../../../src/core/tools/runCommand';
import { fixture, never, prepared } from './helpers';

const opts = (over: Partial<RunOptions> = {}): RunOptions => ({
  timeoutMs: 10_000,
  limitBytes: 64 * 1024,
  shell: '/bin/sh',
  signal: never,
  onOutput: () => {},
  ...over,
});

/** True while a process with this pid runs (a zombie waiting for init to reap it has stopped running). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true; // no /proc (macOS): kill(0) is the answer
  }
}

/**
 * Polls until `check` holds. The deadline is only a safety net far beyond any kill's grace period (a killed
 * process disappears within milliseconds), so a slow machine never fails it; surviving it means the kill failed.
 */
async function eventually(check: () => boolean, ms = 30_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('run_command', { skip: process.platform === 'win32' }, () => {
  it('echo hi: output, exit code 0, streamed to onOutput', async () => {
    const f = await fixture();
    const streamed: string[] = [];
    const r = await runCommandTool(
      await prepared('run_command', { command: 'echo hi' }, f.folders),
      opts({ onOutput: (t) => streamed.push(t) }),
    );
    assert.deepEqual(r, {
      content: 'hi\n\n[Exit code 0]',
      isError: false,
      exitCode: 0,
      timedOut: false,
      truncated: false,
    });
    assert.equal(streamed.join(''), 'hi\n');
  });

  it('stderr is interleaved, a failing exit code is an error, the cwd is the workspace folder', async () => {
    const f = await fixture({ 'sub/marker.txt': '' });
    const r = await runCommandTool(
      await prepared('run_command', { command: 'ls; echo oops >&2; exit 3', cwd: 'sub' }, f.folders),
      opts(),
    );
    assert.equal(r.exitCode, 3);
    assert.equal(r.isError, true);
    assert.match(r.content, /marker\.txt\n/);
    assert.match(r.content, /oops\n/);
    assert.match(r.content, /\[Exit code 3\]$/);
  });

  it('stdin is closed: a program waiting for input ends by itself', async () => {
    const f = await fixture();
    const r = await runCommandTool(
      await prepared('run_command', { command: 'cat' }, f.folders),
      opts({ timeoutMs: 60_000 }),
    );
    assert.equal(r.exitCode, 0);
    assert.equal(r.timedOut, false, 'it would wait for input until the timeout killed it');
  });

  it('sleep 999 is killed at a 500 ms timeout, grandchild included', async () => {
    const f = await fixture();
    const r = await runCommandTool(
      await prepared('run_command', { command: "sh -c 'sleep 999 & echo $!; wait'" }, f.folders),
      opts({ timeoutMs: 500 }),
    );
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    assert.equal(r.isError, true);
    assert.match(r.content, /Timed out after 0\.5 s/);
    const grandchild = Number(r.content.split('\n')[0]);
    assert.ok(grandchild > 0, r.content);
    assert.ok(await eventually(() => !alive(grandchild)), `sleep ${grandchild} survived`);
  });

  it('a background job left behind does not keep the chat waiting, and is killed', async () => {
    const f = await fixture();
    const r = await runCommandTool(
      await prepared('run_command', { command: 'sleep 999 & echo $!' }, f.folders),
      opts({ timeoutMs: 60_000 }),
    );
    assert.equal(r.timedOut, false, 'waiting for the background job would have run into the timeout');
    const pid = Number(r.content.split('\n')[0]);
    assert.ok(await eventually(() => !alive(pid)), `background sleep ${pid} survived`);
  });

  it('`yes` is capped quickly: a truncation marker, memory bounded, the process killed', async () => {
    const f = await fixture();
    let streamed = 0;
    const r = await runCommandTool(
      await prepared('run_command', { command: 'yes' }, f.folders),
      opts({ limitBytes: 4096, timeoutMs: 120_000, onOutput: (t) => (streamed += t.length) }),
    );
    assert.equal(r.truncated, true);
    assert.equal(r.timedOut, false, 'the flood is stopped by its size, not by the timeout');
    assert.equal(r.isError, true);
    assert.match(r.content, /bytes of output not shown/);
    assert.match(r.content, /\[Stopped: it printed over \d+ MB of output\.\]$/);
    assert.ok(r.content.length < 4096 + 400, `${r.content.length} chars kept`);
    assert.ok(streamed < 4096 + 200, `${streamed} chars streamed`);
  });

  it('output over the cap keeps the start and the end', async () => {
    const f = await fixture();
    const r = await runCommandTool(
      await prepared('run_command', { command: 'echo FIRST; seq 1 20000; echo LAST' }, f.folders),
      opts({ limitBytes: 2048 }),
    );
    assert.equal(r.truncated, true);
    assert.equal(r.exitCode, 0);
    assert.ok(r.content.startsWith('FIRST\n'));
    assert.match(r.content, /LAST\n\n\[Exit code 0\]$/);
    assert.match(r.content, /\[… \d+ bytes of output not shown …\]/);
  });

  it('abort kills the whole tree', async () => {
    const f = await fixture();
    const ac = new AbortController();
    let firstOutput = '';
    const running = runCommandTool(
      await prepared('run_command', { command: "sh -c 'sleep 999 & echo $!; wait'" }, f.folders),
      opts({
        signal: ac.signal,
        onOutput: (t) => {
          firstOutput += t;
          ac.abort();
        },
      }),
    );
    const r = await running;
    assert.equal(r.exitCode, null);
    assert.equal(r.timedOut, false);
    assert.match(r.content, /Stopped by the user/);
    const pid = Number(firstOutput.trim());
    assert.ok(pid > 0);
    assert.ok(await eventually(() => !alive(pid)), `sleep ${pid} survived the abort`);
  });

  it('a process that left the group and the session with setsid is gone once the command ends (G11)', async () => {
    const f = await fixture();
    // The shell exits at once; the sleep lives on in its own session, holding the output pipe.
    const r = await runCommandTool(
      await prepared('run_command', { command: "setsid sh -c 'echo $$; exec sleep 777' &" }, f.folders),
      opts(),
    );
    const pid = Number(r.content.split('\n')[0]);
    assert.ok(pid > 0, r.content);
    assert.ok(await eventually(() => !alive(pid)), `setsid sleep ${pid} survived the command`);
  });

  it('a child of an escaped process that cleared its environment is gone too (G11)', async () => {
    const f = await fixture();
    const r = await runCommandTool(
      await prepared(
        'run_command',
        { command: "setsid sh -c 'env -i sleep 778 & echo $!; wait' >&1 &" },
        f.folders,
      ),
      opts(),
    );
    const pid = Number(r.content.split('\n')[0]);
    assert.ok(pid > 0, r.content);
    assert.ok(await eventually(() => !alive(pid)), `sleep ${pid} (empty environment) survived the command`);
  });

  it('Stop kills a process that escaped with setsid (G11)', async () => {
    const f = await fixture();
    const ac = new AbortController();
    let firstOutput = '';
    const r = await runCommandTool(
      await prepared(
        'run_command',
        { command: "setsid sh -c 'echo $$; exec sleep 779' & sleep 999" },
        f.folders,
      ),
      opts({
        signal: ac.signal,
        onOutput: (t) => {
          firstOutput += t;
          ac.abort();
        },
      }),
    );
    assert.match(r.content, /Stopped by the user/);
    const pid = Number(firstOutput.trim());
    assert.ok(pid > 0, firstOutput);
    assert.ok(await eventually(() => !alive(pid)), `setsid sleep ${pid} survived Stop`);
  });

  it('already aborted: nothing starts', async () => {
    const f = await fixture();
    const ac = new AbortController();
    ac.abort();
    const r = await runCommandTool(
      await prepared('run_command', { command: 'touch started' }, f.folders),
      opts({ signal: ac.signal }),
    );
    assert.equal(r.isError, true);
    assert.match(r.content, /before the command started/);
  });

  it("uses the user's shell ($SHELL) when none is given", async () => {
    const f = await fixture();
    const r = await runCommandTool(await prepared('run_command', { command: 'echo $0' }, f.folders), {
      ...opts(),
      shell: undefined,
      env: { ...process.env, SHELL: '/bin/sh' },
    });
    // $SHELL is read from the extension's own environment; the command sees it as $0.
    assert.equal(r.exitCode, 0);
    assert.match(r.content, /sh\n/);
  });

  it('a missing shell is an error, not a crash', async () => {
    const f = await fixture();
    const r = await runCommandTool(
      await prepared('run_command', { command: 'echo hi' }, f.folders),
      opts({ shell: '/nonexistent/shell' }),
    );
    assert.equal(r.isError, true);
    assert.match(r.content, /could not start/);
  });
});

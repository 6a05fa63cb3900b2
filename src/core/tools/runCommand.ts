// run_command: one approved command line in the user's shell (docs/threat-model.md, G7). The command runs in its
// own process group, so on timeout, on Stop, or when it floods output, the whole tree is killed (SIGTERM, then SIGKILL), not
// just the shell; processes that left the group with `setsid` are found by the marker in their environment and
// killed too, on every end (G11, processSweep.ts). stdin is closed; stdout and stderr are interleaved as they
// arrive. Only the start and the end of the output are kept (errors tend to be at the end), so memory stays
// bounded whatever the command prints.
import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { recheck } from './paths';
import type { PreparedOf } from './prepare';
import { RUN_MARKER_ENV, newRunMarker, sweepProcesses } from './processSweep';
import type { ToolOutcome } from './types';

export interface RunOptions {
  timeoutMs: number;
  /** Output bytes kept (settings.outputCapBytes). */
  limitBytes: number;
  /** Default: $SHELL or /bin/sh; on Windows %ComSpec%. */
  shell?: string;
  env?: NodeJS.ProcessEnv;
  signal: AbortSignal;
  /** The output as it arrives, for the card; stops (with a marker) once the kept start is full. */
  onOutput: (text: string) => void;
}

export type CommandOutcome = ToolOutcome & { exitCode: number | null; timedOut: boolean; truncated: boolean };

/** SIGTERM first; what is still there this much later gets SIGKILL. */
const KILL_GRACE_MS = 1000;
/** After the shell exits, its output pipes get this long to drain before leftovers (background jobs) are killed. */
const DRAIN_MS = 200;
const WINDOWS = process.platform === 'win32';

function shellArgs(shell: string, command: string): { args: string[]; verbatim: boolean } {
  const name = shell.toLowerCase();
  if (/(^|[\\/])(pwsh|powershell)(\.exe)?$/.test(name))
    return { args: ['-NoProfile', '-Command', command], verbatim: false };
  if (/(^|[\\/])cmd(\.exe)?$/.test(name)) return { args: ['/d', '/s', '/c', `"${command}"`], verbatim: true };
  return { args: ['-c', command], verbatim: false };
}

function commandEnv(base: NodeJS.ProcessEnv, marker: string): NodeJS.ProcessEnv {
  // No pager or prompt can wait for input that never comes; the extension host's Electron switch must not leak
  // into Electron programs the command starts. The marker lets a sweep find every process the command started.
  const env: NodeJS.ProcessEnv = {
    ...base,
    PAGER: 'cat',
    GIT_PAGER: 'cat',
    GIT_TERMINAL_PROMPT: '0',
    [RUN_MARKER_ENV]: marker,
  };
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

export async function runCommandTool(
  call: PreparedOf<'run_command'>,
  options: RunOptions,
): Promise<CommandOutcome> {
  const failed = (content: string): CommandOutcome => ({
    content,
    isError: true,
    exitCode: null,
    timedOut: false,
    truncated: false,
  });
  const checked = await recheck(call.cwd);
  if (!checked.ok) return failed(checked.reason);
  const cwd = checked.path.absolute;
  if (!(await stat(cwd).catch(() => undefined))?.isDirectory())
    return failed(`The working folder "${checked.path.relative || '.'}" is not a folder.`);
  if (options.signal.aborted) return failed('Stopped before the command started.');

  const shell =
    options.shell ?? (WINDOWS ? process.env.ComSpec || 'cmd.exe' : process.env.SHELL || '/bin/sh');
  const { args, verbatim } = shellArgs(shell, call.command);
  const marker = newRunMarker();
  const child = spawn(shell, args, {
    cwd,
    env: commandEnv(options.env ?? process.env, marker),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: !WINDOWS, // its own process group, killed as one
    windowsHide: true,
    windowsVerbatimArguments: verbatim,
  });
  const output = new OutputCap(options.limitBytes, options.onOutput);
  // A flood (`yes`) is killed once it is far past anything that would be kept.
  const floodBytes = Math.max(options.limitBytes * 16, 8 * 1024 * 1024);

  return new Promise<CommandOutcome>((resolve) => {
    let timedOut = false;
    let stopped = false;
    let flooded = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let killing = false;
    let finished = false;
    const timers: NodeJS.Timeout[] = [];

    const killTree = () => {
      if (killing || child.pid === undefined) return;
      killing = true;
      const pid = child.pid;
      if (WINDOWS) {
        spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true, stdio: 'ignore' }).on(
          'error',
          () => {},
        );
        return;
      }
      const send = (sig: 'SIGTERM' | 'SIGKILL') => {
        try {
          process.kill(-pid, sig);
        } catch {
          // ESRCH: the group is already gone.
        }
        void sweepProcesses(marker, sig);
      };
      send('SIGTERM');
      timers.push(setTimeout(() => send('SIGKILL'), KILL_GRACE_MS));
      // A process that left the group (setsid) could hold the pipes open forever: stop waiting for them.
      timers.push(setTimeout(() => void finish(), KILL_GRACE_MS + 500));
    };

    const onData = (decoder: StringDecoder) => (chunk: Buffer) => {
      output.add(decoder.write(chunk), chunk.length);
      if (output.received > floodBytes && !flooded) {
        flooded = true;
        killTree();
      }
    };
    const outDecoder = new StringDecoder('utf8');
    const errDecoder = new StringDecoder('utf8');
    child.stdout!.on('data', onData(outDecoder));
    child.stderr!.on('data', onData(errDecoder));

    const onAbort = () => {
      stopped = true;
      killTree();
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    timers.push(
      setTimeout(() => {
        timedOut = true;
        killTree();
      }, options.timeoutMs),
    );

    child.on('error', (e) => {
      exit ??= { code: null, signal: null };
      output.add(`[could not start ${shell}: ${e.message}]`, 0);
      void finish();
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      // Background jobs it left behind would keep the pipes (and the chat) waiting: they go with it.
      timers.push(setTimeout(killTree, DRAIN_MS));
    });
    child.on('close', () => void finish());

    async function finish() {
      if (finished) return;
      finished = true;
      for (const t of timers) clearTimeout(t);
      options.signal.removeEventListener('abort', onAbort);
      // Leftovers are killed even when everything closed in time, those that left the group included, before the
      // result is given: once it is, nothing the command started is still running.
      if (!WINDOWS && child.pid !== undefined)
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      if (!WINDOWS) await sweepProcesses(marker, 'SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      output.add(outDecoder.end() + errDecoder.end(), 0);
      const exitCode = timedOut || stopped || flooded ? null : (exit?.code ?? null);
      const seconds = Math.round(options.timeoutMs / 100) / 10;
      const status = timedOut
        ? `[Timed out after ${seconds} s: the command and every process it started were stopped.]`
        : stopped
          ? '[Stopped by the user: the command and every process it started were stopped.]'
          : flooded
            ? `[Stopped: it printed over ${Math.round(floodBytes / 1024 / 1024)} MB of output.]`
            : exit?.code != null
              ? `[Exit code ${exit.code}]`
              : `[Ended by signal ${exit?.signal ?? 'unknown'}]`;
      const text = output.text();
      resolve({
        content: `${text === '' ? '(no output)' : text}\n${status}`,
        isError: exitCode !== 0,
        exitCode,
        timedOut,
        truncated: output.truncated,
      });
    }
  });
}

/** Keeps about the first three quarters and the last quarter of `limit` bytes of output. */
class OutputCap {
  received = 0;
  truncated = false;
  #head = '';
  #headBytes = 0;
  #tail = '';
  readonly #tailChars: number;
  readonly #headLimit: number;

  constructor(
    limit: number,
    private readonly onOutput: (text: string) => void,
  ) {
    this.#tailChars = Math.floor(limit / 4);
    this.#headLimit = limit - this.#tailChars;
  }

  add(text: string, bytes: number): void {
    this.received += bytes;
    if (text === '') return;
    if (!this.truncated) {
      const size = Buffer.byteLength(text);
      if (this.#headBytes + size <= this.#headLimit) {
        this.#head += text;
        this.#headBytes += size;
        this.onOutput(text);
        return;
      }
      const room = Buffer.from(text)
        .subarray(0, this.#headLimit - this.#headBytes)
        .toString('utf8');
      const fits = room.replace(/\uFFFD$/, '');
      this.#head += fits;
      this.onOutput(`${fits}\n[… output cut here; the end follows when the command finishes …]\n`);
      this.truncated = true;
      text = text.slice(fits.length);
    }
    this.#tail += text;
    if (this.#tail.length > this.#tailChars * 2) this.#tail = this.#tail.slice(-this.#tailChars);
  }

  text(): string {
    if (!this.truncated) return this.#head;
    const tail = this.#tail.slice(-this.#tailChars);
    return `${this.#head}\n[… ${this.received - this.#headBytes - Buffer.byteLength(tail)} bytes of output not shown …]\n${tail}`;
  }
}

// What `@terminal` attaches: the active terminal's last command and its output, read through shell integration as
// it ran (VS Code hands out a command's output only to a reader that started with it, so every command is read
// while this runs, keeping the end of each); without one, the text selected in the terminal.
import * as vscode from 'vscode';
import type { TerminalCapture } from '../../core/composer/mentionItems';

/** Of one command's output, the last this many characters are kept (what a build or test run ends with). */
const KEEP_CHARS = 256 * 1024;

interface Execution {
  command: string;
  output: string;
  exitCode?: number;
  /** Settles when the output stream has ended (it can trail the end event). */
  read: Promise<void>;
}

/** How long a finished command's trailing output is waited for. */
const TRAILING_OUTPUT_MS = 2000;

export class TerminalOutput implements vscode.Disposable {
  private readonly last = new WeakMap<vscode.Terminal, Execution>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    // Hosts without shell-integration events (older VS Code, forks) still get the selection.
    if (typeof vscode.window.onDidStartTerminalShellExecution !== 'function') return;
    this.disposables.push(
      vscode.window.onDidStartTerminalShellExecution((e) => {
        const stream = e.execution.read(); // now: only a reader that starts with the command gets its output
        const run: Execution = {
          command: e.execution.commandLine.value,
          output: '',
          read: Promise.resolve(),
        };
        run.read = (async () => {
          for await (const data of stream) {
            run.output += data;
            if (run.output.length > KEEP_CHARS * 2) run.output = run.output.slice(-KEEP_CHARS);
          }
          run.output = run.output.slice(-KEEP_CHARS);
        })().catch(() => {});
        this.last.set(e.terminal, run);
      }),
      vscode.window.onDidEndTerminalShellExecution((e) => {
        const run = this.last.get(e.terminal);
        if (!run) return;
        run.exitCode = e.exitCode;
        run.command = e.execution.commandLine.value || run.command;
      }),
    );
  }

  /** The active terminal's last command, else its selection; undefined with neither. */
  async capture(): Promise<TerminalCapture | undefined> {
    const terminal = vscode.window.activeTerminal;
    if (!terminal) return undefined;
    const run = this.last.get(terminal);
    if (run) {
      // A finished command's last output can still be on its way; a running one gives what it has so far.
      if (run.exitCode !== undefined) await Promise.race([run.read, delay(TRAILING_OUTPUT_MS)]);
      // The stream can end before all of a short command's output reached it (VS Code closes it on the
      // command's end mark); the terminal's own record of the last command is then asked, through the clipboard.
      const output = run.output.trim()
        ? run.output
        : await viaClipboard('workbench.action.terminal.copyLastCommandOutput');
      return {
        terminal: terminal.name,
        command: run.command,
        output: output ?? '',
        ...(run.exitCode === undefined ? {} : { exitCode: run.exitCode }),
        from: 'command',
      };
    }
    const selected = await viaClipboard('workbench.action.terminal.copySelection');
    return selected ? { terminal: terminal.name, output: selected, from: 'selection' } : undefined;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Runs a terminal command that copies text (the selection, the last command's output) and reads it from the
 * clipboard, which is then put back: there is no API for either. Undefined when the command copied nothing.
 */
async function viaClipboard(command: string): Promise<string | undefined> {
  const saved = await vscode.env.clipboard.readText();
  const marker = `\u0000claude-messages-${Date.now()}`;
  await vscode.env.clipboard.writeText(marker);
  try {
    await vscode.commands.executeCommand(command);
    const text = await vscode.env.clipboard.readText();
    return text === marker || text.trim() === '' ? undefined : text;
  } catch {
    return undefined;
  } finally {
    await vscode.env.clipboard.writeText(saved);
  }
}

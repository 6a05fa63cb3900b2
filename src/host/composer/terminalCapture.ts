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
}

export class TerminalOutput implements vscode.Disposable {
  private readonly last = new WeakMap<vscode.Terminal, Execution>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    // Hosts without shell-integration events (older VS Code, forks) still get the selection.
    if (typeof vscode.window.onDidStartTerminalShellExecution !== 'function') return;
    this.disposables.push(
      vscode.window.onDidStartTerminalShellExecution((e) => {
        const run: Execution = { command: e.execution.commandLine.value, output: '' };
        this.last.set(e.terminal, run);
        void (async () => {
          for await (const data of e.execution.read()) {
            run.output += data;
            if (run.output.length > KEEP_CHARS * 2) run.output = run.output.slice(-KEEP_CHARS);
          }
          run.output = run.output.slice(-KEEP_CHARS);
        })().catch(() => {});
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
      return {
        terminal: terminal.name,
        command: run.command,
        output: run.output,
        ...(run.exitCode === undefined ? {} : { exitCode: run.exitCode }),
        from: 'command',
      };
    }
    const selected = await terminalSelection();
    return selected ? { terminal: terminal.name, output: selected, from: 'selection' } : undefined;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

/** There is no API for a terminal's selection: it is copied through the clipboard, which is then put back. */
async function terminalSelection(): Promise<string | undefined> {
  const saved = await vscode.env.clipboard.readText();
  const marker = `\u0000claude-messages-${Date.now()}`;
  await vscode.env.clipboard.writeText(marker);
  try {
    await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
    const text = await vscode.env.clipboard.readText();
    return text === marker || text.trim() === '' ? undefined : text;
  } finally {
    await vscode.env.clipboard.writeText(saved);
  }
}

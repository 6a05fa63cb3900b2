// Measures require() + activate() of the bundled extension inside the real extension host (docs/performance.md).
// Each run loads a fresh copy of the bundle and calls activate() with a context whose
// subscriptions are disposed afterwards, so the next run can register the same ids. The first run is cold
// (nothing compiled yet). VS Code's own activation of the extension is timed last, as one more figure.
import { performance } from 'node:perf_hooks';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

const EXTENSION_ID = 'claude-messages.claude-messages';
const RUNS = 25;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const out = process.env.CLAUDE_MESSAGES_BENCH_RESULTS;
  if (!out) return;
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) return writeFileSync(out, JSON.stringify({ error: `${EXTENSION_ID} not installed` }));

  const main = require.resolve(`${ext.extensionPath}/dist/extension.js`);
  const samples: number[] = [];
  let firstUseMs = -1;
  const errors: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    delete require.cache[main];
    const subscriptions: vscode.Disposable[] = [];
    // The companion's own context (secrets, storage) with our extension's location and fresh subscriptions.
    const ctx = Object.create(context, {
      subscriptions: { value: subscriptions },
      extensionUri: { value: ext.extensionUri },
      extensionPath: { value: ext.extensionPath },
    }) as vscode.ExtensionContext;
    const start = performance.now();
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(main) as { activate(c: vscode.ExtensionContext): unknown };
      await mod.activate(ctx);
      samples.push(performance.now() - start);
      if (i === 0) {
        // The app behind the commands loads on first use: time that once too (a command with no UI of its own).
        const t = performance.now();
        await vscode.commands.executeCommand('claudeMessages.stop');
        firstUseMs = performance.now() - t;
      }
    } catch (e) {
      errors.push(String(e));
    }
    for (const d of subscriptions) d.dispose();
  }
  const t0 = performance.now();
  await ext.activate();
  const vscodeActivationMs = performance.now() - t0;
  writeFileSync(out, JSON.stringify({ samples, errors, vscodeActivationMs, firstUseMs }));
}

// A test-only extension: on start-up it runs the integration suites in this extension host and writes the
// results to the file the harness named (code-server passes its environment to the extension host).
import { writeFileSync } from 'node:fs';
import type * as vscode from 'vscode';
import { setCompanionLogUri } from '../extensionUnderTest';
import { runSuites } from '../runner';
import { registerTestTool } from '../testTool';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const out = process.env.CLAUDE_MESSAGES_INTEGRATION_RESULTS;
  if (!out) return;
  setCompanionLogUri(context.logUri);
  context.subscriptions.push(registerTestTool());
  try {
    const result = await runSuites();
    writeFileSync(out, JSON.stringify(result));
  } catch (e) {
    writeFileSync(
      out,
      JSON.stringify({
        passed: 0,
        failed: 1,
        tests: [{ title: 'runner', state: 'failed', error: String(e) }],
      }),
    );
  }
}

// A narrow seam for the integration suites (test/integration/suites), documented in docs/architecture.md: its
// command (TEST_HOOKS_COMMAND in commandIds.ts) is registered only when the extension host's environment has
// CLAUDE_MESSAGES_TEST_HOOKS=1, which only test/run/integration.mjs sets, and it is not contributed in package.json
// (no palette entry). It lets a
// suite hand the chat view's handler exactly what a webview could post, read what the host posted back, and read
// the tool settings as the gate reads them. It grants nothing a webview does not have: every message still goes
// through the same parser and handlers (docs/threat-model.md, W5).
import type * as vscode from 'vscode';
import type { HostMessage } from '../shared/protocol';
import { readToolSettings } from './tools/toolConfiguration';
import type { ChatViewProvider } from './view/chatViewProvider';

export type TestHookRequest =
  /** Feeds `message` to the view's handler, as if the webview had posted it; resolves when it was handled. */
  | { op: 'receive'; message: unknown }
  /** The host messages posted since the last `posted` (or since the app loaded), then forgets them. */
  | { op: 'posted' }
  /** The tool settings as the gate reads them now. */
  | { op: 'toolSettings' };

export interface TestHooks extends vscode.Disposable {
  run(request: TestHookRequest): Promise<unknown>;
}

export function createTestHooks(view: ChatViewProvider): TestHooks {
  let posted: HostMessage[] = [];
  const observer = view.observePosts((m) => posted.push(m));
  return {
    run: async (request) => {
      switch (request.op) {
        case 'receive':
          return view.receive(request.message);
        case 'posted': {
          const out = posted;
          posted = [];
          return out;
        }
        case 'toolSettings':
          return readToolSettings();
      }
    },
    dispose: () => observer.dispose(),
  };
}

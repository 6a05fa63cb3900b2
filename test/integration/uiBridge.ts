// What a suite cannot do from the extension host: type into VS Code's own input boxes, see a notification, click its
// button. The harness does it in the browser (test/run/companion.mjs, serveUiRequest). Only the code-server harness
// offers the bridge.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export function hasUiBridge(): boolean {
  return Boolean(process.env.CLAUDE_MESSAGES_UI_BRIDGE);
}

async function ask(request: { fill: string } | { see: string } | { click: string }): Promise<void> {
  const bridge = process.env.CLAUDE_MESSAGES_UI_BRIDGE;
  if (!bridge) throw new Error('this harness has no UI bridge (CLAUDE_MESSAGES_UI_BRIDGE)');
  const id = randomUUID();
  rmSync(`${bridge}.done`, { force: true });
  writeFileSync(`${bridge}.request.tmp`, JSON.stringify({ id, ...request }));
  renameSync(`${bridge}.request.tmp`, `${bridge}.request`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (!existsSync(`${bridge}.done`)) continue;
    const done = JSON.parse(readFileSync(`${bridge}.done`, 'utf8')) as { id: string; error?: string };
    if (done.id !== id) continue;
    rmSync(`${bridge}.done`, { force: true });
    if (done.error) throw new Error(`the harness could not do ${JSON.stringify(request)}: ${done.error}`);
    return;
  }
}

/** Types `text` into the input box that is open (or opens next) and presses Enter. */
export const fillInputBox = (text: string) => ask({ fill: text });
/** Waits until `text` is on screen (a notification, say). */
export const seeOnScreen = (text: string) => ask({ see: text });
/** Clicks the button named `name` (a notification's action, say). */
export const clickButton = (name: string) => ask({ click: name });

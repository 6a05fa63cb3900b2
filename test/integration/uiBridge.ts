// Typing into VS Code's own input boxes from a suite: the extension host has no API for it, so the harness does it
// with the browser (test/run/companion.mjs, serveUiRequest). Only the code-server harness offers the bridge.
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export function hasUiBridge(): boolean {
  return Boolean(process.env.CLAUDE_MESSAGES_UI_BRIDGE);
}

/** Types `text` into the input box that is open (or opens next) and presses Enter. */
export async function fillInputBox(text: string): Promise<void> {
  const bridge = process.env.CLAUDE_MESSAGES_UI_BRIDGE;
  if (!bridge)
    throw new Error('this harness cannot type into VS Code input boxes (no CLAUDE_MESSAGES_UI_BRIDGE)');
  const id = randomUUID();
  rmSync(`${bridge}.done`, { force: true });
  writeFileSync(`${bridge}.request.tmp`, JSON.stringify({ id, fill: text }));
  renameSync(`${bridge}.request.tmp`, `${bridge}.request`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    if (!existsSync(`${bridge}.done`)) continue;
    const done = JSON.parse(readFileSync(`${bridge}.done`, 'utf8')) as { id: string; error?: string };
    if (done.id !== id) continue;
    rmSync(`${bridge}.done`, { force: true });
    if (done.error) throw new Error(`the harness could not type into the input box: ${done.error}`);
    return;
  }
}

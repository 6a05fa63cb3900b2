// Which conversation this workspace had open, kept in a small file in the workspace's storage folder.
// Not in workspaceState: in the web workbench that is flushed lazily, and a reload right after a reply lost it.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as vscode from 'vscode';

export class CurrentConversation {
  private readonly file: string;

  constructor(context: vscode.ExtensionContext) {
    // storageUri is per workspace; with no folder open, fall back to the global folder.
    const dir = (context.storageUri ?? context.globalStorageUri).fsPath;
    this.file = join(dir, 'current-conversation.json');
  }

  async get(): Promise<string | undefined> {
    try {
      const v = JSON.parse(await readFile(this.file, 'utf8')) as { id?: unknown };
      return typeof v.id === 'string' ? v.id : undefined;
    } catch {
      return undefined;
    }
  }

  async set(id: string | undefined): Promise<void> {
    await mkdir(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ id: id ?? null }));
    await rename(tmp, this.file);
  }
}

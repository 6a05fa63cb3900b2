// The user's own prompts for `/`: in each workspace folder `.github/prompts/*.prompt.md` (VS Code's convention) and
// `.claude/commands/**/*.md` (Claude Code's), and the user's own in `~/.claude/commands` and VS Code's user
// `prompts` folder. Read afresh for every `/` suggestion and every command sent, so an edit shows at once; they are
// small and few (bounded here). A workspace's prompts are marked as such (docs/threat-model.md, G14).
import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import {
  MAX_PROMPT_FILE_BYTES,
  parsePromptFile,
  promptName,
  type PromptFile,
  type PromptSource,
} from '../../core/composer/promptFiles';
import { workspaceFolderPaths } from '../tools/toolConfiguration';

/** At most this many prompt files are read from one folder (with its subfolders). */
const MAX_FILES_PER_FOLDER = 200;

interface PromptFolder {
  dir: string;
  kind: 'github' | 'claude';
  source: PromptSource;
  /** How the suggestion names where a prompt came from, before its relative path. */
  shownAs: string;
}

export async function loadPrompts(context: vscode.ExtensionContext): Promise<PromptFile[]> {
  const folders: PromptFolder[] = [];
  for (const ws of workspaceFolderPaths()) {
    folders.push(
      {
        dir: path.join(ws, '.github', 'prompts'),
        kind: 'github',
        source: 'workspace',
        shownAs: '.github/prompts/',
      },
      {
        dir: path.join(ws, '.claude', 'commands'),
        kind: 'claude',
        source: 'workspace',
        shownAs: '.claude/commands/',
      },
    );
  }
  // VS Code keeps user prompt files in the profile's `prompts` folder, beside `globalStorage`.
  const userData = path.dirname(path.dirname(context.globalStorageUri.fsPath));
  folders.push(
    {
      dir: path.join(homedir(), '.claude', 'commands'),
      kind: 'claude',
      source: 'user',
      shownAs: '~/.claude/commands/',
    },
    { dir: path.join(userData, 'prompts'), kind: 'github', source: 'user', shownAs: 'user prompts/' },
  );
  const all = await Promise.all(folders.map((f) => readFolder(f)));
  return all.flat();
}

async function readFolder(folder: PromptFolder): Promise<PromptFile[]> {
  const out: PromptFile[] = [];
  const visit = async (dir: string, rel: string, depth: number): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // no such folder: no prompts there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      if (out.length >= MAX_FILES_PER_FOLDER) return;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      // Claude Code reads subfolders (as `folder:name`); VS Code only the folder itself. Links are not followed.
      if (e.isDirectory() && folder.kind === 'claude' && depth < 3)
        await visit(path.join(dir, e.name), childRel, depth + 1);
      if (!e.isFile()) continue;
      const name = promptName(folder.kind, childRel);
      if (!name) continue;
      const file = path.join(dir, e.name);
      try {
        const info = await lstat(file);
        if (info.size > MAX_PROMPT_FILE_BYTES) continue;
        const text = await readFile(file, 'utf8');
        out.push(parsePromptFile(text, { name, source: folder.source, origin: folder.shownAs + childRel }));
      } catch {
        // unreadable: left out
      }
    }
  };
  await visit(folder.dir, '', 0);
  return out;
}

// A shadow git repository for one workspace folder: its own GIT_DIR in the extension's storage, its work tree the
// folder. It tells which files a command changed (a tree before, a tree after) and what they held before. It never
// reads or writes the user's own repository: every git it runs gets GIT_DIR and GIT_WORK_TREE explicitly, none of
// the caller's GIT_* variables, no global or system config, no hooks (docs/threat-model.md, G13).
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Never captured: dependencies, build output caches, the user's and other tools' repositories, big binaries. */
export const SHADOW_EXCLUDES = [
  '.git/',
  'node_modules/',
  '.venv/',
  '__pycache__/',
  '.gradle/',
  'target/debug/',
  'target/release/',
  '.next/cache/',
  '*.zip',
  '*.tar',
  '*.gz',
  '*.tgz',
  '*.7z',
  '*.rar',
  '*.iso',
  '*.dmg',
  '*.exe',
  '*.dll',
  '*.so',
  '*.dylib',
  '*.o',
  '*.a',
  '*.class',
  '*.jar',
  '*.mp4',
  '*.mov',
  '*.avi',
  '*.mkv',
  '*.mp3',
  '*.wav',
  '*.flac',
  '*.psd',
  '*.sqlite',
  '*.db',
  '*.vsix',
  '*.pdb',
  '*.bin',
];

/** A path a command changed: its status, and what it was before (git's mode and blob), if it existed. */
export interface TreeChange {
  /** Relative to the work tree, with `/`. */
  path: string;
  before?: { mode: string; blob: string };
}

export interface ShadowGitOptions {
  /** The shadow repository's folder (created on first use): never inside the work tree. */
  gitDir: string;
  workTree: string;
  /** The git executable (default `git` on PATH). */
  git?: string;
}

const MAX_BUFFER = 256 * 1024 * 1024;

export class ShadowGit {
  private ready: Promise<void> | undefined;

  constructor(private readonly o: ShadowGitOptions) {}

  /** Whether a git that can be run is there. */
  static async available(git = 'git'): Promise<boolean> {
    try {
      await run(git, ['--version'], { env: isolatedEnv(), cwd: process.cwd() });
      return true;
    } catch {
      return false;
    }
  }

  /** Records the work tree as it is now (the user's .gitignore and our excludes honoured); returns a tree id. */
  async snapshot(): Promise<string> {
    await this.init();
    // --ignore-errors: a file that vanishes or cannot be read while we look must not lose the whole capture.
    await this.git(['add', '--all', '--ignore-errors', '--', '.']).catch(() => undefined);
    return (await this.git(['write-tree'])).trim();
  }

  /** What changed between two trees, by path (renames as delete + add). */
  async changes(from: string, to: string): Promise<TreeChange[]> {
    const out = await this.git(['diff-tree', '-r', '-z', '--no-renames', '--raw', from, to]);
    const fields = out.split('\0');
    const changes: TreeChange[] = [];
    for (let i = 0; i + 1 < fields.length; i += 2) {
      const meta = fields[i] ?? '';
      const path = fields[i + 1] ?? '';
      // ":<old mode> <new mode> <old blob> <new blob> <status>"
      const [oldMode = '', , oldBlob = ''] = meta.replace(/^:/, '').split(' ');
      changes.push(/^0+$/.test(oldMode) ? { path } : { path, before: { mode: oldMode, blob: oldBlob } });
    }
    return changes;
  }

  /** A blob's bytes. */
  async blob(id: string): Promise<Buffer> {
    return runBuffer(this.o.git ?? 'git', ['cat-file', 'blob', id], {
      env: this.env(),
      cwd: this.o.workTree,
    });
  }

  /** The shadow repository's size on disk, roughly (its objects). */
  get gitDir(): string {
    return this.o.gitDir;
  }

  private init(): Promise<void> {
    this.ready ??= this.create().catch((e: unknown) => {
      this.ready = undefined;
      throw e;
    });
    return this.ready;
  }

  private async create(): Promise<void> {
    const head = join(this.o.gitDir, 'HEAD');
    if (!(await exists(head))) {
      await mkdir(this.o.gitDir, { recursive: true });
      await this.git(['init', '--quiet']);
    }
    // Ours, written every start: byte-exact content (no line-ending conversion), nothing run on our behalf.
    const config: [string, string][] = [
      ['core.autocrlf', 'false'],
      ['core.safecrlf', 'false'],
      ['core.filemode', 'true'],
      ['core.hooksPath', '/dev/null'],
      ['core.fsmonitor', 'false'],
      ['gc.auto', '0'],
      ['commit.gpgsign', 'false'],
    ];
    for (const [k, v] of config) await this.git(['config', k, v]);
    // The user's own local excludes apply too (read only); their .gitignore files are in the work tree already.
    const userExclude = await readFile(join(this.o.workTree, '.git', 'info', 'exclude'), 'utf8').catch(
      () => '',
    );
    await mkdir(join(this.o.gitDir, 'info'), { recursive: true });
    await writeFile(
      join(this.o.gitDir, 'info', 'exclude'),
      `${SHADOW_EXCLUDES.join('\n')}\n${userExclude}\n`,
    );
  }

  private git(args: string[]): Promise<string> {
    return run(this.o.git ?? 'git', args, { env: this.env(), cwd: this.o.workTree });
  }

  private env(): NodeJS.ProcessEnv {
    return { ...isolatedEnv(), GIT_DIR: this.o.gitDir, GIT_WORK_TREE: this.o.workTree };
  }
}

/**
 * The environment for every git we run: the caller's, minus anything that could point git at the user's repository
 * (GIT_DIR, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY, …) or load their config (global, system, includes).
 */
export function isolatedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_')) env[k] = v;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: process.platform === 'win32' ? 'NUL' : '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_AUTHOR_NAME: 'Claude Messages',
    GIT_AUTHOR_EMAIL: 'checkpoints@claude-messages.invalid',
    GIT_COMMITTER_NAME: 'Claude Messages',
    GIT_COMMITTER_EMAIL: 'checkpoints@claude-messages.invalid',
    LC_ALL: 'C',
  };
}

function run(git: string, args: string[], o: { env: NodeJS.ProcessEnv; cwd: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(git, args, { ...o, maxBuffer: MAX_BUFFER, windowsHide: true }, (error, stdout, stderr) => {
      if (error) reject(new Error(`git ${args[0]} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}

function runBuffer(git: string, args: string[], o: { env: NodeJS.ProcessEnv; cwd: string }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      git,
      args,
      { ...o, maxBuffer: MAX_BUFFER, windowsHide: true, encoding: 'buffer' },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`git ${args[0]} failed: ${stderr.toString().trim() || error.message}`));
        else resolve(stdout);
      },
    );
  });
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

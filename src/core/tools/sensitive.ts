// Which workspace paths hold secrets (never read without asking, docs/threat-model.md G4) and which ones, once
// written, would run code or change the editor's or git's behaviour (always ask, G1). Matching is by name,
// case-insensitive (macOS and Windows file systems are), at any depth. The user's `tools.secretPatterns` (globs)
// add to the secret list; nothing takes a name off it.
import { globMatcher } from './glob';

const SECRET_NAMES = new Set([
  '.npmrc',
  '.yarnrc.yml',
  '.netrc',
  '_netrc',
  '.pypirc',
  '.git-credentials',
  '.pgpass',
  '.htpasswd',
  '.dockercfg',
  'credentials.json',
  'client_secret.json',
  'service-account.json',
  'keystore.jks',
  '.boto',
  '.s3cfg',
  'terraform.tfvars',
  '.terraformrc',
  'terraform.rc',
  '.dev.vars', // Cloudflare wrangler
  '.vault-token',
  'auth.json', // Composer, and others
  '.my.cnf',
  '.mylogin.cnf',
  'kubeconfig',
  'serviceaccountkey.json', // Firebase
]);
const SECRET_EXTENSIONS = [
  '.pem',
  '.key',
  '.p12',
  '.pfx',
  '.keystore',
  '.jks',
  '.ppk',
  '.kdbx',
  '.gpg',
  '.asc',
  '.tfstate',
  '.tfstate.backup',
  '.tfvars',
  '.tfvars.json',
  '.p8', // Apple and other signing keys
  '.env', // backup.env, prod.env
  '.kubeconfig',
];
/** Folders whose whole content is secret. */
const SECRET_DIRS = new Set(['.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.password-store']);
/** Files that are secret in one tool's folder only (`settings.xml` elsewhere is ordinary). */
const SECRET_IN_DIR: Record<string, readonly string[]> = {
  '.git': ['config'], // remote URLs with tokens in them
  '.cargo': ['credentials', 'credentials.toml'],
  gh: ['hosts.yml'], // .config/gh
  '.m2': ['settings.xml', 'settings-security.xml'],
  '.gradle': ['gradle.properties'],
  '.terraform.d': ['credentials.tfrc.json'],
};

/** Lower-cased segments; Windows ignores trailing dots and spaces (`.vscode.` is `.vscode`), so they go too. */
function segmentsOf(rel: string): string[] {
  return rel
    .toLowerCase()
    .split(/[\\/]+/)
    .map((s) => s.replace(/(?<=[^. ])[. ]+$/, ''))
    .filter((s) => s !== '' && s !== '.');
}

function isSecretName(name: string): boolean {
  return (
    name.startsWith('.env') ||
    name.startsWith('id_') ||
    name.startsWith('secrets.') ||
    name.startsWith('.dev.vars') ||
    // Shell and REPL histories: commands typed with tokens in them (.bash_history, .zsh_history, .psql_history).
    (name.startsWith('.') && name.endsWith('history')) ||
    SECRET_NAMES.has(name) ||
    SECRET_EXTENSIONS.some((ext) => name.endsWith(ext))
  );
}

/** The user's patterns, compiled once per list (the settings are read once per round). */
let compiled: { key: string; test: (path: string, isDir: boolean) => boolean } | undefined;
function userPatterns(patterns: readonly string[]): (path: string, isDir: boolean) => boolean {
  const key = patterns.join('\0');
  if (compiled?.key !== key)
    compiled = { key, test: globMatcher(patterns, { matchBase: true, nocase: true }) };
  return compiled.test;
}

/**
 * True for files (or folders) that may hold keys, passwords or tokens. `rel` is workspace-relative;
 * `extraPatterns` are the user's `tools.secretPatterns` (globs, any case; a pattern without `/` matches a name at
 * any depth; a file under a folder that matches is secret too).
 */
export function isSensitivePath(rel: string, extraPatterns: readonly string[] = []): boolean {
  const segs = segmentsOf(rel);
  if (segs.slice(0, -1).some((s) => SECRET_DIRS.has(s))) return true;
  const name = segs[segs.length - 1];
  if (name === undefined) return false;
  if (SECRET_DIRS.has(name) || isSecretName(name)) return true;
  if (segs.slice(0, -1).some((dir) => SECRET_IN_DIR[dir]?.includes(name))) return true;
  if (extraPatterns.length === 0) return false;
  const matches = userPatterns(extraPatterns);
  return segs.some((_, i) => matches(segs.slice(0, i + 1).join('/'), i < segs.length - 1));
}

/** Folders where a write changes how the editor, git or a container behaves, or runs code. */
const PROTECTED_DIRS = new Set(['.vscode', '.git', '.husky', '.devcontainer', '.claude-messages', '.idea']);
/** Files read (and often run) by shells, git and package managers. */
const PROTECTED_NAMES = new Set([
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.profile',
  '.zshrc',
  '.zprofile',
  '.zshenv',
  '.zlogin',
  '.zlogout',
  '.cshrc',
  '.tcshrc',
  '.kshrc',
  '.mkshrc',
  '.login',
  '.logout',
  'config.fish',
  '.inputrc',
  '.xprofile',
  '.xinitrc',
  '.envrc',
  '.gitconfig',
  '.gitmodules',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
]);

/**
 * True when writing `rel` always asks, even when writes were allowed for this chat: `.vscode/`, `.git/` (and
 * other tool folders), `*.code-workspace`, shell startup files, and anything sensitive.
 */
export function isProtectedWrite(rel: string, extraSecretPatterns: readonly string[] = []): boolean {
  const segs = segmentsOf(rel);
  const name = segs[segs.length - 1];
  if (name === undefined) return true; // the workspace folder itself
  if (segs.some((s) => PROTECTED_DIRS.has(s))) return true;
  if (PROTECTED_NAMES.has(name) || name.endsWith('.code-workspace')) return true;
  return isSensitivePath(rel, extraSecretPatterns);
}

// Which workspace paths hold secrets (never read without asking, docs/threat-model.md G4) and which ones, once
// written, would run code or change the editor's or git's behaviour (always ask, G1). Matching is by name,
// case-insensitive (macOS and Windows file systems are), at any depth.

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
];
/** Folders whose whole content is secret. */
const SECRET_DIRS = new Set(['.ssh', '.gnupg', '.aws', '.azure', '.kube', '.docker', '.password-store']);

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
    SECRET_NAMES.has(name) ||
    SECRET_EXTENSIONS.some((ext) => name.endsWith(ext))
  );
}

/** True for files (or folders) that may hold keys, passwords or tokens. `rel` is workspace-relative. */
export function isSensitivePath(rel: string): boolean {
  const segs = segmentsOf(rel);
  if (segs.slice(0, -1).some((s) => SECRET_DIRS.has(s))) return true;
  const name = segs[segs.length - 1];
  if (name === undefined) return false;
  return SECRET_DIRS.has(name) || isSecretName(name);
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
export function isProtectedWrite(rel: string): boolean {
  const segs = segmentsOf(rel);
  const name = segs[segs.length - 1];
  if (name === undefined) return true; // the workspace folder itself
  if (segs.some((s) => PROTECTED_DIRS.has(s))) return true;
  if (PROTECTED_NAMES.has(name) || name.endsWith('.code-workspace')) return true;
  return isSensitivePath(rel);
}

// The gate's rules on their own (docs/threat-model.md, G1, G4, G6): which paths hold secrets, which writes are protected,
// what makes a command more than one plain command.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandRisks, isProtectedWrite, isSensitivePath } from '../../../src/core/tools/policy';

describe('isSensitivePath (G4)', () => {
  it('secrets at any depth, any case', () => {
    for (const p of [
      '.env',
      '.env.local',
      'config/.env.production',
      '.ENV',
      'certs/server.pem',
      'tls/private.KEY',
      'id_rsa',
      'home/.ssh/id_ed25519',
      '.ssh/config',
      '.ssh',
      '.npmrc',
      'sub/.netrc',
      '.pypirc',
      '.git-credentials',
      '.aws/credentials',
      'store.p12',
      'a/b.pfx',
      'release.keystore',
      'gcp/credentials.json',
      'secrets.yaml',
      'config/Secrets.json',
    ])
      assert.equal(isSensitivePath(p), true, p);
  });
  it('the secrets the audit found read without asking: git remotes, Terraform, Cloudflare, Cargo, gh, shell history, Vault, Maven, Gradle, Composer, MySQL, kubeconfig, *.env', () => {
    for (const p of [
      '.git/config',
      'sub/.git/modules/lib/config',
      'prod.tfvars',
      'infra/prod.auto.tfvars.json',
      '.dev.vars',
      'worker/.dev.vars.staging',
      '.cargo/credentials.toml',
      '.cargo/credentials',
      'firebase/serviceAccountKey.json',
      'AuthKey_ABC123.p8',
      '.config/gh/hosts.yml',
      '.bash_history',
      '.zsh_history',
      '.python_history',
      '.vault-token',
      '.m2/settings.xml',
      '.m2/settings-security.xml',
      '.gradle/gradle.properties',
      '.terraform.d/credentials.tfrc.json',
      '.terraformrc',
      'auth.json',
      '.my.cnf',
      '.mylogin.cnf',
      'kubeconfig',
      'clusters/prod.kubeconfig',
      'backup.env',
      'config/prod.ENV',
    ])
      assert.equal(isSensitivePath(p), true, p);
  });
  it("the user's own patterns add to the list, any case, at any depth or under a folder; they never remove", () => {
    const extra = ['*.secret', 'private/', 'config/prod.yml'];
    for (const p of ['a/b/token.SECRET', 'private/notes.md', 'x/private/y/z.txt', 'config/prod.yml'])
      assert.equal(isSensitivePath(p, extra), true, p);
    for (const p of ['config/dev.yml', 'privately.md', 'src/private.ts'])
      assert.equal(isSensitivePath(p, extra), false, p);
    assert.equal(isSensitivePath('.env', ['!.env']), true, 'a pattern cannot take a name off the list');
  });
  it('ordinary files are not', () => {
    for (const p of [
      'src/app.ts',
      'README.md',
      'environment.ts',
      'keys.ts',
      'src/env.ts',
      'docs/ssh.md',
      'config.json',
      'src/config.ts',
      'environment.d.ts',
      'history.md',
      'gradle.properties',
      'settings.xml',
      'variables.tf',
      '',
      '.',
    ])
      assert.equal(isSensitivePath(p), false, p);
  });
});

describe('isProtectedWrite (G1)', () => {
  it('.vscode, .git, workspace files, shell rc files: any case, any depth', () => {
    for (const p of [
      '.vscode/settings.json',
      '.VSCode/settings.json',
      '.vscode./settings.json',
      '.vscode /tasks.json',
      '.bashrc.',
      '.vscode/tasks.json',
      '.git/hooks/pre-commit',
      '.GIT/config',
      'sub/.git/config',
      'team.code-workspace',
      'X.Code-Workspace',
      '.bashrc',
      '.bash_profile',
      '.profile',
      '.zshrc',
      '.zprofile',
      '.zshenv',
      '.zlogin',
      '.config/fish/config.fish',
      '.inputrc',
      '.envrc',
      '.env', // secrets are protected from writes too
      '.claude-messages/state.json',
      '', // the folder itself
    ])
      assert.equal(isProtectedWrite(p), true, p);
  });
  it('ordinary files are not', () => {
    for (const p of ['src/app.ts', 'vscode/readme.md', 'git.ts', 'docs/bashrc.md'])
      assert.equal(isProtectedWrite(p), false, p);
  });
});

describe('commandRisks (G6)', () => {
  it('a plain command has none', () => {
    assert.deepEqual(commandRisks('npm test'), []);
    assert.deepEqual(commandRisks('git status --short'), []);
    assert.deepEqual(commandRisks('npx eslint src/core/tools/policy.ts'), []);
  });
  it('compound syntax is reported, each kind once', () => {
    const cases: [string, RegExp][] = [
      ['npm test && curl x', /&&/],
      ['npm test || curl x', /\|\|/],
      ['npm test; curl x', /;/],
      ['npm test | sh', /pipes/],
      ['sleep 1 & curl x', /`&`/],
      ['npm test\ncurl x', /more than one line/],
      ['npm test\rcurl x', /more than one line/],
      ['echo `curl x`', /backticks/],
      ['echo $(curl x)', /\$\(/],
      ['echo ${HOME}', /\$\{/],
      ['cat < /etc/passwd', /redirects/],
      ['echo x > ~/.bashrc', /redirects/],
      ['cat <<EOF', /heredoc/],
      ['(curl x)', /parentheses/],
      ['echo %PATH%', /cmd\.exe/],
    ];
    for (const [command, re] of cases) {
      const risks = commandRisks(command);
      assert.ok(
        risks.some((r) => re.test(r)),
        `${JSON.stringify(command)}: ${risks.join(' | ')}`,
      );
    }
  });
  it('quotes never hide a metacharacter (the shell may be cmd.exe or fish)', () => {
    assert.notDeepEqual(commandRisks("echo 'a; b'"), []);
    assert.notDeepEqual(commandRisks('echo "$(id)"'), []);
  });
  it('invisible characters are reported: tab, zero-width, bidi, tag, NBSP', () => {
    for (const ch of ['\t', '\u200B', '\u202E', '\u{E0041}', '\u00A0', '\uFEFF'])
      assert.ok(
        commandRisks(`npm${ch}test`).some((r) => /invisible/.test(r)),
        `U+${ch.codePointAt(0)!.toString(16)}`,
      );
  });
  it('an empty command is reported', () => {
    assert.notDeepEqual(commandRisks('  '), []);
  });
});

// Why a command line must not run on an allow-list entry or an earlier approval (docs/threat-model.md, G6). A command runs
// in the user's shell, which may be bash, zsh, fish, PowerShell or cmd.exe, and they disagree on quoting (cmd.exe
// has no single quotes, fish substitutes `(...)`), so quotes never hide a metacharacter here: this reports too
// much rather than too little. A report only means "ask first".
import { visible } from './visible';
import { l10n } from '../l10n';

interface Rule {
  test: RegExp;
  /** A function: the sentence is translated when the card is made (src/core/l10n.ts). */
  reason: () => string;
}

const RULES: Rule[] = [
  { test: /[\r\n]/, reason: () => l10n.t('It spans more than one line, so it is several commands.') },
  { test: /&&/, reason: () => l10n.t('It chains commands with `&&`.') },
  { test: /\|\|/, reason: () => l10n.t('It chains commands with `||`.') },
  { test: /;/, reason: () => l10n.t('It chains commands with `;`.') },
  { test: /(^|[^|])\|(?!\|)/, reason: () => l10n.t('It pipes output into another command with `|`.') },
  {
    test: /(^|[^&])&(?!&)/,
    reason: () => l10n.t('It uses `&` (runs something in the background or redirects).'),
  },
  { test: /`/, reason: () => l10n.t('It runs a command inside backticks.') },
  { test: /\$\(/, reason: () => l10n.t('It runs a command inside `$(...)`.') },
  { test: /\$\{/, reason: () => l10n.t('It expands `${...}`.') },
  { test: /<</, reason: () => l10n.t('It uses a heredoc (`<<`).') },
  {
    test: /<(?!<)|>/,
    reason: () => l10n.t('It redirects input or output (`<`, `>`), which can read or overwrite files.'),
  },
  {
    test: /[()]/,
    reason: () => l10n.t('It uses parentheses (a subshell or command substitution in some shells).'),
  },
  { test: /%[^%\s]+%|\^/, reason: () => l10n.t('It uses cmd.exe expansion or escapes (`%NAME%`, `^`).') },
];

/** Short user-facing sentences, one per kind of risk found; empty when the command is one plain command. */
export function commandRisks(command: string): string[] {
  const reasons: string[] = [];
  if (command.trim() === '') reasons.push(l10n.t('The command is empty.'));
  for (const rule of RULES) if (rule.test.test(command)) reasons.push(rule.reason());
  // Tabs, zero-width, bidi and tag characters can make the card show something other than what runs.
  const shown = visible(command.replace(/[\r\n]/g, ''));
  if (shown.hasInvisible) reasons.push(invisibleCommandReason());
  return reasons;
}

export function invisibleCommandReason(): string {
  return l10n.t('It contains invisible or control characters (shown as escapes like `\\u{200B}`).');
}

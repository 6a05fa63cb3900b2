// The user's own prompts as `/` commands: VS Code's prompt files (`.github/prompts/NAME.prompt.md`) and Claude Code's
// commands (`.claude/commands/NAME.md`, a subfolder giving `folder:NAME`). Both start with optional front matter;
// of it only `description` and `argument-hint` are read. Front matter is read line by line, not as YAML: Claude
// Code's own documented example `argument-hint: [pr-number] [priority]` is not valid YAML, and nothing else in it
// changes what we send. A prompt is text only: Claude Code's `!command` lines and `allowed-tools` are not run or
// honoured (a repository's prompt file must not run anything or widen the tool gate: docs/threat-model.md, G14).

export type PromptSource = 'workspace' | 'user';

export interface PromptFile {
  /** The command's name without the slash, e.g. `review` or `frontend:component`. */
  name: string;
  description: string;
  argumentHint?: string;
  body: string;
  source: PromptSource;
  /** Where it was read from, relative to its folder's root (shown in the suggestion's detail). */
  origin: string;
}

/** A prompt file larger than this is not a prompt; it is skipped. */
export const MAX_PROMPT_FILE_BYTES = 256 * 1024;

const NAME = /^[\w.-]+(?::[\w.-]+)*$/;

/**
 * The command name a prompt file gives: `.github/prompts/fix-issue.prompt.md` is `fix-issue`;
 * `.claude/commands/frontend/component.md` is `frontend:component`. Undefined for a file that is not a prompt.
 * `rel` is relative to the prompts folder, with forward slashes.
 */
export function promptName(kind: 'github' | 'claude', rel: string): string | undefined {
  const suffix = kind === 'github' ? '.prompt.md' : '.md';
  if (!rel.toLowerCase().endsWith(suffix)) return undefined;
  const stem = rel.slice(0, -suffix.length);
  if (kind === 'github' && stem.includes('/')) return undefined; // VS Code reads the folder itself only
  const name = stem.split('/').join(':');
  return NAME.test(name) ? name : undefined;
}

export function parsePromptFile(
  text: string,
  where: { name: string; source: PromptSource; origin: string },
): PromptFile {
  const { fields, body } = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  const description = fields.get('description') || firstLine(body) || where.origin;
  const argumentHint = fields.get('argument-hint');
  return { ...where, description, ...(argumentHint ? { argumentHint } : {}), body };
}

function splitFrontMatter(text: string): { fields: Map<string, string>; body: string } {
  const fields = new Map<string, string>();
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { fields, body: text.trim() };
  for (const line of m[1]!.split(/\r?\n/)) {
    const kv = /^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*)$/.exec(line);
    if (kv) fields.set(kv[1]!.toLowerCase(), unquote(kv[2]!.trim()));
  }
  return { fields, body: text.slice(m[0].length).trim() };
}

function unquote(v: string): string {
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.at(-1) === v[0]) return v.slice(1, -1);
  return v;
}

function firstLine(body: string): string {
  const line = body.split('\n').find((l) => l.trim() !== '') ?? '';
  const plain = line.replace(/^#+\s*/, '').trim();
  return plain.length > 100 ? `${plain.slice(0, 99)}…` : plain;
}

/**
 * The message a prompt becomes: `$ARGUMENTS` (Claude Code) and `${input:NAME}` / `${input:NAME:placeholder}`
 * (VS Code) take everything typed after the command, `$1`..`$9` its words in turn. A prompt with no placeholder
 * gets the arguments after it, as Claude Code does, so nothing typed is lost.
 */
export function expandPrompt(body: string, args: string): string {
  const text = args.trim();
  const words = text === '' ? [] : text.split(/\s+/);
  let used = false;
  const out = body
    .replace(/\$ARGUMENTS\b/g, () => ((used = true), text))
    .replace(/\$\{input:[^}]*\}/g, () => ((used = true), text))
    .replace(/\$([1-9])(?!\d)/g, (_, n: string) => ((used = true), words[Number(n) - 1] ?? ''));
  return used || text === '' ? out : `${out}\n\n${text}`;
}

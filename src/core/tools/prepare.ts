// Turns a model's tool call into a PreparedCall: the input checked (an error names the field, so the model can
// fix its call), every path resolved inside the workspace. Only a PreparedCall reaches the gate and the tools.
import { stat } from 'node:fs/promises';
import * as z from 'zod/mini';
import '../../shared/zodLocale';
import { protectedAlias } from './aliases';
import { globProblem } from './glob';
import { resolveInWorkspace } from './paths';
import { TOOL_NAMES, type ToolCall, type ToolName, type ResolvedPath } from './types';

export type PreparedCall = { id: string } & (
  | { tool: 'read_file'; path: ResolvedPath; startLine?: number; endLine?: number }
  | { tool: 'list_files'; base: ResolvedPath; pattern: string }
  | { tool: 'search_text'; query: string; isRegex: boolean; caseSensitive: boolean; include?: string }
  | { tool: 'get_diagnostics'; path?: ResolvedPath }
  | {
      tool: 'edit_file';
      path: ResolvedPath;
      oldString: string;
      newString: string;
      replaceAll: boolean;
      /** Set when a symlink makes this file reachable under a protected name too (see aliases.ts). */
      protectedAs?: string;
    }
  | { tool: 'write_file'; path: ResolvedPath; content: string; protectedAs?: string }
  | { tool: 'run_command'; command: string; cwd: ResolvedPath }
);
export type PreparedOf<T extends ToolName> = Extract<PreparedCall, { tool: T }>;
export type Prepared = { ok: true; call: PreparedCall } | { ok: false; error: string };

const text = () => z.string().check(z.minLength(1));
const line = () => z.optional(z.int().check(z.gte(1)));

const SCHEMAS = {
  read_file: z.strictObject({ path: text(), start_line: line(), end_line: line() }),
  list_files: z.strictObject({ pattern: z.optional(text()), path: z.optional(text()) }),
  search_text: z.strictObject({
    query: text(),
    is_regex: z.optional(z.boolean()),
    case_sensitive: z.optional(z.boolean()),
    include: z.optional(text()),
  }),
  get_diagnostics: z.strictObject({ path: z.optional(text()) }),
  edit_file: z.strictObject({
    path: text(),
    old_string: z.string(),
    new_string: z.string(),
    replace_all: z.optional(z.boolean()),
  }),
  write_file: z.strictObject({ path: text(), content: z.string() }),
  run_command: z.strictObject({ command: text(), cwd: z.optional(text()) }),
};

/** zod/mini carries no message text (no locale is bundled), so the messages are written here from the issue. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = issue.path.length ? `"${issue.path.join('.')}"` : 'the input';
  switch (issue.code) {
    case 'invalid_type': {
      // Issues do not carry the input (zod leaves it out by default): look the field up.
      const given = issue.path.reduce<unknown>(
        (v, k) => (v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined),
        input,
      );
      if (given === undefined) return `${field} is required`;
      const expected = issue.expected === 'int' ? 'whole number' : issue.expected;
      return `${field} must be ${/^[aeiou]/.test(expected) ? 'an' : 'a'} ${expected}`;
    }
    case 'too_small':
      return issue.origin === 'string'
        ? `${field} must not be empty`
        : `${field} must be at least ${issue.minimum}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    default:
      return `${field} is invalid`;
  }
}

function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}

const KB = 1024;
const MB = 1024 * KB;
/**
 * How large each field may be (UTF-8 bytes), and the whole input. Checked before anything else: 10 MB of
 * zero-width characters in a command once took 21 s to show on a card (docs/threat-model.md, R5). File content and
 * edit strings may be large; a command, a path or a query never needs to be.
 */
const FIELD_LIMITS: Record<string, number> = {
  command: 64 * KB,
  path: 4 * KB,
  cwd: 4 * KB,
  query: 4 * KB,
  pattern: 4 * KB,
  include: 4 * KB,
  content: MB,
  old_string: MB,
  new_string: MB,
};
const INPUT_LIMIT = 2 * MB;

function sizeText(bytes: number): string {
  if (bytes < KB) return `${bytes} bytes`;
  return bytes < MB ? `${(bytes / KB).toFixed(1)} KB` : `${(bytes / MB).toFixed(1)} MB`;
}
const limitText = (bytes: number) => (bytes < MB ? `${bytes / KB} KB` : `${bytes / MB} MB`);

function sizeProblem(input: unknown): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const fields = input as Record<string, unknown>;
  for (const [key, limit] of Object.entries(FIELD_LIMITS)) {
    const v = fields[key];
    // A string of n characters is at least n bytes: only a long one is measured.
    if (typeof v !== 'string' || v.length <= limit / 4) continue;
    const bytes = Buffer.byteLength(v);
    if (bytes > limit) return `"${key}" is ${sizeText(bytes)}; the limit is ${limitText(limit)}`;
  }
  const total = Buffer.byteLength(JSON.stringify(input) ?? '');
  if (total > INPUT_LIMIT) return `the input is ${sizeText(total)}; the limit is ${limitText(INPUT_LIMIT)}`;
  return undefined;
}

export async function prepareCall(call: ToolCall, folders: readonly string[]): Promise<Prepared> {
  if (!isToolName(call.name))
    return {
      ok: false,
      error: `Unknown tool "${call.name.length > 64 ? `${call.name.slice(0, 64)}…` : call.name}". The tools are: ${TOOL_NAMES.join(', ')}.`,
    };
  const tooLarge = sizeProblem(call.input);
  if (tooLarge) return { ok: false, error: `Invalid input for ${call.name}: ${tooLarge}.` };
  const parsed = SCHEMAS[call.name].safeParse(call.input ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => describeIssue(i, call.input)).join('; ');
    return { ok: false, error: `Invalid input for ${call.name}: ${details}.` };
  }
  try {
    return { ok: true, call: await build(call.id, call.name, parsed.data, folders) };
  } catch (e) {
    if (e instanceof InputError) return { ok: false, error: `${call.name}: ${e.message}` };
    throw e;
  }
}

class InputError extends Error {}

async function resolve(requested: string, folders: readonly string[]): Promise<ResolvedPath> {
  const r = await resolveInWorkspace(requested, folders);
  if (!r.ok) throw new InputError(r.reason);
  return r.path;
}

/** A glob that is too large to match in bounded time is refused here, before anything walks the workspace. */
function mustBeGlob(field: string, pattern: string | undefined): void {
  const problem = pattern === undefined ? undefined : globProblem(pattern);
  if (problem) throw new InputError(`"${field}": ${problem}`);
}

/** Edits and writes name a file: asking the user to approve writing over a folder would only fail later. */
async function mustNotBeFolder(p: ResolvedPath): Promise<void> {
  const info = p.exists ? await stat(p.absolute).catch(() => undefined) : undefined;
  if (info?.isDirectory()) throw new InputError(`"${p.requested}" is a folder, not a file.`);
}

async function aliasOf(p: ResolvedPath): Promise<{ protectedAs?: string }> {
  const alias = await protectedAlias(p);
  return alias === undefined ? {} : { protectedAs: alias };
}

/** `parsed` matches SCHEMAS[tool]; the casts only restate that. */
async function build(
  id: string,
  tool: ToolName,
  parsed: unknown,
  folders: readonly string[],
): Promise<PreparedCall> {
  switch (tool) {
    case 'read_file': {
      const i = parsed as z.infer<(typeof SCHEMAS)['read_file']>;
      if (i.start_line !== undefined && i.end_line !== undefined && i.end_line < i.start_line)
        throw new InputError(`"end_line" (${i.end_line}) is before "start_line" (${i.start_line}).`);
      return { id, tool, path: await resolve(i.path, folders), startLine: i.start_line, endLine: i.end_line };
    }
    case 'list_files': {
      const i = parsed as z.infer<(typeof SCHEMAS)['list_files']>;
      mustBeGlob('pattern', i.pattern);
      return { id, tool, base: await resolve(i.path ?? '.', folders), pattern: i.pattern ?? '**/*' };
    }
    case 'search_text': {
      const i = parsed as z.infer<(typeof SCHEMAS)['search_text']>;
      const isRegex = i.is_regex ?? false;
      const caseSensitive = i.case_sensitive ?? false;
      if (isRegex) {
        const problem = regexProblem(i.query, caseSensitive);
        if (problem) throw new InputError(problem);
      }
      mustBeGlob('include', i.include);
      return { id, tool, query: i.query, isRegex, caseSensitive, include: i.include };
    }
    case 'get_diagnostics': {
      const i = parsed as z.infer<(typeof SCHEMAS)['get_diagnostics']>;
      return { id, tool, path: i.path === undefined ? undefined : await resolve(i.path, folders) };
    }
    case 'edit_file': {
      const i = parsed as z.infer<(typeof SCHEMAS)['edit_file']>;
      if (i.old_string === '')
        throw new InputError(
          '"old_string" is empty: quote the exact text to replace (use write_file for a new file).',
        );
      const path = await resolve(i.path, folders);
      if (!path.exists)
        throw new InputError(
          `"${i.path}" does not exist: create it with write_file, or check the path with list_files.`,
        );
      await mustNotBeFolder(path);
      return {
        id,
        tool,
        path,
        oldString: i.old_string,
        newString: i.new_string,
        replaceAll: i.replace_all ?? false,
        ...(await aliasOf(path)),
      };
    }
    case 'write_file': {
      const i = parsed as z.infer<(typeof SCHEMAS)['write_file']>;
      const path = await resolve(i.path, folders);
      await mustNotBeFolder(path);
      return { id, tool, path, content: i.content, ...(await aliasOf(path)) };
    }
    case 'run_command': {
      const i = parsed as z.infer<(typeof SCHEMAS)['run_command']>;
      if (i.command.trim() === '') throw new InputError('"command" is empty.');
      return { id, tool, command: i.command, cwd: await resolve(i.cwd ?? '.', folders) };
    }
  }
}

/** The RegExp a search uses; also how prepare checks a regex query. */
export function searchRegExp(query: string, isRegex: boolean, caseSensitive: boolean): RegExp {
  const source = isRegex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(source, caseSensitive ? '' : 'i');
}

function regexProblem(query: string, caseSensitive: boolean): string | undefined {
  try {
    searchRegExp(query, true, caseSensitive);
    return undefined;
  } catch (e) {
    return `"query" is not a valid JavaScript regular expression (${(e as Error).message}). Escape special characters or set "is_regex": false.`;
  }
}

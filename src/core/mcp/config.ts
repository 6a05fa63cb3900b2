// MCP servers as the user configures them, in the shape of VS Code's mcp.json `servers`: from the user setting
// claudeMessages.mcpServers and, in a trusted workspace, from .vscode/mcp.json. Every entry is checked; a bad one
// is left out with a message naming it and the field, the others still work.
import { createHash } from 'node:crypto';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import * as z from 'zod/mini';
import '../../shared/zodLocale';
import { l10n } from '../l10n';

export type McpSource = 'user' | 'workspace';

export type McpTransportConfig =
  | { type: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { type: 'http'; url: string; headers: Record<string, string> };

export interface McpServerConfig {
  name: string;
  source: McpSource;
  transport: McpTransportConfig;
}

const Stdio = z.object({
  type: z.optional(z.literal('stdio')),
  command: z.string().check(z.minLength(1)),
  args: z.optional(z.array(z.string())),
  env: z.optional(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  cwd: z.optional(z.string().check(z.minLength(1))),
});
const Http = z.object({
  // "sse" is what older mcp.json files say; the client tries Streamable HTTP first and falls back to SSE anyway.
  type: z.enum(['http', 'sse']),
  url: z
    .string()
    .check(z.refine((u) => /^https?:\/\//i.test(u) && URL.canParse(u), 'must be an http(s) URL')),
  headers: z.optional(z.record(z.string(), z.string())),
});

/** What ${...} in a value stands for: VS Code's names for the ones that make sense outside VS Code's own client. */
export interface Variables {
  workspaceFolder?: string;
  userHome: string;
  env: Record<string, string | undefined>;
}

class ConfigError extends Error {}

function expand(value: string, vars: Variables): string {
  return value.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name === 'workspaceFolder') {
      if (vars.workspaceFolder === undefined)
        throw new ConfigError(l10n.t('${workspaceFolder} needs an open folder'));
      return vars.workspaceFolder;
    }
    if (name === 'userHome') return vars.userHome;
    if (name.startsWith('env:')) return vars.env[name.slice(4)] ?? '';
    throw new ConfigError(
      l10n.t('{0} is not supported here (only workspaceFolder, userHome and env:NAME)', whole),
    );
  });
}

function issueText(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? `"${issue.path.join('.')}"` : l10n.t('the entry');
  return `${where}: ${issue.message}`;
}

function parseOne(name: string, raw: unknown, source: McpSource, vars: Variables): McpServerConfig {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new ConfigError(l10n.t('must be an object with "command" (stdio) or "type": "http" and "url"'));
  const type = (raw as { type?: unknown }).type;
  if (type === 'http' || type === 'sse') {
    const r = Http.safeParse(raw);
    if (!r.success) throw new ConfigError(r.error.issues.map(issueText).join('; '));
    const headers = Object.fromEntries(
      Object.entries(r.data.headers ?? {}).map(([k, v]) => [k, expand(v, vars)]),
    );
    return { name, source, transport: { type: 'http', url: expand(r.data.url, vars), headers } };
  }
  if (type !== undefined && type !== 'stdio')
    throw new ConfigError(l10n.t('"type" must be "stdio", "http" or "sse"'));
  const r = Stdio.safeParse(raw);
  if (!r.success) throw new ConfigError(r.error.issues.map(issueText).join('; '));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.data.env ?? {})) if (v !== null) env[k] = expand(String(v), vars);
  return {
    name,
    source,
    transport: {
      type: 'stdio',
      command: expand(r.data.command, vars),
      args: (r.data.args ?? []).map((a) => expand(a, vars)),
      env,
      ...(r.data.cwd === undefined ? {} : { cwd: expand(r.data.cwd, vars) }),
    },
  };
}

export interface ParsedServers {
  servers: McpServerConfig[];
  /** One line per entry left out, naming it and what is wrong. */
  problems: string[];
}

/** The `servers` object of an mcp.json (or the setting's value, which has the same shape). */
export function parseServers(value: unknown, source: McpSource, vars: Variables): ParsedServers {
  const where = source === 'user' ? 'claudeMessages.mcpServers' : '.vscode/mcp.json';
  if (value === undefined || value === null) return { servers: [], problems: [] };
  if (typeof value !== 'object' || Array.isArray(value))
    return { servers: [], problems: [l10n.t('{0} must be an object of named servers.', where)] };
  const servers: McpServerConfig[] = [];
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(value)) {
    if (name.trim() === '') {
      problems.push(l10n.t('{0}: a server has an empty name.', where));
      continue;
    }
    try {
      servers.push(parseOne(name, raw, source, vars));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(l10n.t('{0}: server "{1}" is left out: {2}', where, name, e.message));
    }
  }
  return { servers, problems };
}

/** A workspace's .vscode/mcp.json text (JSON with comments, like VS Code reads it). */
export function parseWorkspaceFile(text: string, vars: Variables): ParsedServers {
  const errors: ParseError[] = [];
  const doc: unknown = parseJsonc(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const e = errors[0]!;
    return {
      servers: [],
      problems: [
        l10n.t(
          '.vscode/mcp.json is not valid JSON ({0} at offset {1}).',
          printParseErrorCode(e.error),
          e.offset,
        ),
      ],
    };
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return { servers: [], problems: [l10n.t('.vscode/mcp.json must hold an object with "servers".')] };
  return parseServers((doc as { servers?: unknown }).servers, 'workspace', vars);
}

/** User servers first; a workspace server with the name of a user server is left out (the user's own wins). */
export function mergeServers(user: ParsedServers, workspace: ParsedServers): ParsedServers {
  const names = new Set(user.servers.map((s) => s.name));
  const problems = [...user.problems, ...workspace.problems];
  const servers = [...user.servers];
  for (const s of workspace.servers) {
    if (names.has(s.name))
      problems.push(
        l10n.t(
          '.vscode/mcp.json: server "{0}" is left out: a server of that name is in your user settings.',
          s.name,
        ),
      );
    else servers.push(s);
  }
  return { servers, problems };
}

/** Exactly what starts (or what is contacted), as the user approves it (docs/threat-model.md, G12). */
export function launchDescription(t: McpTransportConfig): string {
  if (t.type === 'http') {
    const headers = Object.keys(t.headers);
    return headers.length ? `${t.url} (headers: ${headers.join(', ')})` : t.url;
  }
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const env = Object.entries(t.env).map(([k, v]) => `${k}=${quote(v)}`);
  const line = [...env, quote(t.command), ...t.args.map(quote)].join(' ');
  return t.cwd ? `${line}  (in ${t.cwd})` : line;
}

/** The hash an approval is remembered by: any change to the command, arguments, environment, folder, URL or headers asks again. */
export function launchHash(server: McpServerConfig): string {
  return createHash('sha256')
    .update(JSON.stringify([server.name, server.transport]))
    .digest('hex');
}

// The tools as the model sees them: name, a description that says what the tool does, its limits and the path
// rules, and a hand-written JSON Schema. Only enabled tools, always in TOOL_NAMES order (a stable order keeps the
// prompt cache warm).
import type { Tool } from '../messages/schema';
import { TOOL_NAMES, type ToolName, type ToolSettings } from './types';

const PATHS =
  'Paths are relative to the workspace folder and use forward slashes (src/app.ts); in a workspace with several folders, start the path with the folder name (api/src/app.ts). Absolute paths outside the workspace, ~, .. and symbolic links leading outside are refused.';
const ASKS = 'The user may be asked to approve the call first, and may deny it.';

type Schema = { type: 'object'; properties: Record<string, unknown>; required?: string[] };
const str = (description: string) => ({ type: 'string', description });
const bool = (description: string) => ({ type: 'boolean', description });
const int = (description: string) => ({ type: 'integer', minimum: 1, description });

function definition(name: ToolName, s: ToolSettings): { description: string; input_schema: Schema } {
  const kb = Math.round(s.outputCapBytes / 1024);
  switch (name) {
    case 'read_file':
      return {
        description: `Read a text file in the workspace. Returns its lines prefixed with line numbers ("  12 | code"); the prefix is not part of the file. Reads at most about ${kb} KB per call: for longer files the result says how to read the rest with start_line. Folders and binary files are refused. Files that may hold secrets (.env, keys) are never read without the user's approval. ${PATHS} ${ASKS}`,
        input_schema: {
          type: 'object',
          properties: {
            path: str('File path, relative to the workspace folder.'),
            start_line: int('First line to read (1-based). Default 1.'),
            end_line: int('Last line to read (inclusive). Default: the end of the file.'),
          },
          required: ['path'],
        },
      };
    case 'list_files':
      return {
        description: `List the files under a folder of the workspace, one path per line, relative to the workspace folder, sorted. Skips .git, files ignored by .gitignore and the user's excluded files. The number of paths is capped; the result says how many more were not shown (narrow the folder or the pattern). ${PATHS}`,
        input_schema: {
          type: 'object',
          properties: {
            pattern: str(
              'Glob matched against paths relative to `path`: *, ?, ** (any folders), [abc], {a,b}. A pattern without "/" matches file names at any depth ("*.ts"). Default "**/*" (everything). At most 1024 characters.',
            ),
            path: str('Folder to list, relative to the workspace folder. Default: the workspace folder.'),
          },
        },
      };
    case 'search_text':
      return {
        description:
          'Search the text files of the workspace for a string or a JavaScript regular expression, line by line. Returns matches as "path:line: text" (long lines cut), capped; the result says when more matches were not shown. Skips .git, files ignored by .gitignore, the user\'s excluded files, binary files, files over 1 MB, and files that may hold secrets (.env, keys).',
        input_schema: {
          type: 'object',
          properties: {
            query: str(
              'Text to find (or a regular expression when is_regex is true). Matched within one line.',
            ),
            is_regex: bool('Treat query as a JavaScript regular expression. Default false.'),
            case_sensitive: bool('Match case exactly. Default false.'),
            include: str(
              'Only search files whose workspace-relative path matches this glob ("src/**/*.ts"; "*.py" matches at any depth).',
            ),
          },
          required: ['query'],
        },
      };
    case 'get_diagnostics':
      return {
        description: `Get the problems (errors, warnings) the editor's language services currently report, with file, line and message. For one file or folder, or the whole workspace when path is omitted. ${PATHS}`,
        input_schema: {
          type: 'object',
          properties: {
            path: str('File or folder, relative to the workspace folder. Default: the whole workspace.'),
          },
        },
      };
    case 'edit_file':
      return {
        description: `Edit a file by replacing exact text. old_string must match the file exactly, including whitespace and indentation, and without read_file's line-number prefixes; it must occur exactly once unless replace_all is true (include surrounding lines to make it unique). Read the file first. Changes to .vscode/, .git/ and similar files always need approval. ${PATHS} ${ASKS}`,
        input_schema: {
          type: 'object',
          properties: {
            path: str('File to edit, relative to the workspace folder.'),
            old_string: str('The exact text to replace. Not empty.'),
            new_string: str('The text to put in its place.'),
            replace_all: bool(
              'Replace every occurrence of old_string instead of exactly one. Default false.',
            ),
          },
          required: ['path', 'old_string', 'new_string'],
        },
      };
    case 'write_file':
      return {
        description: `Create a file, or replace an existing file's whole content. Missing folders are created. Prefer edit_file for changes to an existing file. ${PATHS} ${ASKS}`,
        input_schema: {
          type: 'object',
          properties: {
            path: str('File to write, relative to the workspace folder.'),
            content: str('The complete new content of the file.'),
          },
          required: ['path', 'content'],
        },
      };
    case 'run_command':
      return {
        description: `Run one command line in the user's shell in a workspace folder and return its output (stdout and stderr together) and exit code. No input can be given (stdin is closed), so interactive programs fail. Stopped after ${Math.round(s.commandTimeoutMs / 1000)} seconds, with the whole process tree; output beyond about ${kb} KB is cut (the start and end are kept). Commands chaining several steps (&&, ;, |, redirects, $(...)) always need approval: prefer one plain command per call. ${ASKS}`,
        input_schema: {
          type: 'object',
          properties: {
            command: str('The command line, exactly as it should run.'),
            cwd: str('Folder to run in, relative to the workspace folder. Default: the workspace folder.'),
          },
          required: ['command'],
        },
      };
  }
}

export function toolDefinitions(settings: ToolSettings): Tool[] {
  if (!settings.enabled) return [];
  return TOOL_NAMES.filter((name) => settings.tools.includes(name)).map((name) => ({
    name,
    ...definition(name, settings),
  }));
}

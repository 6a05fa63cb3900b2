// What an approval card shows for a prepared call (security.md 15): every value goes through visible(), so the
// card is byte-exact and warns when something invisible is in it.
import type { PreparedCall } from './prepare';
import type { CallDisplay, ResolvedPath } from './types';
import { visible, type Visible } from './visible';

type Arg = CallDisplay['args'][number];

function where(p: ResolvedPath): string {
  return p.relative === '' ? '(workspace folder)' : p.relative;
}

export function describeCall(call: PreparedCall): CallDisplay {
  const args: Arg[] = [];
  let hasInvisible = false;
  /** Adds an argument; returns its visible text for the title. */
  const arg = (label: string, value: string, multiline = false): string => {
    const v: Visible = visible(value, { multiline });
    hasInvisible ||= v.hasInvisible;
    args.push({ label, value: v.text, parts: v.parts, ...(multiline ? { multiline } : {}) });
    return v.text;
  };
  const pathArg = (label: string, p: ResolvedPath): string => {
    arg(label, p.requested);
    return visible(where(p)).text;
  };
  let title: string;
  let location: string | undefined;

  switch (call.tool) {
    case 'read_file': {
      const shown = pathArg('path', call.path);
      if (call.startLine !== undefined) arg('start_line', String(call.startLine));
      if (call.endLine !== undefined) arg('end_line', String(call.endLine));
      const range =
        call.startLine === undefined && call.endLine === undefined
          ? ''
          : ` (lines ${call.startLine ?? 1}-${call.endLine ?? 'end'})`;
      title = `Read ${shown}${range}`;
      location = call.path.absolute;
      break;
    }
    case 'list_files': {
      const shown = pathArg('path', call.base);
      const pattern = arg('pattern', call.pattern);
      title = `List files in ${shown} matching ${pattern}`;
      location = call.base.absolute;
      break;
    }
    case 'search_text': {
      const query = arg('query', call.query);
      arg('is_regex', String(call.isRegex));
      arg('case_sensitive', String(call.caseSensitive));
      const include = call.include === undefined ? undefined : arg('include', call.include);
      const how = [call.isRegex ? 'regex' : 'text', call.caseSensitive ? 'case-sensitive' : 'ignoring case'];
      title = `Search the workspace for ${query} (${how.join(', ')})${include ? ` in ${include}` : ''}`;
      break;
    }
    case 'get_diagnostics': {
      if (call.path) {
        title = `Get the problems reported for ${pathArg('path', call.path)}`;
        location = call.path.absolute;
      } else title = 'Get the problems reported in the workspace';
      break;
    }
    case 'edit_file': {
      const shown = pathArg('path', call.path);
      arg('old_string', call.oldString, true);
      arg('new_string', call.newString, true);
      if (call.replaceAll) arg('replace_all', 'true');
      title = `Edit ${shown}${call.replaceAll ? ' (every occurrence)' : ''}`;
      location = call.path.absolute;
      break;
    }
    case 'write_file': {
      const shown = pathArg('path', call.path);
      arg('content', call.content, true);
      title = `${call.path.exists ? 'Overwrite' : 'Create'} ${shown}`;
      location = call.path.absolute;
      break;
    }
    case 'run_command': {
      const command = arg('command', call.command);
      if (call.cwd.relative !== '') pathArg('cwd', call.cwd);
      title = `Run ${command}`;
      location = call.cwd.absolute;
      break;
    }
  }
  if (location !== undefined) {
    const v = visible(location);
    hasInvisible ||= v.hasInvisible;
    location = v.text;
  }
  return { tool: call.tool, title, args, location, hasInvisible };
}

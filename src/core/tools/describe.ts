// What an approval card shows for a prepared call: every value goes through visible(), so the card is byte-exact
// and warns when something invisible is in it (docs/threat-model.md, G6).
import type { ToolCard, ToolCardState } from '../../shared/toolProtocol';
import { cardTitle, type TitleArgs } from './cards';
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
  let truncated = false;
  /** Adds an argument; returns its visible text for the title. */
  const arg = (label: string, value: string, multiline = false): string => {
    const v: Visible = visible(value, { multiline });
    hasInvisible ||= v.hasInvisible;
    truncated ||= v.truncated;
    args.push({ label, value: v.text, parts: v.parts, ...(multiline ? { multiline } : {}) });
    return v.text;
  };
  const pathArg = (label: string, p: ResolvedPath): string => {
    arg(label, p.requested);
    return visible(where(p)).text;
  };
  let title: TitleArgs;
  let location: string | undefined;

  switch (call.tool) {
    case 'read_file': {
      const path = pathArg('path', call.path);
      if (call.startLine !== undefined) arg('start_line', String(call.startLine));
      if (call.endLine !== undefined) arg('end_line', String(call.endLine));
      title = { path, startLine: call.startLine, endLine: call.endLine };
      location = call.path.absolute;
      break;
    }
    case 'list_files': {
      const path = pathArg('path', call.base);
      title = { path, pattern: arg('pattern', call.pattern) };
      location = call.base.absolute;
      break;
    }
    case 'search_text': {
      const query = arg('query', call.query);
      arg('is_regex', String(call.isRegex));
      arg('case_sensitive', String(call.caseSensitive));
      const include = call.include === undefined ? undefined : arg('include', call.include);
      title = { query, isRegex: call.isRegex, caseSensitive: call.caseSensitive, include };
      break;
    }
    case 'get_diagnostics': {
      title = call.path ? { path: pathArg('path', call.path) } : {};
      location = call.path?.absolute;
      break;
    }
    case 'edit_file': {
      const path = pathArg('path', call.path);
      arg('old_string', call.oldString, true);
      arg('new_string', call.newString, true);
      if (call.replaceAll) arg('replace_all', 'true');
      title = { path, replaceAll: call.replaceAll };
      location = call.path.absolute;
      break;
    }
    case 'write_file': {
      const path = pathArg('path', call.path);
      arg('content', call.content, true);
      title = { path, exists: call.path.exists };
      location = call.path.absolute;
      break;
    }
    case 'run_command': {
      const command = arg('command', call.command);
      if (call.cwd.relative !== '') pathArg('cwd', call.cwd);
      title = { command };
      location = call.cwd.absolute;
      break;
    }
  }
  if (location !== undefined) {
    const v = visible(location);
    hasInvisible ||= v.hasInvisible;
    location = v.text;
  }
  return {
    tool: call.tool,
    title: cardTitle(call.tool, title),
    args,
    location,
    hasInvisible,
    ...(truncated ? { truncated } : {}),
  };
}

/** The card for a live call, as first posted. */
export function cardFor(call: PreparedCall, state: ToolCardState): ToolCard {
  const d = describeCall(call);
  return {
    callId: call.id,
    tool: d.tool,
    title: d.title,
    args: d.args,
    location: d.location,
    hasInvisible: d.hasInvisible,
    state,
  };
}

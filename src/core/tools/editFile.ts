// edit_file's text replacement; the host applies the result through VS Code (one undoable WorkspaceEdit). Exact
// matching only: a fuzzy match could change code the user never saw in the approval card. When the text is not
// found, the error says what probably went wrong, so the model's next try can succeed.
import type { PreparedOf } from './prepare';

export type EditResult = { ok: true; content: string; replacements: number } | { ok: false; error: string };

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** Whitespace-insensitive form, to tell "not there" from "there with other indentation or spacing". */
function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function notFound(current: string, oldString: string): string {
  const base = 'old_string was not found in the file.';
  if (squash(oldString) !== '' && squash(current).includes(squash(oldString)))
    return `${base} The same text exists with different whitespace or indentation: copy it exactly from read_file's output (tabs vs spaces, trailing spaces), without the line-number prefixes.`;
  if (/^\s*\d+ \| /m.test(oldString))
    return `${base} It seems to include read_file's line-number prefixes ("12 | "); leave them out.`;
  return `${base} Read the file again (it may have changed) and quote the text exactly, including whitespace.`;
}

export function applyEdit(current: string, call: PreparedOf<'edit_file'>): EditResult {
  let { oldString, newString } = call;
  if (oldString === '') return { ok: false, error: 'old_string is empty: quote the exact text to replace.' };
  if (oldString === newString)
    return { ok: false, error: 'old_string and new_string are the same: nothing to change.' };
  let n = count(current, oldString);
  // read_file shows lines without their CR; for a CRLF file the model's LF-only text means CRLF.
  if (n === 0 && current.includes('\r\n') && oldString.includes('\n') && !oldString.includes('\r')) {
    const crlf = (s: string) => s.replace(/\n/g, '\r\n');
    const m = count(current, crlf(oldString));
    if (m > 0) {
      oldString = crlf(oldString);
      newString = crlf(newString);
      n = m;
    }
  }
  if (n === 0) return { ok: false, error: notFound(current, oldString) };
  if (n > 1 && !call.replaceAll)
    return {
      ok: false,
      error: `old_string occurs ${n} times in the file. Include more surrounding lines so it occurs exactly once, or set replace_all to true to replace every occurrence.`,
    };
  // split/join, not String.replace: `$&` and `$1` in new_string must stay literal.
  const content = call.replaceAll
    ? current.split(oldString).join(newString)
    : spliceOnce(current, oldString, newString);
  return { ok: true, content, replacements: call.replaceAll ? n : 1 };
}

function spliceOnce(current: string, oldString: string, newString: string): string {
  const at = current.indexOf(oldString);
  return current.slice(0, at) + newString + current.slice(at + oldString.length);
}

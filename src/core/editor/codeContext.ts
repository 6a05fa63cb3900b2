// Code from the editor as a text block that says where it comes from: workspace-relative path, language and
// line range, with the code fenced exactly (the fence is longer than any backtick run inside). Long code is
// capped, with a note saying so, so a whole file never silently eats the context window.
export interface CodeContext {
  /** Workspace-relative path (or the file name for a file outside the workspace). */
  path: string;
  languageId: string;
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  code: string;
  /** What the range is: the selection, the enclosing symbol, the whole file, or lines the user named (`@a.ts:3-9`). */
  scope: 'selection' | 'symbol' | 'file' | 'lines';
  symbolName?: string;
}

export const MAX_CODE_CHARS = 60_000;

export function codeBlockText(ctx: CodeContext): string {
  let code = ctx.code;
  let note = '';
  if (code.length > MAX_CODE_CHARS) {
    const kept = code.slice(0, MAX_CODE_CHARS);
    const keptLines = kept.split('\n').length;
    code = kept;
    note = `\n(Cut: only the first ${keptLines} lines of ${ctx.endLine - ctx.startLine + 1} are included.)`;
  }
  const where =
    ctx.scope === 'file'
      ? `the whole file ${ctx.path}`
      : ctx.scope === 'symbol'
        ? `${ctx.symbolName ? `\`${ctx.symbolName}\` in ` : ''}${ctx.path}`
        : ctx.path;
  const lines =
    ctx.startLine === ctx.endLine ? `line ${ctx.startLine}` : `lines ${ctx.startLine}-${ctx.endLine}`;
  return `From ${where} (${ctx.languageId}, ${lines}):\n\n${fence(ctx.languageId, code)}${note}`;
}

/** Fences `body` with more backticks than any run inside it. */
export function fence(lang: string, body: string): string {
  const longest = Math.max(2, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${body.replace(/\n$/, '')}\n${ticks}`;
}

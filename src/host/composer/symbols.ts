// `@#name`: the workspace's symbols through VS Code's workspace symbol providers (the language servers'), as
// suggestions whose mention names the symbol's file and lines. A provider may give only the name's position;
// the lines are widened to the symbol's whole declaration through the file's document symbols.
import * as vscode from 'vscode';
import type { Suggestion } from '../../shared/composerProtocol';
import type { LineRange, Mention } from '../../shared/mentions';

/** The codicon for a symbol kind (VS Code's own names, with the dashes codicons use). */
function iconOf(kind: vscode.SymbolKind): string {
  const name = vscode.SymbolKind[kind] ?? 'Misc';
  return `symbol-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}`;
}

export async function workspaceSymbols(query: string, limit: number): Promise<Suggestion[]> {
  if (query.trim() === '') return [];
  const found =
    (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>(
      'vscode.executeWorkspaceSymbolProvider',
      query,
    )) ?? [];
  const q = query.toLowerCase();
  const ranked = found
    .filter((s) => s.location.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(s.location.uri))
    .sort((a, b) => rank(a.name, q) - rank(b.name, q) || a.name.length - b.name.length)
    .slice(0, limit);
  return Promise.all(
    ranked.map(async (s) => {
      const path = vscode.workspace.asRelativePath(s.location.uri, false);
      // TypeScript names a function `total()`; the mention (and the document symbols) use the bare name.
      const name = s.name.replace(/\(\)$/, '') || s.name;
      const range = await declarationLines(s, name);
      const mention: Mention = { kind: 'symbol', name, path, range };
      const lines = range.start === range.end ? `${range.start}` : `${range.start}-${range.end}`;
      return {
        insert: `@#${name}`,
        label: s.name,
        detail: `${s.containerName ? `${s.containerName} · ` : ''}${path}:${lines}`,
        icon: iconOf(s.kind),
        mention,
      };
    }),
  );
}

/** Exact name first, then a prefix, then the rest (the providers' own order is fuzzy). */
function rank(name: string, q: string): number {
  const n = name.toLowerCase();
  return n === q ? 0 : n.startsWith(q) ? 1 : 2;
}

async function declarationLines(s: vscode.SymbolInformation, name: string): Promise<LineRange> {
  const own = { start: s.location.range.start.line + 1, end: s.location.range.end.line + 1 };
  if (own.end > own.start) return own;
  try {
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
      'vscode.executeDocumentSymbolProvider',
      s.location.uri,
    );
    const match = findDeclaration(symbols ?? [], name, s.location.range.start);
    return match ? { start: match.range.start.line + 1, end: match.range.end.line + 1 } : own;
  } catch {
    return own;
  }
}

function findDeclaration(
  symbols: readonly vscode.DocumentSymbol[],
  name: string,
  at: vscode.Position,
): vscode.DocumentSymbol | undefined {
  for (const d of symbols) {
    if (!d.range.contains(at)) continue;
    const inner = findDeclaration(d.children ?? [], name, at);
    if (inner) return inner;
    if (d.name === name) return d;
  }
  return undefined;
}

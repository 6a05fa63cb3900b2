// VS Code's own language-model tools (vscode.lm.tools) as an external tool source. Which ones are offered is the
// user's setting claudeMessages.vscodeTools (application scope): tool names, or `tag:<tag>` for every tool with
// that tag. Its default is an allow-list of tools that serve a coding agent (docs/architecture.md, "External
// tools"); VS Code's internal helpers (confirmations, edits through its own chat, todo lists) are left out unless
// named. Each call is invoked with vscode.lm.invokeTool with a cancellation token tied to Stop.
import * as vscode from 'vscode';
import { promptTsxText } from '../../core/tools/external/promptTsxText';
import type {
  ExternalCallResult,
  ExternalContent,
  ExternalOrigin,
  ExternalToolSource,
  ExternalToolSpec,
} from '../../core/tools/external/types';

export function enabledToolFilter(): (tool: vscode.LanguageModelToolInformation) => boolean {
  const entries = vscode.workspace.getConfiguration('claudeMessages').inspect<unknown>('vscodeTools');
  // The user's own value only: a workspace cannot add tools (the setting is application-scoped anyway).
  const raw = entries?.globalValue ?? entries?.defaultValue ?? [];
  const list = Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  const names = new Set(list.filter((x) => !x.startsWith('tag:')));
  const tags = new Set(list.filter((x) => x.startsWith('tag:')).map((x) => x.slice(4)));
  return (t) => names.has(t.name) || t.tags.some((tag) => tags.has(tag));
}

function dataPart(part: vscode.LanguageModelDataPart): ExternalContent {
  const mime = part.mimeType;
  if (mime.startsWith('image/'))
    return { type: 'image', mediaType: mime, data: Buffer.from(part.data).toString('base64') };
  if (mime.startsWith('text/') || mime === 'application/json')
    return { type: 'text', text: Buffer.from(part.data).toString('utf8') };
  return { type: 'text', text: `[Data of type ${mime} (${part.data.byteLength} bytes) not shown]` };
}

export function resultContent(result: vscode.LanguageModelToolResult): ExternalContent[] {
  const out: ExternalContent[] = [];
  for (const part of result.content) {
    if (part instanceof vscode.LanguageModelTextPart) out.push({ type: 'text', text: part.value });
    else if (part instanceof vscode.LanguageModelDataPart) out.push(dataPart(part));
    else if (part instanceof vscode.LanguageModelPromptTsxPart) {
      const text = promptTsxText(part.value);
      if (text) out.push({ type: 'text', text });
    }
  }
  return out;
}

export class VsCodeToolSource implements ExternalToolSource {
  async list(): Promise<ExternalToolSpec[]> {
    const enabled = enabledToolFilter();
    return vscode.lm.tools.filter(enabled).map((t) => ({
      origin: { kind: 'vscode', tool: t.name },
      description: t.description,
      inputSchema: (t.inputSchema as Record<string, unknown> | undefined) ?? {
        type: 'object',
        properties: {},
      },
      readOnlyHint: false,
    }));
  }

  async call(
    origin: ExternalOrigin,
    input: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<ExternalCallResult> {
    const cancel = new vscode.CancellationTokenSource();
    const onAbort = () => cancel.cancel();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      // No toolInvocationToken: we are not VS Code's chat, so the tool shows no confirmation of its own; ours
      // was shown already.
      const result = await vscode.lm.invokeTool(
        origin.tool,
        { input, toolInvocationToken: undefined },
        cancel.token,
      );
      return { content: resultContent(result), isError: false };
    } catch (e) {
      if (signal.aborted) throw e;
      return {
        content: [{ type: 'text', text: `The tool failed: ${e instanceof Error ? e.message : String(e)}` }],
        isError: true,
      };
    } finally {
      signal.removeEventListener('abort', onAbort);
      cancel.dispose();
    }
  }
}

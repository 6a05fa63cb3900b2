// VS Code's language-model messages and parts to the core's plain values (core/lm/requestMapping.ts maps those to
// a Messages request), and the reply's parts back. Parts are recognized by their classes; a part of a kind the
// stable API does not define (another model's thinking, replayed by VS Code's chat) is passed on as `other`, which
// the mapping leaves out and the log names.
import * as vscode from 'vscode';
import {
  LmRequestError,
  type LmMessage,
  type LmPart,
  type LmResultPart,
  type LmTool,
} from '../../core/lm/requestMapping';
import type { LmPartSink } from '../../core/lm/replyParts';

/** VS Code's own chat sends system messages with this role (a proposed API value not in the stable enum). */
const SYSTEM_ROLE = 3;

function role(value: vscode.LanguageModelChatMessageRole, i: number): LmMessage['role'] {
  if (value === vscode.LanguageModelChatMessageRole.User) return 'user';
  if (value === vscode.LanguageModelChatMessageRole.Assistant) return 'assistant';
  if ((value as number) === SYSTEM_ROLE) return 'system';
  throw new LmRequestError(`messages.${i}.role`, `unknown role ${String(value)}`);
}

function describe(part: unknown): string {
  if (typeof part !== 'object' || part === null) return typeof part;
  const keys = Object.keys(part);
  // VS Code's thinking part (a proposed API): a value with an id or metadata.
  if ('value' in part && (keys.includes('id') || keys.includes('metadata'))) return 'thinking';
  return `part with ${keys.sort().join(', ') || 'no fields'}`;
}

function resultItem(item: unknown): LmResultPart {
  if (item instanceof vscode.LanguageModelTextPart) return { type: 'text', text: item.value };
  if (item instanceof vscode.LanguageModelDataPart)
    return { type: 'data', mimeType: item.mimeType, data: item.data };
  if (typeof item === 'string') return { type: 'text', text: item };
  // A prompt-tsx element or any other JSON value a tool returned: its JSON is what the model can read.
  if (item instanceof vscode.LanguageModelPromptTsxPart)
    return { type: 'text', text: JSON.stringify(item.value) };
  return { type: 'text', text: JSON.stringify(item) ?? String(item) };
}

function part(p: unknown): LmPart {
  if (p instanceof vscode.LanguageModelTextPart) return { type: 'text', text: p.value };
  if (p instanceof vscode.LanguageModelToolCallPart)
    return { type: 'toolCall', callId: p.callId, name: p.name, input: p.input };
  if (p instanceof vscode.LanguageModelToolResultPart)
    return { type: 'toolResult', callId: p.callId, content: p.content.map(resultItem) };
  if (p instanceof vscode.LanguageModelDataPart) return { type: 'data', mimeType: p.mimeType, data: p.data };
  return { type: 'other', kind: describe(p) };
}

export function toLmMessage(message: vscode.LanguageModelChatRequestMessage, i = 0): LmMessage {
  return { role: role(message.role, i), parts: message.content.map(part) };
}

export function toLmTools(tools: readonly vscode.LanguageModelChatTool[] | undefined): LmTool[] | undefined {
  return tools?.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
}

/** The reply's parts as VS Code's part classes, reported as they arrive. */
export function progressSink(progress: vscode.Progress<vscode.LanguageModelResponsePart>): LmPartSink & {
  parts: number;
} {
  const sink = {
    parts: 0,
    text(value: string) {
      sink.parts++;
      progress.report(new vscode.LanguageModelTextPart(value));
    },
    toolCall(callId: string, name: string, input: object) {
      sink.parts++;
      progress.report(new vscode.LanguageModelToolCallPart(callId, name, input));
    },
  };
  return sink;
}

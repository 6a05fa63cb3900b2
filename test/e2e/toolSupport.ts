// Shared steps for the tool e2e specs: ask in the chat, find a tool card, read what the endpoint received.
import type { Frame } from '@playwright/test';
import type { EndpointProcess } from './endpointProcess';

type Json = Record<string, unknown>;

export async function ask(chat: Frame, text: string): Promise<void> {
  await chat.getByRole('textbox', { name: 'Message Claude' }).fill(text);
  await chat.getByRole('button', { name: 'Send' }).click();
}

export function card(chat: Frame, title: string | RegExp) {
  return chat.getByRole('group', { name: typeof title === 'string' ? `Tool call: ${title}` : title });
}

/** The tool_result blocks of the last Messages request the endpoint received. */
export async function lastToolResults(endpoint: EndpointProcess): Promise<Json[]> {
  const requests = (await endpoint.requests()).filter((r) => r.path === '/v1/messages');
  const body = requests.at(-1)?.body as { messages: { content: unknown }[] } | undefined;
  const content = body?.messages.at(-1)?.content;
  return Array.isArray(content) ? (content as Json[]).filter((b) => b.type === 'tool_result') : [];
}

export function resultText(block: Json | undefined): string {
  const c = block?.content;
  if (typeof c === 'string') return c;
  return Array.isArray(c) ? (c as Json[]).map((b) => String(b.text ?? '')).join('') : '';
}

export const toolUse = (id: string, name: string, input: Json) => ({ type: 'tool_use', id, name, input });

// What the endpoint says when nothing is scripted: a reply built from the request, so a person trying the
// extension against the stand-in (`npm start` without a key) sees a realistic streamed answer: optional thinking,
// prose that quotes what they asked, a fenced code block, and a tool call when they name one of the tools.
import type { ReplyBlock, ScriptedReply } from './types';

type Json = Record<string, unknown>;

export interface RequestSummary {
  lastUserText: string;
  toolResults: { id: string; text: string; isError: boolean }[];
  tools: { name: string; schema: Json }[];
  thinking: boolean;
  imageCount: number;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Json[])
    .map((b) => (b.type === 'text' && typeof b.text === 'string' ? b.text : ''))
    .filter((t) => t !== '')
    .join('\n');
}

/** Reads a Messages request body. */
export function summarizeMessages(body: Json): RequestSummary {
  const messages = (body.messages as Json[] | undefined) ?? [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const blocks = Array.isArray(last?.content) ? (last.content as Json[]) : [];
  return {
    lastUserText: textOf(last?.content),
    toolResults: blocks
      .filter((b) => b.type === 'tool_result')
      .map((b) => ({ id: String(b.tool_use_id), text: textOf(b.content), isError: b.is_error === true })),
    tools: ((body.tools as Json[] | undefined) ?? [])
      .filter((t) => typeof t.name === 'string')
      .map((t) => ({ name: t.name as string, schema: (t.input_schema as Json | undefined) ?? {} })),
    thinking: (body.thinking as Json | undefined)?.type === 'enabled',
    imageCount: blocks.filter((b) => b.type === 'image').length,
  };
}

/** Reads a Chat Completions request body. */
export function summarizeChat(body: Json): RequestSummary {
  const messages = (body.messages as Json[] | undefined) ?? [];
  let i = messages.length - 1;
  const toolResults: RequestSummary['toolResults'] = [];
  while (i >= 0 && messages[i]!.role === 'tool') {
    toolResults.unshift({
      id: String(messages[i]!.tool_call_id),
      text: String(messages[i]!.content),
      isError: false,
    });
    i--;
  }
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const parts = Array.isArray(last?.content) ? (last.content as Json[]) : [];
  return {
    lastUserText:
      toolResults.length > 0 && messages[messages.length - 1]?.role === 'tool' ? '' : textOf(last?.content),
    toolResults: messages[messages.length - 1]?.role === 'tool' ? toolResults : [],
    tools: ((body.tools as Json[] | undefined) ?? []).map((t) => {
      const fn = (t.function as Json | undefined) ?? {};
      return { name: String(fn.name), schema: (fn.parameters as Json | undefined) ?? {} };
    }),
    thinking:
      body.reasoning_effort !== undefined ||
      (body.thinking as Json | undefined)?.type === 'enabled' ||
      String(body.model).endsWith('-thinking'),
    imageCount: parts.filter((p) => p.type === 'image_url').length,
  };
}

function sampleValue(name: string, schema: Json): unknown {
  const type = schema.type;
  if (type === 'number' || type === 'integer') return 1;
  if (type === 'boolean') return false;
  if (type === 'array') return [];
  if (type === 'object') return {};
  if (/path|file/i.test(name)) return 'README.md';
  if (/command|cmd/i.test(name)) return 'echo hello from the local endpoint';
  if (/pattern|query/i.test(name)) return 'TODO';
  return 'example';
}

function toolInput(schema: Json): Json {
  const props = (schema.properties as Record<string, Json> | undefined) ?? {};
  const required = (schema.required as string[] | undefined) ?? Object.keys(props);
  return Object.fromEntries(required.map((name) => [name, sampleValue(name, props[name] ?? {})]));
}

export function defaultReply(s: RequestSummary): ScriptedReply {
  const content: ReplyBlock[] = [];
  if (s.toolResults.length > 0) {
    const first = s.toolResults[0]!;
    const preview = first.text.length > 400 ? `${first.text.slice(0, 400)}…` : first.text;
    if (s.thinking)
      content.push({ type: 'thinking', thinking: 'The tool has answered; I will summarise its output.' });
    content.push({
      type: 'text',
      text: `The tool ${first.isError ? 'reported an error' : 'returned'} ${first.text.length} characters:\n\n\`\`\`text\n${preview}\n\`\`\`\n\nThat is all the local endpoint does with tool results.`,
    });
    return { content };
  }
  const asked = s.lastUserText.trim() || '(an empty message)';
  if (s.thinking) {
    content.push({
      type: 'thinking',
      thinking: `The user wrote ${asked.length} characters. I am the local stand-in endpoint, so I will echo them back with a code sample.`,
    });
  }
  const tool = s.tools.find((t) => asked.toLowerCase().includes(t.name.toLowerCase()));
  const quoted = asked
    .split('\n')
    .slice(0, 12)
    .map((line) => `> ${line}`)
    .join('\n');
  const images =
    s.imageCount > 0 ? `\n\nYou attached ${s.imageCount} image${s.imageCount > 1 ? 's' : ''}.` : '';
  content.push({
    type: 'text',
    text: `This is the **local stand-in endpoint**, not Claude. You wrote:\n\n${quoted}${images}\n\nHere is a small example, so code rendering can be tried:\n\n\`\`\`ts\nexport function greet(name: string): string {\n  return \`Hello, \${name}!\`;\n}\n\`\`\`\n\nConfigure an API key to talk to a real model.`,
  });
  if (tool) content.push({ type: 'tool_use', name: tool.name, input: toolInput(tool.schema) });
  return { content };
}

/**
 * A request asking to compact a session (a transcript and instructions to summarise it) is answered with a summary
 * whatever is scripted, as a model would answer it: the script stays for the conversation's own replies. The
 * summary names the files the transcript's tool calls touched, so tests can see it was made from the transcript.
 */
export function compactionReply(summary: RequestSummary): ScriptedReply | undefined {
  const text = summary.lastUserText;
  if (!text.includes('<transcript>') || !/compacting a coding session/i.test(text)) return undefined;
  const files = [...new Set([...text.matchAll(/"path":"([^"]+)"/g)].map((m) => m[1]))];
  const calls = (text.match(/\[tool call /g) ?? []).length;
  return {
    content: [
      {
        type: 'text',
        text: `1. Task: continue the user's task.\n2. State: ${calls} tool calls so far.\n3. Files: ${files.join(', ') || 'none'}.\n4. Open: go on with the next step.`,
      },
    ],
  };
}

// A conversation as a Markdown document: questions, answers (their code fenced as they came), thinking folded
// in <details>, tool calls and results as fenced JSON. Never includes anything from the connection.
import type { Compaction } from '../context/contextState';
import type { MessageParam } from '../messages/schema';
import type { StoredConversation } from './storedConversation';

type Block = Exclude<MessageParam['content'], string>[number] & Record<string, unknown>;

export function conversationToMarkdown(c: StoredConversation): string {
  const out: string[] = [
    `# ${c.title}`,
    '',
    `_Exported from Claude Messages, ${new Date(c.updatedAt).toISOString()}_`,
    '',
  ];
  c.messages.forEach((m, i) => {
    for (const k of c.compactions ?? []) if (k.at === i) out.push(...compaction(k));
    const blocks: Block[] =
      typeof m.content === 'string' ? [{ type: 'text', text: m.content } as Block] : (m.content as Block[]);
    if (m.role === 'user' && blocks.every((b) => b.type === 'tool_result')) {
      for (const b of blocks) out.push(...toolResult(b));
      return;
    }
    const meta = c.replies[String(i)];
    out.push(m.role === 'user' ? '## You' : `## Claude${meta?.model ? ` (${meta.model})` : ''}`, '');
    for (const b of blocks) out.push(...block(b));
    if (meta?.interrupted)
      out.push(`> _Reply ${meta.interrupted === 'stopped' ? 'stopped' : 'cut short'}._`, '');
    if (meta?.error) out.push(`> _Error: ${meta.error.split('\n')[0]}_`, '');
  });
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

/** Where the conversation was compacted, and what was sent from then on in place of older turns. */
function compaction(k: Compaction): string[] {
  const head = `> _Conversation compacted (${k.kind === 'summary' ? 'older turns summarised' : 'old tool results cleared'}): about ${k.tokensBefore} → ${k.tokensAfter} input tokens. Every turn above is kept here as it was._`;
  if (!k.summary || k.kind !== 'summary') return [head, ''];
  return [
    head,
    '',
    '<details><summary>Summary sent in place of the earlier turns</summary>',
    '',
    k.summary.text,
    '',
    '</details>',
    '',
  ];
}

function block(b: Block): string[] {
  switch (b.type) {
    case 'text':
      return [String(b.text ?? ''), ''];
    case 'thinking':
      return ['<details><summary>Thinking</summary>', '', String(b.thinking ?? ''), '', '</details>', ''];
    case 'redacted_thinking':
      return ['<details><summary>Thinking (redacted)</summary></details>', ''];
    case 'tool_use':
      return [`**Tool call** \`${String(b.name)}\``, '', fence('json', JSON.stringify(b.input, null, 2)), ''];
    case 'tool_result':
      return toolResult(b);
    case 'image':
      return ['_[image]_', ''];
    case 'document':
      return ['_[document]_', ''];
    default:
      return [`_[${b.type}]_`, ''];
  }
}

function toolResult(b: Block): string[] {
  const content = b.content;
  const text =
    typeof content === 'string'
      ? content
      : Array.isArray(content)
        ? content.map((x) => (x as { text?: string }).text ?? '').join('\n')
        : '';
  return [`**Tool result**${b.is_error ? ' (error)' : ''}`, '', fence('', text), ''];
}

/** A fence longer than any backtick run inside, so the content cannot close it. */
function fence(lang: string, body: string): string {
  const longest = Math.max(2, ...Array.from(body.matchAll(/`+/g), (m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${lang}\n${body}\n${ticks}`;
}

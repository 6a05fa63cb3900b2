// A user turn as content blocks: images and documents first, then attached code and files, then the question
// (the order Anthropic recommends: long material before the question about it). Which blocks were attachments
// is kept beside the message, so the transcript can show them as chips again after a restore.
import type { ImageMediaType } from '../../shared/fields';
import type { DocumentBlock, MessageParam, TextBlock } from '../messages/schema';
import type { ContextKind } from '../../shared/protocol';

/** A pasted or attached image, base64, already scaled by the webview. */
export interface UserImage {
  mediaType: ImageMediaType;
  data: string;
}

/** What the user sends: their words, images, and the context items (chips) attached to them. */
export interface Question {
  text: string;
  images?: readonly UserImage[];
  context?: readonly ContextBlock[];
}

/** An attached item as the turn carries it. */
export interface ContextBlock {
  kind: ContextKind;
  label: string;
  block: TextBlock | DocumentBlock;
}

/** What the transcript shows for an attachment: its kind and label, and which block of the message it is. */
export interface SentAttachment {
  kind: ContextKind;
  label: string;
  block: number;
}

export function buildUserTurn({ text, images = [], context = [] }: Question): {
  content: MessageParam['content'];
  attachments: SentAttachment[];
} {
  if (images.length === 0 && context.length === 0) return { content: text, attachments: [] };
  const blocks: Exclude<MessageParam['content'], string> = images.map((img) => ({
    type: 'image' as const,
    source: { type: 'base64' as const, media_type: img.mediaType, data: img.data },
  }));
  const attachments: SentAttachment[] = [];
  const documents = context.filter((c) => c.block.type === 'document');
  const texts = context.filter((c) => c.block.type !== 'document');
  for (const c of [...documents, ...texts]) {
    attachments.push({ kind: c.kind, label: c.label, block: blocks.length });
    blocks.push({ ...c.block });
  }
  if (text.trim()) blocks.push({ type: 'text', text });
  return { content: blocks, attachments };
}

/** A user message's own words and pasted images, leaving out the blocks that were attachments. */
export function userPart(
  message: MessageParam,
  attachments: readonly SentAttachment[] = [],
): { text: string; images: number } {
  if (typeof message.content === 'string') return { text: message.content, images: 0 };
  const attached = new Set(attachments.map((a) => a.block));
  let text = '';
  let images = 0;
  message.content.forEach((b, i) => {
    if (attached.has(i)) return;
    if (b.type === 'text' && typeof b.text === 'string') text += b.text;
    else if (b.type === 'image') images++;
  });
  return { text, images };
}

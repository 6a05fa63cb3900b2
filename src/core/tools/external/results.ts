// An external tool's result as the tool_result the model gets: text capped like our own tools' output (the same
// setting, claudeMessages.tools.outputCapBytes), images kept when the API can take them, everything else said in
// words. A tool's output is untrusted: its size and its image data are checked here, never passed on blindly.
import type { ToolResultBlock } from '../../messages/schema';
import type { ExternalCallResult } from './types';

/** Media types the Messages API takes for images. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** The API's limit per image is 5 MB; base64 is 4/3 of that. */
const MAX_IMAGE_BASE64 = Math.floor((5 * 1024 * 1024 * 4) / 3);
const MAX_IMAGES = 8;

export interface ResultLimits {
  /** Bytes of text kept (UTF-8); beyond it a note says how much was cut. */
  textCapBytes: number;
}

/** The first `cap` bytes of `text`, cut at a character boundary. */
function cutUtf8(text: string, cap: number): string {
  const buf = Buffer.from(text);
  if (buf.length <= cap) return text;
  // Decoding a cut multibyte sequence yields U+FFFD at the end: drop it.
  return buf
    .subarray(0, cap)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}

export function externalToolResult(
  callId: string,
  result: ExternalCallResult,
  limits: ResultLimits,
): ToolResultBlock {
  const texts: string[] = [];
  const images: ToolResultBlock['content'] & unknown[] = [];
  for (const c of result.content) {
    if (c.type === 'text') {
      texts.push(c.text);
    } else if (!IMAGE_TYPES.has(c.mediaType)) {
      texts.push(`[An image of type ${c.mediaType.slice(0, 100)} was left out: the API does not take it.]`);
    } else if (c.data.length > MAX_IMAGE_BASE64 || !/^[A-Za-z0-9+/=\s]*$/.test(c.data.slice(0, 4096))) {
      texts.push(`[An image (${c.mediaType}) was left out: it is over 5 MB or not valid base64.]`);
    } else if (images.length >= MAX_IMAGES) {
      texts.push(`[An image was left out: at most ${MAX_IMAGES} images are kept per result.]`);
    } else {
      images.push({ type: 'image', source: { type: 'base64', media_type: c.mediaType, data: c.data } });
    }
  }
  let text = texts.join('\n');
  const bytes = Buffer.byteLength(text);
  if (bytes > limits.textCapBytes) {
    const kept = cutUtf8(text, limits.textCapBytes);
    text = `${kept}\n[Output cut: ${bytes - Buffer.byteLength(kept)} more bytes of ${bytes} were not shown.]`;
  }
  if (text === '' && images.length === 0)
    text = result.isError ? 'The tool failed without a message.' : '(no output)';
  const content = [...(text === '' ? [] : [{ type: 'text' as const, text }]), ...images];
  return {
    type: 'tool_result',
    tool_use_id: callId,
    content,
    ...(result.isError ? { is_error: true } : {}),
  };
}

// Field schemas and media types the host and the webview (and core) share, each defined once.
import * as z from 'zod/mini';
import './zodLocale';

/** The id a turn (question and reply) is shown and stopped under; the webview makes it, so it is bounded. */
export const RequestId = z.string().check(z.minLength(1), z.maxLength(64));
/** A tool call's id as the model gave it (the API allows longer ids than ours). */
export const CallId = z.string().check(z.minLength(1), z.maxLength(128));
/** A context chip's id (the host makes it). */
export const ChipId = z.string().check(z.minLength(1), z.maxLength(64));

/** The image types the Messages API accepts. */
export const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type ImageMediaType = (typeof IMAGE_MEDIA_TYPES)[number];
export const ImageMediaType = z.enum(IMAGE_MEDIA_TYPES);

export function isImageMediaType(type: string): type is ImageMediaType {
  return (IMAGE_MEDIA_TYPES as readonly string[]).includes(type);
}

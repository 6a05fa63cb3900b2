// Images for the next message: from paste, drop or the file picker. Only the types the API takes are accepted;
// anything larger than the API's recommended size (long edge 1568 px) is scaled down here, before it is sent,
// and re-encoded until it fits the API's 5 MB limit.
import { isImageMediaType } from '../shared/fields';
import { MAX_IMAGE_BASE64, MAX_IMAGES_PER_MESSAGE, type ImageAttachment } from '../shared/protocol';
import { h, icon } from './dom';
import { l10n } from './l10n';

const LONG_EDGE = 1568;
type MediaType = ImageAttachment['mediaType'];

export interface Attachments {
  element: HTMLElement;
  add(files: Iterable<File>): Promise<void>;
  take(): ImageAttachment[];
  readonly count: number;
}

export function createAttachments(onProblem: (text: string) => void): Attachments {
  const list = h('div', { class: 'attachments', role: 'list', 'aria-label': l10n.t('Attached images') });
  let items: { image: ImageAttachment; chip: HTMLElement }[] = [];

  const render = () => {
    list.replaceChildren(...items.map((i) => i.chip));
    list.hidden = items.length === 0;
  };
  render();

  return {
    element: list,
    get count() {
      return items.length;
    },
    async add(files) {
      for (const file of files) {
        if (items.length >= MAX_IMAGES_PER_MESSAGE) {
          onProblem(l10n.t('At most {0} images can go with one message.', MAX_IMAGES_PER_MESSAGE));
          break;
        }
        if (!isImageMediaType(file.type)) {
          onProblem(
            file.type
              ? l10n.t(
                  '"{0}" is a {1} file: only JPEG, PNG, GIF and WebP images can be sent.',
                  file.name || l10n.t('The file'),
                  file.type,
                )
              : l10n.t(
                  '"{0}" is not an image: only JPEG, PNG, GIF and WebP images can be sent.',
                  file.name || l10n.t('The file'),
                ),
          );
          continue;
        }
        try {
          const image = await prepare(file);
          const chip = h(
            'div',
            { class: 'attachment', role: 'listitem' },
            h('img', { src: `data:${image.mediaType};base64,${image.data}`, alt: image.name }),
          );
          const remove = h(
            'button',
            {
              type: 'button',
              class: 'icon-button',
              'aria-label': l10n.t('Remove {0}', image.name),
              title: l10n.t('Remove'),
            },
            icon('close'),
          );
          const entry = { image, chip };
          remove.addEventListener('click', () => {
            items = items.filter((i) => i !== entry);
            render();
          });
          chip.append(remove);
          items.push(entry);
          render();
        } catch (e) {
          onProblem(
            `"${file.name}" could not be read as an image: ${e instanceof Error ? e.message : String(e)}`,
          );
        }
      }
    },
    take() {
      const images = items.map((i) => i.image);
      items = [];
      render();
      return images;
    },
  };
}

async function prepare(file: File): Promise<ImageAttachment> {
  const name = file.name || 'pasted image';
  const mediaType = file.type as MediaType;
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, LONG_EDGE / Math.max(bitmap.width, bitmap.height));
  const original = await toBase64(file);
  if (scale === 1 && original.length <= MAX_IMAGE_BASE64) {
    bitmap.close();
    return { mediaType, data: original, name };
  }
  // GIFs are re-encoded as PNG (a canvas cannot write GIF); photos stay JPEG or WebP.
  let outType: MediaType = mediaType === 'image/gif' ? 'image/png' : mediaType;
  const canvas = new OffscreenCanvas(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of [0.92, 0.8, 0.65, 0.5]) {
    const data = await toBase64(await canvas.convertToBlob({ type: outType, quality }));
    if (data.length <= MAX_IMAGE_BASE64) return { mediaType: outType, data, name };
    outType = 'image/jpeg'; // PNG has no quality knob: fall back to JPEG to fit the limit
  }
  throw new Error('it is still over 5 MB after scaling down');
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

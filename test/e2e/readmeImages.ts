// Pictures of the product for the README (docs/images/). An ordinary run writes them under test-results/ to look
// at, so CI never dirties the tree; `UPDATE_README_IMAGES=1 node test/run/e2e.mjs <spec>` writes the committed ones.
// Each is one part of the workbench (the side bar, the editor), at CSS pixel scale, so a PNG stays a few tens of KB.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Locator } from '@playwright/test';

const repo = resolve(import.meta.dirname, '..', '..');
const committed = process.env.UPDATE_README_IMAGES === '1';

export function readmeImagePath(name: string): string {
  const dir = committed ? join(repo, 'docs', 'images') : join(repo, 'test-results', 'readme-images');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/** A picture of `part` (e.g. `.part.sidebar`), named for the README; `maxHeight` keeps only its top. */
export async function readmeImage(part: Locator, name: string, maxHeight?: number): Promise<string> {
  const path = readmeImagePath(name);
  const box = await part.boundingBox();
  if (!box) throw new Error(`${name}: the part to picture is not on screen`);
  await part.page().screenshot({
    path,
    scale: 'css',
    animations: 'disabled',
    caret: 'hide',
    clip: { ...box, height: Math.min(box.height, maxHeight ?? box.height) },
  });
  return path;
}

import type { MediaCrops } from '../content/types.ts';
import type { ImageProcessor, MediaFiles } from '../ports.ts';

/** List thumbnails and lead images are 16:9; a shared link's card is 1.91:1 (1200×630). */
export const WIDE_ASPECT = 16 / 9;
export const WIDE_WIDTHS = [480, 960] as const;
export const CARD_ASPECT = 1200 / 630;
export const CARD_WIDTH = 1200;

/**
 * Cuts the crops of a stored image around its focal point (per mille) and writes them under keys that
 * name the point, so a moved point gets new URLs (every rendition is cached for a year). Returns the
 * crops and the keys this call wrote (for the caller to remove if its transaction fails).
 */
export async function cutCrops(
  deps: { readonly files: MediaFiles; readonly processor: ImageProcessor },
  original: Buffer,
  stem: string,
  focal: { readonly x: number; readonly y: number },
): Promise<{ crops: MediaCrops; written: string[] }> {
  const point = { x: focal.x / 1000, y: focal.y / 1000 };
  const tag = `f${focal.x}x${focal.y}`;
  const written: string[] = [];
  const wide = [];
  for (const r of await deps.processor.crop(original, point, WIDE_ASPECT, WIDE_WIDTHS)) {
    const key = `${stem}-${tag}-wide-${r.width}w.webp`;
    if (await deps.files.put(key, r.bytes)) written.push(key);
    wide.push({ width: r.width, height: r.height, mime: 'image/webp', key });
  }
  const [card] = await deps.processor.crop(original, point, CARD_ASPECT, [CARD_WIDTH]);
  if (!card) return { crops: { wide }, written };
  const cardKey = `${stem}-${tag}-card.webp`;
  if (await deps.files.put(cardKey, card.bytes)) written.push(cardKey);
  return { crops: { wide, card: { width: card.width, height: card.height, mime: 'image/webp', key: cardKey } }, written };
}

/** The key stem of a stored original ("2026/03/ab12…" from "2026/03/ab12….jpg"). */
export function stemOf(key: string): string {
  return key.replace(/\.[a-z0-9]+$/, '');
}

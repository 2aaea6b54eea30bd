import { createHash } from 'node:crypto';
import type { NewMediaAsset } from '../content/types.ts';
import type { ImageProcessor, MediaFiles } from '../ports.ts';
import { cutCrops } from './crops.ts';

export interface ImageMetadata {
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
}

/** An image whose files are written and whose database row is still to be created. */
export interface StoredImage {
  readonly asset: NewMediaAsset;
  /** Removes the written files, for when the row's transaction fails. */
  discard(): Promise<void>;
}

/**
 * Checks and resizes an image, then writes the original and its sizes under keys derived
 * from the content hash (so URLs are immutable and can be cached for a year).
 */
export async function storeImage(
  deps: { readonly files: MediaFiles; readonly processor: ImageProcessor },
  bytes: Buffer,
  meta: ImageMetadata,
  now: number,
): Promise<StoredImage> {
  const image = await deps.processor.process(bytes);
  const sha256 = createHash('sha256').update(image.original).digest('hex');
  const day = new Date(now).toISOString().slice(0, 7).replace('-', '/');
  const stem = `${day}/${sha256.slice(0, 20)}`;
  const originalKey = `${stem}.${image.extension}`;
  const written: string[] = [];
  try {
    // Only files this call created are ours to remove; an identical image stored earlier stays.
    if (await deps.files.put(originalKey, image.original)) written.push(originalKey);
    const variants = [];
    for (const v of image.variants) {
      const key = `${stem}-${v.width}w.${v.extension}`;
      if (await deps.files.put(key, v.bytes)) written.push(key);
      variants.push({ width: v.width, height: v.height, mime: v.mime, key });
    }
    const cut = await cutCrops(deps, image.original, stem, { x: 500, y: 500 });
    written.push(...cut.written);
    return {
      asset: {
        key: originalKey,
        mime: image.mime,
        width: image.width,
        height: image.height,
        bytes: image.original.length,
        sha256,
        alt: meta.alt,
        caption: meta.caption,
        credit: meta.credit,
        variants,
        crops: cut.crops,
        createdAt: now,
      },
      discard: async () => {
        await Promise.all(written.map((k) => deps.files.remove(k)));
      },
    };
  } catch (err) {
    await Promise.all(written.map((k) => deps.files.remove(k).catch(() => undefined)));
    throw err;
  }
}

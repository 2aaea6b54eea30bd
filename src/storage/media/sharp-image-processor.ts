import type { Metadata, Sharp } from 'sharp';

/**
 * sharp, loaded on the first image: libvips and its thread pool cost memory and start time that a
 * process serving pages never needs (issue 16: idle RSS).
 */
let loading: Promise<typeof import('sharp')> | undefined;
const loadSharp = async () => (await (loading ??= import('sharp'))).default;
import { BroadsheetError } from '../../core/errors.ts';
import type { ImageProcessor, ProcessedImage } from '../../core/ports.ts';

/** Widths of the responsive renditions served through srcset. */
export const VARIANT_WIDTHS = [480, 800, 1200, 1600] as const;

export interface ImageLimits {
  readonly maxBytes: number;
  /** Refuses decompression bombs: width × height above this. */
  readonly maxPixels: number;
}

const FORMATS: Readonly<Record<string, { mime: string; extension: string }>> = {
  jpeg: { mime: 'image/jpeg', extension: 'jpg' },
  png: { mime: 'image/png', extension: 'png' },
  webp: { mime: 'image/webp', extension: 'webp' },
  heif: { mime: 'image/avif', extension: 'avif' },
};

/**
 * Checks images by content (not name), re-encodes them (dropping EXIF and anything
 * smuggled after the image data) and makes WebP renditions with sharp/libvips.
 */
export class SharpImageProcessor implements ImageProcessor {
  readonly #limits: ImageLimits;
  constructor(limits: ImageLimits = { maxBytes: 20 * 1024 * 1024, maxPixels: 50_000_000 }) {
    this.#limits = limits;
  }

  async process(bytes: Buffer): Promise<ProcessedImage> {
    if (bytes.length > this.#limits.maxBytes) {
      throw new BroadsheetError('BS_ERR_MEDIA_REJECTED', { detail: `larger than ${Math.round(this.#limits.maxBytes / 1024 / 1024)} MB` });
    }
    const sharp = await loadSharp();
    let meta: Metadata;
    try {
      // The header only, with no pixel limit: an image too large is then refused below as too large,
      // not as "not an image" (nothing is decoded here, so no decompression bomb can go off).
      meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (err) {
      throw new BroadsheetError('BS_ERR_MEDIA_REJECTED', { detail: 'it is not a JPEG, PNG, WebP or AVIF image' }, { cause: err });
    }
    const format = meta.format === 'heif' && meta.compression !== 'av1' ? undefined : FORMATS[meta.format ?? ''];
    if (!format || !meta.width || !meta.height) {
      throw new BroadsheetError('BS_ERR_MEDIA_REJECTED', {
        detail: `only JPEG, PNG, WebP and AVIF images are accepted (this is ${meta.format ?? 'unknown'})`,
      });
    }
    if (meta.width * meta.height > this.#limits.maxPixels) throw this.#tooManyPixels(meta.width, meta.height);
    try {
      const base = sharp(bytes, { limitInputPixels: this.#limits.maxPixels }).rotate();
      const encoded = await this.#encode(base.clone(), meta.format as string).toBuffer({ resolveWithObject: true });
      const widths: number[] = VARIANT_WIDTHS.filter((w) => w < encoded.info.width);
      widths.push(Math.min(encoded.info.width, VARIANT_WIDTHS.at(-1) as number));
      const variants = [];
      for (const width of [...new Set(widths)]) {
        const out = await base.clone().resize({ width, withoutEnlargement: true }).webp({ quality: 76 }).toBuffer({ resolveWithObject: true });
        variants.push({ width: out.info.width, height: out.info.height, mime: 'image/webp', extension: 'webp', bytes: out.data });
      }
      return {
        mime: format.mime,
        extension: format.extension,
        width: encoded.info.width,
        height: encoded.info.height,
        original: encoded.data,
        variants,
      };
    } catch (err) {
      // A header that under-states the size is caught by libvips' own limit while decoding.
      if (/pixel limit/i.test((err as Error).message)) throw this.#tooManyPixels(meta.width, meta.height);
      throw new BroadsheetError('BS_ERR_MEDIA_REJECTED', { detail: 'the image data is damaged' }, { cause: err });
    }
  }

  async crop(original: Buffer, focal: { x: number; y: number }, aspect: number, widths: readonly number[]): Promise<{ width: number; height: number; bytes: Buffer }[]> {
    const sharp = await loadSharp();
    const base = sharp(original, { limitInputPixels: this.#limits.maxPixels }).rotate();
    const meta = await base.clone().metadata();
    const w = meta.autoOrient?.width ?? meta.width ?? 0;
    const h = meta.autoOrient?.height ?? meta.height ?? 0;
    // The largest box of this aspect that fits, centred on the focal point and pushed back inside the edges.
    const boxW = Math.min(w, Math.round(h * aspect));
    const boxH = Math.min(h, Math.round(boxW / aspect));
    const left = Math.max(0, Math.min(w - boxW, Math.round(focal.x * w - boxW / 2)));
    const top = Math.max(0, Math.min(h - boxH, Math.round(focal.y * h - boxH / 2)));
    const out = [];
    for (const width of widths) {
      const target = Math.min(width, boxW);
      const r = await base.clone().extract({ left, top, width: boxW, height: boxH }).resize({ width: target, height: Math.round(target / aspect) }).webp({ quality: 76 }).toBuffer({ resolveWithObject: true });
      out.push({ width: r.info.width, height: r.info.height, bytes: r.data });
    }
    return out;
  }

  #tooManyPixels(width: number, height: number): BroadsheetError {
    const n = (x: number) => x.toLocaleString('en-US');
    return new BroadsheetError('BS_ERR_MEDIA_REJECTED', {
      detail: `it is ${n(width)} × ${n(height)} pixels (${n(width * height)}); the limit is ${n(this.#limits.maxPixels)} pixels, so make it smaller first`,
    });
  }

  #encode(image: Sharp, format: string): Sharp {
    switch (format) {
      case 'png':
        return image.png();
      case 'webp':
        return image.webp({ quality: 85 });
      case 'heif':
        return image.avif({ quality: 60 });
      default:
        return image.jpeg({ quality: 85, mozjpeg: true });
    }
  }
}

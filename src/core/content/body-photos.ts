import { escapeHtml } from './sanitize.ts';
import type { MediaAsset } from './types.ts';

/*
 * Photos inside a body are stored with their library id (`<figure class="photo" data-media-id="N">`)
 * and the renditions they had when inserted. At render the renditions are taken from the library
 * again, so a replaced file shows wherever the photo is used. Input is sanitized HTML, whose
 * attribute quoting is the sanitizer's own, so matching it is exact.
 */

const PHOTO = /<figure class="photo" data-media-id="(\d+)"><img ([^>]*?) ?\/?>/g;
const ATTR = /([a-z-]+)="([^"]*)"/g;

/** Library ids of the photos in a sanitized body, once each. */
export function bodyPhotoIds(sanitized: string): number[] {
  return [...new Set([...sanitized.matchAll(PHOTO)].map((m) => Number(m[1])))];
}

/** The body with each known photo's image pointed at the library's current renditions (alt text and sizes kept). */
export function repointPhotos(sanitized: string, media: ReadonlyMap<number, MediaAsset>): string {
  if (media.size === 0) return sanitized;
  return sanitized.replace(PHOTO, (whole, id: string, attrs: string) => {
    const asset = media.get(Number(id));
    if (!asset || asset.variants.length === 0) return whole;
    const kept = Object.fromEntries([...attrs.matchAll(ATTR)].map((m) => [m[1], m[2]]));
    const variants = [...asset.variants].sort((a, b) => a.width - b.width);
    const main = variants.find((v) => v.width >= 800) ?? (variants.at(-1) as (typeof variants)[number]);
    const next: Record<string, string> = {
      src: `/media/${main.key}`,
      srcset: variants.map((v) => `/media/${v.key} ${v.width}w`).join(', '),
      sizes: kept.sizes ?? '(min-width: 48rem) 42rem, 100vw',
      alt: kept.alt ?? '',
      width: String(main.width),
      height: String(main.height),
    };
    // Attribute values came out of the sanitizer encoded; decode the two it writes before re-encoding.
    const attr = (v: string) => escapeHtml(v.replace(/&amp;/g, '&').replace(/&quot;/g, '"'));
    return `<figure class="photo" data-media-id="${id}"><img ${Object.entries(next).map(([k, v]) => `${k}="${k === 'alt' || k === 'sizes' ? attr(v) : escapeHtml(v)}"`).join(' ')} />`;
  });
}

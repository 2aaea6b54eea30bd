import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import { ARTICLE_LIMITS } from '../content/limits.ts';
import { plainText } from '../content/plain-text.ts';
import type { MediaAsset } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import { cutCrops, stemOf } from '../media/crops.ts';
import { storeImage } from '../media/store-image.ts';
import type { Clock, ImageProcessor, MediaFiles, Storage } from '../ports.ts';
import { forbid } from './article-access.ts';

export interface MediaMetadata {
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
}

function cleanMeta(meta: MediaMetadata): MediaMetadata {
  const field = (name: string, value: string, max: number) => plainText(name, value, { max });
  return {
    alt: field('alt text', meta.alt, ARTICLE_LIMITS.alt),
    caption: field('caption', meta.caption, ARTICLE_LIMITS.caption),
    credit: field('credit', meta.credit, ARTICLE_LIMITS.credit),
  };
}

/**
 * Stores an uploaded photo: checked by content (JPEG, PNG, WebP, AVIF; never SVG or anything that
 * can run), re-encoded, resized; caption, credit and alt text kept with it for reuse. The same
 * image uploaded twice is one asset.
 */
export async function uploadMedia(
  deps: { storage: Storage; clock: Clock; files: MediaFiles; processor: ImageProcessor },
  actor: Actor,
  bytes: Buffer,
  meta: MediaMetadata,
): Promise<MediaAsset> {
  if (!actorCan(actor, 'media:upload')) forbid('your role cannot upload');
  const clean = cleanMeta(meta);
  const now = deps.clock.now();
  const stored = await storeImage(deps, bytes, clean, now);
  try {
    return await deps.storage.transaction(async (tx) => {
      const existing = await tx.media.findByKey(stored.asset.key);
      if (existing) return existing;
      const asset = await tx.media.create(stored.asset);
      await tx.media.setUploadedBy(asset.id, actor.id);
      await tx.audit.record({ at: now, userId: actor.id, action: 'media.upload', target: `media:${asset.id}`, detail: `${stored.asset.mime} ${stored.asset.bytes} bytes` });
      return asset;
    });
  } catch (err) {
    await stored.discard();
    throw err;
  }
}

/**
 * Edits a photo's caption, credit and alt text: the uploader, or an editor. Published articles
 * that fall back to these texts are re-rendered.
 */
export async function updateMediaMetadata(
  deps: { storage: Storage; clock: Clock },
  actor: Actor,
  id: number,
  meta: MediaMetadata,
): Promise<string[]> {
  const asset = await deps.storage.media.findById(id);
  if (!asset) throw new BroadsheetError('BS_ERR_MEDIA_NOT_FOUND', { id });
  if (!actorCan(actor, 'media:edit-any') && asset.uploadedBy !== actor.id) forbid('only the uploader or an editor can edit this photo');
  const clean = cleanMeta(meta);
  return deps.storage.transaction(async (tx) => {
    await tx.media.updateMetadata(id, clean);
    await tx.audit.record({ at: deps.clock.now(), userId: actor.id, action: 'media.update', target: `media:${id}`, detail: '' });
    const keys = (await tx.articles.publishedUsingMedia(id)).map((a) => cacheKeys.article(a));
    await tx.invalidations.append(keys, deps.clock.now());
    return keys;
  });
}

/**
 * Moves a photo's focal point (per mille of width and height) and cuts its crops again around it:
 * the list thumbnail, the lead image on the home page and the shared-link card keep the subject.
 * The new files are written first and removed again if the row cannot be updated.
 */
export async function setFocalPoint(
  deps: { storage: Storage; clock: Clock; files: MediaFiles; processor: ImageProcessor },
  actor: Actor,
  id: number,
  focal: { x: number; y: number },
): Promise<string[]> {
  if (![focal.x, focal.y].every((v) => Number.isInteger(v) && v >= 0 && v <= 1000)) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'focal point', detail: 'a point inside the photo (0 to 100 % across and down)' });
  }
  const asset = await deps.storage.media.findById(id);
  if (!asset) throw new BroadsheetError('BS_ERR_MEDIA_NOT_FOUND', { id });
  if (!actorCan(actor, 'media:edit-any') && asset.uploadedBy !== actor.id) forbid('only the uploader or an editor can edit this photo');
  const cut = await cutCrops(deps, await deps.files.read(asset.key), stemOf(asset.key), focal);
  try {
    return await deps.storage.transaction(async (tx) => {
      const now = deps.clock.now();
      await tx.media.setFocal(id, focal, cut.crops);
      await tx.audit.record({ at: now, userId: actor.id, action: 'media.focal', target: `media:${id}`, detail: `${focal.x},${focal.y}` });
      const keys = [cacheKeys.home, ...(await tx.articles.publishedUsingMedia(id)).map((a) => cacheKeys.article(a))];
      await tx.invalidations.append(keys, now);
      return keys;
    });
  } catch (err) {
    await Promise.all(cut.written.map((k) => deps.files.remove(k).catch(() => undefined)));
    throw err;
  }
}

/**
 * Sets caption, credit or alt text on several photos at once (an empty field leaves each photo's as
 * it is): one transaction, every photo checked first (uploader or editor), one audit entry each.
 */
export async function bulkUpdateMedia(deps: { storage: Storage; clock: Clock }, actor: Actor, ids: readonly number[], patch: Partial<MediaMetadata>): Promise<string[]> {
  if (ids.length === 0) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'photos', detail: 'choose at least one photo' });
  if (ids.length > 200) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'photos', detail: 'at most 200 at a time' });
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) => {
    const keys: string[] = [];
    for (const id of new Set(ids)) {
      const asset = await tx.media.findById(id);
      if (!asset) throw new BroadsheetError('BS_ERR_MEDIA_NOT_FOUND', { id });
      if (!actorCan(actor, 'media:edit-any') && asset.uploadedBy !== actor.id) forbid(`photo #${id} is not yours to edit`);
      const meta = cleanMeta({
        caption: patch.caption?.trim() ? patch.caption : asset.caption,
        credit: patch.credit?.trim() ? patch.credit : asset.credit,
        alt: patch.alt?.trim() ? patch.alt : asset.alt,
      });
      await tx.media.updateMetadata(id, meta);
      await tx.audit.record({ at: now, userId: actor.id, action: 'media.update', target: `media:${id}`, detail: 'bulk' });
      keys.push(...(await tx.articles.publishedUsingMedia(id)).map((a) => cacheKeys.article(a)));
    }
    await tx.invalidations.append(keys, now);
    return keys;
  });
}

/**
 * Replaces a photo's file and keeps the photo: same id, caption, credit, alt text and focal point, so
 * every article, page and profile that shows it shows the new file (bodies are re-pointed when they
 * are rendered). The old files stay, for pages cached elsewhere.
 */
export async function replaceMediaFile(
  deps: { storage: Storage; clock: Clock; files: MediaFiles; processor: ImageProcessor },
  actor: Actor,
  id: number,
  bytes: Buffer,
): Promise<string[]> {
  const asset = await deps.storage.media.findById(id);
  if (!asset) throw new BroadsheetError('BS_ERR_MEDIA_NOT_FOUND', { id });
  if (!actorCan(actor, 'media:edit-any') && asset.uploadedBy !== actor.id) forbid('only the uploader or an editor can replace this photo');
  const now = deps.clock.now();
  const stored = await storeImage(deps, bytes, asset, now);
  const focal = asset.focal ?? { x: 500, y: 500 };
  try {
    const other = await deps.storage.media.findByKey(stored.asset.key);
    if (other) throw new BroadsheetError('BS_ERR_MEDIA_REJECTED', { detail: `this file is already photo #${other.id} in the library` });
    const crops = focal.x === 500 && focal.y === 500 ? (stored.asset.crops ?? {}) : (await cutCrops(deps, await deps.files.read(stored.asset.key), stemOf(stored.asset.key), focal)).crops;
    return await deps.storage.transaction(async (tx) => {
      const a = stored.asset;
      await tx.media.replaceFile(id, { key: a.key, mime: a.mime, width: a.width, height: a.height, bytes: a.bytes, sha256: a.sha256, variants: a.variants, crops });
      await tx.audit.record({ at: now, userId: actor.id, action: 'media.replace', target: `media:${id}`, detail: a.key });
      const keys = [cacheKeys.home, ...(await tx.articles.publishedUsingMedia(id)).map((x) => cacheKeys.article(x))];
      await tx.invalidations.append(keys, now);
      return keys;
    });
  } catch (err) {
    await stored.discard();
    throw err;
  }
}

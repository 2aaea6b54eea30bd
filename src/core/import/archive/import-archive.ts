import { createHash } from 'node:crypto';
import { articlePath, SectionIndex } from '../../content/article-path.ts';
import { cacheKeys } from '../../content/cache-keys.ts';
import { createArticle, type ArticleDraft } from '../../content/create-article.ts';
import { ARTICLE_LIMITS } from '../../content/limits.ts';
import { sanitizeBody } from '../../content/sanitize.ts';
import type { Section } from '../../content/types.ts';
import { normalizeContent } from '../../newsroom/article-content.ts';
import type { StoredImage } from '../../media/store-image.ts';
import { BroadsheetError, isBroadsheetError } from '../../errors.ts';
import type { Repositories, Storage } from '../../ports.ts';
import type { EditionTime } from '../../time/edition-time.ts';
import type { Archive, ArchiveImage, ArchiveItem } from './archive-model.ts';
import { placer, usableSlug, type Place, type SectionMapping } from './archive-placement.ts';
import { itemRedirects, listingRedirects, photoRedirects } from './archive-redirects.ts';
import { canUpdate, ledgerPrint, readPrint, updateArticle, updatePage } from './archive-updates.ts';
import { emptySummary, type ImportSummary } from './import-summary.ts';
import { taxonomyOf, type Taxonomy } from './archive-taxonomy.ts';

/*
 * Writes an archive: sections, bylines and tags first, then the posts and pages in batches, each
 * batch one transaction with its photos' library rows, its redirects and its ledger entries. A
 * killed run loses at most the batch in flight; the ledger makes the next run skip what landed, so
 * it resumes, and a second run of the same export writes nothing. Times written come from the
 * export (not the clock), so an interrupted-and-resumed run leaves the same rows as a clean one.
 */

export interface ArchiveImportDeps {
  readonly storage: Storage;
  readonly time: EditionTime;
  /** The photo's bytes from the operator's copy (folder or web address), or undefined when it is not there. */
  loadImage(image: ArchiveImage): Promise<Buffer | undefined>;
  /** Checks, resizes and writes a photo's files (the library row is written by the import). */
  storeImage(bytes: Buffer, image: ArchiveImage, at: number): Promise<StoredImage>;
  /** Whether `bytes` are a photo the library can take (dry runs check without writing). */
  checkImage(bytes: Buffer): Promise<boolean>;
  /** Called after each item; `total` is the number of posts and pages. */
  progress?(done: number, total: number): void;
  /** Instant recorded in the audit log for each batch. */
  now(): number;
}

export interface ArchiveImportOptions {
  readonly dryRun: boolean;
  readonly mapping: SectionMapping;
  readonly batchSize?: number;
}

/** Japan News-shaped addresses: /{section}/{sub}/{YYYYMMDD}-{id}/: the article keeps the id and so the address. */
const OWN_SHAPE = /^\/([a-z0-9]+(?:-[a-z0-9]+)*)\/([a-z0-9]+(?:-[a-z0-9]+)*)\/(\d{8})-(\d{1,12})\/?$/;

interface Planned {
  readonly item: ArchiveItem;
  readonly place: Place;
  readonly keepId: number | undefined;
  /** An item imported before, changed in the export, and untouched here: rewritten in place. */
  readonly update?: { readonly id: number; readonly version: number };
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export async function importArchive(deps: ArchiveImportDeps, archive: Archive, options: ArchiveImportOptions): Promise<ImportSummary> {
  const { storage } = deps;
  const { header } = archive;
  const source = header.source;
  const summary = emptySummary(options.dryRun);
  const place = placer(header, options.mapping);
  const batchSize = options.batchSize ?? 100;

  // Every item checked against the rules the write applies before anything is written.
  const problems: string[] = [];
  const probe = { id: 1, slug: 'check', name: 'Check', parentId: 0, position: 0, path: 'check/check', description: '' } as Section;
  for await (const item of archive.items()) {
    if (item.kind !== 'post') continue;
    try {
      checkItem(item, probe, { authorIds: new Map(), tagIds: new Map(), tagSlugs: new Map(), authorSlugs: new Map() }, source);
    } catch (err) {
      if (!isBroadsheetError(err)) throw err;
      if (problems.length < 20) problems.push(`${item.kind} ${item.sourceId} ("${item.title.slice(0, 60)}"): ${err.message}`);
    }
  }
  if (problems.length > 0) throw new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file: source, line: 'items', detail: problems.join('; ') });

  // Sections, people and tags: small, written in one transaction before any item.
  const taxonomy: Taxonomy = await taxonomyOf(storage, archive, options, summary);
  let sections = new SectionIndex(await storage.sections.listAll());

  const ensurePlace = async (tx: Repositories, p: Place): Promise<Section> => {
    const found = sections.byPath(p.path);
    if (found) return found;
    const [s, sub] = p.path.split('/') as [string, string];
    const parent = sections.byPath(s) ?? (await tx.sections.create({ slug: s, name: p.sectionName, parentId: null, position: sections.all.filter((x) => x.parentId === null).length, description: '' }));
    const created = await tx.sections.create({ slug: sub, name: p.subName, parentId: parent.id, position: sections.children(parent.id).length, description: '' });
    summary.created.sections += sections.byPath(s) ? 1 : 2;
    sections = new SectionIndex([...sections.all.filter((x) => x.id !== parent.id), parent, created]);
    return created;
  };

  // Photos this run has placed (old address → library id, or null when the file was missing) and by content.
  const photoIds = new Map<string, number | null>();
  const photoKeys = new Map<number, string>();
  const byHash = new Map<string, number>();
  const seenInDryRun = new Set<string>();

  type Photo =
    | { readonly kind: 'row'; readonly id: number; readonly record: boolean }
    | { readonly kind: 'new'; readonly stored: StoredImage; readonly hash: string }
    | { readonly kind: 'missing' };

  async function photos(batch: readonly Planned[]): Promise<Map<string, Photo>> {
    const out = new Map<string, Photo>();
    const pending = new Map<string, Photo>();
    for (const { item } of batch) {
      for (const image of [...(item.featured ? [item.featured] : []), ...item.images]) {
        if (out.has(image.url) || photoIds.has(image.url)) continue;
        const known = await storage.importLedger.find(source, 'media', image.url);
        if (known) {
          out.set(image.url, { kind: 'row', id: known.targetId, record: false });
          continue;
        }
        const bytes = await deps.loadImage(image);
        if (!bytes || (options.dryRun && !(await deps.checkImage(bytes)))) {
          summary.images.missing.push(image.url);
          out.set(image.url, { kind: 'missing' });
          continue;
        }
        const hash = sha(bytes);
        const same = byHash.get(hash) ?? (await storage.importLedger.find(source, 'media', `sha256:${hash}`))?.targetId;
        const twin = pending.get(hash);
        if (same !== undefined || twin || seenInDryRun.has(hash)) {
          summary.images.deduplicated++;
          out.set(image.url, same !== undefined ? { kind: 'row', id: same, record: true } : (twin ?? { kind: 'row', id: -1, record: false }));
          continue;
        }
        summary.images.copied++;
        if (options.dryRun) {
          seenInDryRun.add(hash);
          out.set(image.url, { kind: 'row', id: -1, record: false });
          continue;
        }
        let stored: StoredImage;
        try {
          stored = await deps.storeImage(bytes, image, image.at || item.createdAt);
        } catch (err) {
          if (!isBroadsheetError(err)) throw err;
          summary.images.copied--;
          summary.images.missing.push(`${image.url} (${err.message})`);
          out.set(image.url, { kind: 'missing' });
          continue;
        }
        const photo: Photo = { kind: 'new', stored, hash };
        pending.set(hash, photo);
        out.set(image.url, photo);
      }
    }
    return out;
  }

  async function writeBatch(batch: readonly Planned[]): Promise<void> {
    const images = await photos(batch);
    if (options.dryRun) {
      for (const p of batch) {
        if (p.item.kind === 'post' && !sections.byPath(p.place.path)) wouldCreate.add(p.place.path);
        if (p.item.status === 'published') summary.redirects += p.item.oldPaths.length;
        if (p.update) summary.updated++;
        else if (p.item.kind === 'post') summary.created.articles++;
        else summary.created.pages++;
        if (p.item.membersOnly) summary.membersOnly++;
        if (p.item.status === 'private' || p.item.status === 'password') summary.heldBack++;
        count(p.item);
      }
      return;
    }
    const keys = new Set<string>();
    const placed = new Map<string, number | null>();
    await storage.transaction(async (tx) => {
      for (const [url, photo] of images) {
        if (photo.kind === 'missing') {
          placed.set(url, null);
          continue;
        }
        if (photo.kind === 'row') {
          if (photo.record) {
            await tx.importLedger.put({ source, kind: 'media', sourceId: url, targetId: photo.id, fingerprint: '' });
            const row = await tx.media.findById(photo.id);
            const image = batch.flatMap((b) => [b.item.featured, ...b.item.images]).find((i) => i?.url === url);
            if (row) summary.redirects += await photoRedirects(tx, header, [url, ...(image?.aliases ?? [])], `/media/${row.key}`, latest);
          }
          placed.set(url, photo.id);
          continue;
        }
        const row = (await tx.media.findByKey(photo.stored.asset.key)) ?? (await tx.media.create(photo.stored.asset));
        const image = batch.flatMap((b) => [b.item.featured, ...b.item.images]).find((i) => i?.url === url);
        summary.redirects += await photoRedirects(tx, header, [url, ...(image?.aliases ?? [])], `/media/${row.key}`, photo.stored.asset.createdAt);
        await tx.importLedger.put({ source, kind: 'media', sourceId: url, targetId: row.id, fingerprint: photo.hash });
        await tx.importLedger.put({ source, kind: 'media', sourceId: `sha256:${photo.hash}`, targetId: row.id, fingerprint: photo.hash });
        placed.set(url, row.id);
      }
      const mediaId = (url: string) => (placed.has(url) ? (placed.get(url) as number | null) : (photoIds.get(url) ?? null));
      // Each photo's file, for the <img> the body stores (the page re-points it at the current renditions).
      for (const p of batch) {
        for (const image of p.item.images) {
          const id = mediaId(image.url);
          if (id !== null && id >= 0 && !photoKeys.has(id)) photoKeys.set(id, (await tx.media.findById(id))?.key ?? '');
        }
      }
      for (const p of batch) {
        for (const k of await writeItem(tx, p, mediaId)) keys.add(k);
        count(p.item);
      }
      await tx.audit.record({ at: deps.now(), userId: null, action: 'import.batch', target: source, detail: `${batch.length} item(s)` });
      if (keys.size > 0) await tx.invalidations.append([...keys], Math.max(...batch.map((p) => p.item.modifiedAt)));
    });
    for (const [url, id] of placed) photoIds.set(url, id);
    for (const [url, photo] of images) if (photo.kind === 'new') byHash.set(photo.hash, placed.get(url) as number);
  }
  const wouldCreate = new Set<string>();

  function count(item: ArchiveItem): void {
    for (const [kind, n] of Object.entries(item.dropped)) summary.dropped[kind] = (summary.dropped[kind] ?? 0) + n;
    if (item.comments > 0) {
      summary.comments.posts++;
      summary.comments.total += item.comments;
    }
  }

  /** The body with each photo pointing at its library row; a photo whose file was missing is left out. */
  function placePhotos(html: string, mediaId: (url: string) => number | null): string {
    return html.replace(/<figure class="photo" data-import-src="([^"]*)"><img src="[^"]*"([\s\S]*?)<\/figure>/g, (_m, url: string, rest: string) => {
      const id = mediaId(url.replaceAll('&amp;', '&'));
      if (id === null || id < 0) return '';
      return `<figure class="photo" data-media-id="${id}"><img src="/media/${photoKeys.get(id) ?? ''}"${rest}</figure>`;
    });
  }

  async function writeItem(tx: Repositories, p: Planned, mediaId: (url: string) => number | null): Promise<string[]> {
    const { item } = p;
    const body = placePhotos(item.bodyHtml, mediaId);
    if (p.update) return rewrite(tx, p, p.update, body, mediaId);
    if (item.kind === 'page') return writePage(tx, item, body);
    const sub = await ensurePlace(tx, p.place);
    const draft = articleDraft(item, sub, taxonomy, body, item.featured ? mediaId(item.featured.url) : null, p.keepId, source);
    const result = await createArticle(tx, draft, item.createdAt);
    const path = articlePath({ id: result.id, subsectionId: sub.id, publishedAt: item.publishedAt ?? item.createdAt, slug: draft.seo?.slug ?? '' }, sections, deps.time);
    if (item.status === 'private' || item.status === 'password') {
      await tx.collaboration.addNote({ articleId: result.id, userId: null, body: `Imported as a draft: it was ${item.status === 'private' ? 'private' : 'password-protected'} on the old site.`, createdAt: item.createdAt });
      summary.heldBack++;
    }
    if (item.membersOnly) summary.membersOnly++;
    if (draft.status === 'published') summary.redirects += await itemRedirects(tx, header, item, path);
    await tx.importLedger.put({ source, kind: 'post', sourceId: item.sourceId, targetId: result.id, fingerprint: item.fingerprint });
    summary.created.articles++;
    return []; // createArticle logged what the article invalidates
  }

  async function rewrite(tx: Repositories, p: Planned, at: { id: number; version: number }, body: string, mediaId: (url: string) => number | null): Promise<string[]> {
    const { item } = p;
    const gone = 'changed in the export, and edited here while the import ran (the version here is kept)';
    if (item.kind === 'page') {
      const page = await tx.pages.findById(at.id);
      const version = page ? await updatePage(tx, at.id, at.version, item, page.slug, body) : undefined;
      if (version === undefined) {
        skip(gone);
        return [];
      }
      if (item.status === 'published') summary.redirects += await itemRedirects(tx, header, item, `/pages/${(page as { slug: string }).slug}/`);
      await tx.importLedger.put({ source, kind: 'page', sourceId: item.sourceId, targetId: at.id, fingerprint: ledgerPrint(item.fingerprint, version) });
      summary.updated++;
      return [];
    }
    const sub = await ensurePlace(tx, p.place);
    const draft = articleDraft(item, sub, taxonomy, body, item.featured ? mediaId(item.featured.url) : null, p.keepId, source);
    const result = await updateArticle(tx, at.id, at.version, draft, sub, item.modifiedAt);
    if (!result) {
      skip(gone);
      return [];
    }
    if (draft.status === 'published') {
      const path = articlePath({ id: at.id, subsectionId: sub.id, publishedAt: draft.publishedAt as number, slug: draft.seo?.slug ?? '' }, sections, deps.time);
      summary.redirects += await itemRedirects(tx, header, item, path);
    }
    await tx.importLedger.put({ source, kind: 'post', sourceId: item.sourceId, targetId: at.id, fingerprint: ledgerPrint(item.fingerprint, result.version) });
    summary.updated++;
    return [];
  }

  function skip(why: string): void {
    summary.skipped[why] = (summary.skipped[why] ?? 0) + 1;
  }

  async function writePage(tx: Repositories, item: ArchiveItem, body: string): Promise<string[]> {
    let slug = usableSlug(item.slug, item.title, `page-${item.sourceId}`);
    for (let n = 2; await tx.pages.findBySlug(slug); n++) slug = `${usableSlug(item.slug, item.title, `page-${item.sourceId}`)}-${n}`;
    const status = item.status === 'published' ? 'published' : 'draft';
    const title = item.title.trim() || '(untitled)';
    const bodyHtml = sanitizeBody(body);
    const id = await tx.pages.create({ slug, title, bodyHtml, status, at: item.modifiedAt, userId: null });
    await tx.pages.addRevision({ pageId: id, version: 1, title, bodyHtml, userId: null, createdAt: item.modifiedAt });
    if (status === 'published') summary.redirects += await itemRedirects(tx, header, item, `/pages/${slug}/`);
    await tx.importLedger.put({ source, kind: 'page', sourceId: item.sourceId, targetId: id, fingerprint: item.fingerprint });
    summary.created.pages++;
    return [cacheKeys.page(id)];
  }

  const categoryName = new Map(header.categories.map((c) => [c.slug, c.name]));
  const ownPlace = (s: string, sub: string): Place => ({ path: `${s}/${sub}`, sectionName: categoryName.get(s) ?? s, subName: categoryName.get(sub) ?? sub });

  // The items: planned and checked one by one (the same rules the write applies), written in batches.
  let batch: Planned[] = [];
  let done = 0;
  let latest = 0;
  for await (const item of archive.items()) {
    latest = Math.max(latest, item.modifiedAt);
    const known = await storage.importLedger.find(source, item.kind, item.sourceId);
    const check = known && readPrint(known.fingerprint).hash !== item.fingerprint ? await canUpdate(storage, known, item) : undefined;
    if (known && (!check || !check.ok)) {
      if (!check) summary.unchanged++;
      else if (!check.ok) skip(check.why);
      deps.progress?.(++done, header.itemCount);
      continue;
    }
    const own = item.kind === 'post' ? item.oldPaths.map((o) => OWN_SHAPE.exec(o)).find((m) => m !== null) : undefined;
    const ownId = own ? Number(own[4]) : undefined;
    const keepId = ownId !== undefined && (check?.ok ? check.id === ownId : !(await storage.articles.findForEdit(ownId))) ? ownId : undefined;
    const planned: Planned = { item, place: own ? ownPlace(own[1] as string, own[2] as string) : place(item), keepId, ...(check?.ok ? { update: { id: check.id, version: check.version } } : {}) };
    batch.push(planned);
    if (batch.length >= batchSize) {
      await writeBatch(batch);
      done += batch.length;
      deps.progress?.(done, header.itemCount);
      batch = [];
    }
  }
  if (batch.length > 0) {
    await writeBatch(batch);
    done += batch.length;
    deps.progress?.(done, header.itemCount);
  }
  if (options.dryRun) summary.created.sections += new Set([...wouldCreate].flatMap((p) => [p, p.split('/')[0] as string])).size - [...new Set([...wouldCreate].map((p) => p.split('/')[0] as string))].filter((s) => sections.byPath(s)).length;
  else summary.redirects += await listingRedirects(storage, archive, taxonomy, sections, place, latest);
  return summary;
}

/** The article an archive post becomes (also what the check phase validates). */
export function articleDraft(item: ArchiveItem, sub: Section, taxonomy: Taxonomy, bodyHtml: string, leadMediaId: number | null, keepId: number | undefined, source: string): ArticleDraft {
  const status = item.status === 'published' ? 'published' : item.status === 'scheduled' ? 'scheduled' : 'draft';
  const cut = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1).replace(/\s+\S*$/, '')}…`);
  const featured = item.featured;
  const tagIds = [...new Set(item.tagKeys.map((k) => taxonomy.tagIds.get(k)).filter((x): x is number => x !== undefined))].slice(0, ARTICLE_LIMITS.tags);
  const authorIds = [...new Set(item.authorKeys.map((k) => taxonomy.authorIds.get(k)).filter((x): x is number => x !== undefined))].slice(0, ARTICLE_LIMITS.authors);
  return {
    ...(keepId !== undefined ? { id: keepId } : {}),
    status,
    subsection: sub,
    headline: cut(item.title.trim() || '(untitled)', ARTICLE_LIMITS.headline),
    summary: cut(item.excerpt.replace(/<[^>]*>/g, '').trim(), ARTICLE_LIMITS.summary),
    bodyHtml,
    dateline: '',
    leadMediaId: leadMediaId !== null && leadMediaId >= 0 ? leadMediaId : null,
    leadCaption: featured?.caption ? cut(featured.caption, ARTICLE_LIMITS.caption) : null,
    leadCredit: null,
    leadAlt: featured?.alt ? cut(featured.alt, ARTICLE_LIMITS.alt) : null,
    seriesId: null,
    isTopStory: false,
    publishedAt: status === 'published' ? item.publishedAt ?? item.createdAt : null,
    scheduledFor: status === 'scheduled' ? item.publishedAt : null,
    tagIds,
    authorIds,
    sourceKey: `${source}:post:${item.sourceId}`,
    revisionKind: 'import',
    updates: [],
    ...(item.membersOnly ? { access: 'members' as const } : {}),
    seo: {
      slug: keepId !== undefined ? '' : usableSlug(item.slug, item.title, ''),
      title: cut(item.seo.title, 120),
      description: cut(item.seo.description, 320),
      socialTitle: cut(item.seo.socialTitle, 120),
      socialDescription: cut(item.seo.socialDescription, 320),
      socialMediaId: null,
    },
  };
}

/** Every rule the write applies, on one item, without writing (the check phase). */
export function checkItem(item: ArchiveItem, sub: Section, taxonomy: Taxonomy, source: string): void {
  const draft = articleDraft(item, sub, taxonomy, item.bodyHtml.replace(/data-import-src="[^"]*"/g, 'data-media-id="1"'), null, undefined, source);
  normalizeContent({ ...draft, subsectionId: sub.id, tagIds: [], authorIds: [] }, new SectionIndex([sub]));
}

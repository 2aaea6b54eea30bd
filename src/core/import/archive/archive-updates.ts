import { SectionIndex } from '../../content/article-path.ts';
import { articleInvalidations, cacheKeys } from '../../content/cache-keys.ts';
import type { ArticleDraft } from '../../content/create-article.ts';
import { sanitizeBody } from '../../content/sanitize.ts';
import type { Section } from '../../content/types.ts';
import { contentOf, normalizeContent } from '../../newsroom/article-content.ts';
import type { Repositories } from '../../ports.ts';
import type { LedgerEntry } from './archive-ports.ts';
import type { ArchiveItem } from './archive-model.ts';

/*
 * An item imported before and changed in the export since: it is brought up to date when nobody has
 * touched it here (its version is still the one the import wrote), as a revision labelled "import";
 * an article the newsroom has edited, or whose status moved on, is left alone and reported.
 */

/** The ledger's fingerprint: the export's hash, and the version the import left the item at. */
export function ledgerPrint(hash: string, version: number): string {
  return version === 1 ? hash : `${hash}@${version}`;
}

export function readPrint(print: string): { hash: string; version: number } {
  const [hash = '', version = '1'] = print.split('@');
  return { hash, version: Number(version) };
}

export type UpdateCheck = { readonly ok: true; readonly id: number; readonly version: number } | { readonly ok: false; readonly why: string };

/** Whether a changed item may be updated: the row the import wrote must be as the import left it. */
export async function canUpdate(repos: Pick<Repositories, 'articles' | 'pages'>, known: LedgerEntry, item: ArchiveItem): Promise<UpdateCheck> {
  const { version } = readPrint(known.fingerprint);
  const current = item.kind === 'post' ? await repos.articles.findForEdit(known.targetId) : await repos.pages.findById(known.targetId);
  if (!current) return { ok: false, why: 'changed in the export, but deleted here since it was imported' };
  if (current.version !== version) return { ok: false, why: 'changed in the export, and edited here since it was imported (the version here is kept)' };
  if (item.kind === 'post') {
    const wanted = item.status === 'published' ? 'published' : item.status === 'scheduled' ? 'scheduled' : 'draft';
    if ((current as { status: string }).status !== wanted) return { ok: false, why: 'changed status in the export since it was imported (change it in the newsroom)' };
  }
  return { ok: true, id: known.targetId, version };
}

/** Rewrites an imported article's content from its changed export item; returns the new version and what it invalidates. */
export async function updateArticle(tx: Repositories, id: number, version: number, draft: ArticleDraft, sub: Section, at: number): Promise<{ version: number; invalidates: string[] } | undefined> {
  const content = normalizeContent({ ...draft, subsectionId: sub.id, tagIds: [...draft.tagIds], authorIds: [...draft.authorIds] }, new SectionIndex([sub]));
  const next = await tx.articles.updateContent(id, version, content, at);
  if (next === undefined) return undefined;
  await tx.revisions.add({ articleId: id, version: next, kind: 'import', status: draft.status, userId: null, note: 'Updated from the archive export', createdAt: at, content: contentOf(content) });
  const publishedAt = draft.publishedAt;
  const invalidates = publishedAt !== null
    ? articleInvalidations([{ id, sectionId: content.sectionId, subsectionId: content.subsectionId, seriesId: content.seriesId, tagIds: content.tagIds, authorIds: content.authorIds, publishedAt }])
    : [];
  await tx.invalidations.append(invalidates, at);
  return { version: next, invalidates };
}

/** Rewrites an imported page's title and body. */
export async function updatePage(tx: Repositories, id: number, version: number, item: ArchiveItem, slug: string, bodyHtml: string): Promise<number | undefined> {
  const title = item.title.trim() || '(untitled)';
  const body = sanitizeBody(bodyHtml);
  const status = item.status === 'published' ? 'published' : 'draft';
  const next = await tx.pages.update(id, version, { slug, title, bodyHtml: body, status, at: item.modifiedAt, userId: null });
  if (next === undefined) return undefined;
  await tx.pages.addRevision({ pageId: id, version: next, title, bodyHtml: body, userId: null, createdAt: item.modifiedAt });
  await tx.invalidations.append([cacheKeys.page(id)], item.modifiedAt);
  return next;
}

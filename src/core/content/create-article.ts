import { BroadsheetError } from '../errors.ts';
import type { Repositories } from '../ports.ts';
import { articleInvalidations } from './cache-keys.ts';
import { teaserFor } from './excerpt.ts';
import { htmlToText, sanitizeBody } from './sanitize.ts';
import type { NewArticle, Section, UpdateKind } from './types.ts';

/** Field limits, shared by every way an article is written (importer, seed, newsroom). */
export const ARTICLE_LIMITS = Object.freeze({
  headline: 300,
  summary: 1000,
  dateline: 120,
  bodyHtml: 500_000,
  caption: 1000,
  credit: 200,
  alt: 400,
  tags: 20,
  authors: 10,
  updateNote: 2000,
});

/**
 * What a writer hands over: the stored fields minus those derived here (section from the
 * sub-section, teaser, timestamps), plus the public history to record with it.
 * `bodyHtml` is untrusted; it is sanitized here.
 */
export type ArticleDraft = Omit<NewArticle, 'sectionId' | 'subsectionId' | 'teaser' | 'updatedAt' | 'createdAt'> & {
  readonly subsection: Section;
  readonly updates: readonly { readonly kind: UpdateKind; readonly note: string; readonly at: number }[];
};

function check(field: string, ok: boolean, detail: string): void {
  if (!ok) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field, detail });
}

/** Validates every field of a draft; throws BS_ERR_CONTENT_INVALID naming the first bad field. */
export function validateDraft(draft: ArticleDraft): void {
  const L = ARTICLE_LIMITS;
  check('headline', draft.headline.trim().length > 0, 'is required');
  check('headline', draft.headline.length <= L.headline, `at most ${L.headline} characters`);
  check('summary', draft.summary.length <= L.summary, `at most ${L.summary} characters`);
  check('dateline', draft.dateline.length <= L.dateline, `at most ${L.dateline} characters`);
  check('body', draft.bodyHtml.length <= L.bodyHtml, `at most ${L.bodyHtml} characters`);
  check('leadCaption', (draft.leadCaption ?? '').length <= L.caption, `at most ${L.caption} characters`);
  check('leadCredit', (draft.leadCredit ?? '').length <= L.credit, `at most ${L.credit} characters`);
  check('leadAlt', (draft.leadAlt ?? '').length <= L.alt, `at most ${L.alt} characters`);
  check('tags', draft.tagIds.length <= L.tags, `at most ${L.tags} tags`);
  check('authors', draft.authorIds.length <= L.authors, `at most ${L.authors} bylines`);
  check('tags', new Set(draft.tagIds).size === draft.tagIds.length, 'a tag is listed twice');
  check('authors', new Set(draft.authorIds).size === draft.authorIds.length, 'an author is listed twice');
  check('section', draft.subsection.parentId !== null, 'an article belongs to a sub-section');
  check(
    'publishedAt',
    draft.status !== 'published' || draft.publishedAt !== null,
    'a published article needs its publication time',
  );
  for (const u of draft.updates) check('updates', u.note.length <= L.updateNote, `notes at most ${L.updateNote} characters`);
}

/**
 * Creates an article inside the caller's transaction: validate → sanitize → write →
 * record its history → log what it invalidates. Returns the id and the invalidated keys.
 */
export async function createArticle(
  tx: Repositories,
  draft: ArticleDraft,
  now: number,
): Promise<{ id: number; invalidates: string[] }> {
  validateDraft(draft);
  const bodyHtml = sanitizeBody(draft.bodyHtml);
  const updates = [...draft.updates].sort((a, b) => a.at - b.at);
  const lastUpdate = updates.at(-1);
  const id = await tx.articles.create({
    status: draft.status,
    sectionId: draft.subsection.parentId as number,
    subsectionId: draft.subsection.id,
    headline: draft.headline.trim(),
    summary: draft.summary.trim(),
    bodyHtml,
    teaser: teaserFor(draft.summary, htmlToText(bodyHtml)),
    dateline: draft.dateline.trim(),
    leadMediaId: draft.leadMediaId,
    leadCaption: draft.leadCaption,
    leadCredit: draft.leadCredit,
    leadAlt: draft.leadAlt,
    seriesId: draft.seriesId,
    isTopStory: draft.isTopStory,
    publishedAt: draft.publishedAt,
    updatedAt: lastUpdate ? lastUpdate.at : null,
    createdAt: now,
    tagIds: draft.tagIds,
    authorIds: draft.authorIds,
    sourceKey: draft.sourceKey,
  });
  for (const u of updates) await tx.articles.addUpdate(id, u);
  const invalidates =
    draft.status === 'published'
      ? articleInvalidations([
          {
            id,
            sectionId: draft.subsection.parentId as number,
            subsectionId: draft.subsection.id,
            seriesId: draft.seriesId,
            tagIds: draft.tagIds,
            authorIds: draft.authorIds,
            publishedAt: draft.publishedAt as number,
          },
        ])
      : [];
  await tx.invalidations.append(invalidates, now);
  return { id, invalidates };
}

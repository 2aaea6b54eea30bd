import { BroadsheetError } from '../errors.ts';
import { contentOf, normalizeContent } from '../newsroom/article-content.ts';
import type { Repositories, RevisionKind } from '../ports.ts';
import { SectionIndex } from './article-path.ts';
import { articleInvalidations } from './cache-keys.ts';
import { ARTICLE_LIMITS } from './limits.ts';
import { plainText } from './plain-text.ts';
import type { NewArticle, Section, UpdateKind } from './types.ts';


/**
 * What a writer hands over: the stored fields minus those derived here (section from the
 * sub-section, teaser, timestamps), plus the public history to record with it.
 * `bodyHtml` is untrusted; it is sanitized here.
 */
export type ArticleDraft = Omit<NewArticle, 'sectionId' | 'subsectionId' | 'teaser' | 'updatedAt' | 'createdAt'> & {
  readonly subsection: Section;
  readonly updates: readonly { readonly kind: UpdateKind; readonly note: string; readonly at: number }[];
  readonly createdBy?: number | null;
  readonly scheduledFor?: number | null;
  /** How the first revision is labelled: written in the newsroom, or imported. */
  readonly revisionKind?: Extract<RevisionKind, 'create' | 'import'>;
};

function check(field: string, ok: boolean, detail: string): void {
  if (!ok) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field, detail });
}

/**
 * Creates an article inside the caller's transaction: validate → sanitize → write → first
 * revision and public history → log what it invalidates. Returns the id and the keys.
 */
export async function createArticle(
  tx: Repositories,
  draft: ArticleDraft,
  now: number,
): Promise<{ id: number; invalidates: string[] }> {
  // validate
  const content = normalizeContent(
    {
      headline: draft.headline,
      summary: draft.summary,
      bodyHtml: draft.bodyHtml,
      dateline: draft.dateline,
      subsectionId: draft.subsection.id,
      tagIds: draft.tagIds,
      authorIds: draft.authorIds,
      seriesId: draft.seriesId,
      leadMediaId: draft.leadMediaId,
      leadCaption: draft.leadCaption,
      leadCredit: draft.leadCredit,
      leadAlt: draft.leadAlt,
      isTopStory: draft.isTopStory,
      ...(draft.seo ? { seo: draft.seo } : {}),
    },
    new SectionIndex([draft.subsection]),
  );
  check('tags', new Set(draft.tagIds).size === draft.tagIds.length, 'a tag is listed twice');
  check('authors', new Set(draft.authorIds).size === draft.authorIds.length, 'an author is listed twice');
  check('publishedAt', draft.status !== 'published' || draft.publishedAt !== null, 'a published article needs its publication time');
  for (const u of draft.updates) plainText('updates', u.note, { max: ARTICLE_LIMITS.updateNote });

  // write
  const updates = [...draft.updates].sort((a, b) => a.at - b.at);
  const lastUpdate = updates.at(-1);
  const id = await tx.articles.create({
    ...content,
    status: draft.status,
    publishedAt: draft.publishedAt,
    updatedAt: lastUpdate ? lastUpdate.at : null,
    createdAt: now,
    sourceKey: draft.sourceKey,
    ...(draft.id !== undefined ? { id: draft.id } : {}),
    ...(draft.access ? { access: draft.access } : {}),
    createdBy: draft.createdBy ?? null,
    scheduledFor: draft.scheduledFor ?? null,
  });

  // revision and history
  await tx.revisions.add({
    articleId: id,
    version: 1,
    kind: draft.revisionKind ?? 'create',
    status: draft.status,
    userId: draft.createdBy ?? null,
    note: '',
    createdAt: now,
    content: contentOf(content),
  });
  for (const u of updates) await tx.articles.addUpdate(id, u);

  // side effects: what changed for readers
  const invalidates =
    draft.status === 'published'
      ? articleInvalidations([
          {
            id,
            sectionId: content.sectionId,
            subsectionId: content.subsectionId,
            seriesId: content.seriesId,
            tagIds: content.tagIds,
            authorIds: content.authorIds,
            publishedAt: draft.publishedAt as number,
          },
        ])
      : [];
  await tx.invalidations.append(invalidates, now);
  return { id, invalidates };
}

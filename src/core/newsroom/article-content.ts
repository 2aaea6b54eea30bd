import { SectionIndex } from '../content/article-path.ts';
import { normalizeSeo, type ArticleSeo } from '../content/article-seo.ts';
import { ARTICLE_LIMITS } from '../content/limits.ts';
import { teaserFor } from '../content/excerpt.ts';
import { plainText } from '../content/plain-text.ts';
import { htmlToText, sanitizeBody } from '../content/sanitize.ts';
import type { ArticleAccess, ArticleStatus } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';

/** The fields an editor changes; a revision stores exactly this. */
export interface ArticleContent {
  readonly headline: string;
  readonly summary: string;
  /** Sanitized HTML once it has been through `normalizeContent`. */
  readonly bodyHtml: string;
  readonly dateline: string;
  readonly subsectionId: number;
  readonly tagIds: readonly number[];
  readonly authorIds: readonly number[];
  readonly seriesId: number | null;
  readonly leadMediaId: number | null;
  readonly leadCaption: string | null;
  readonly leadCredit: string | null;
  readonly leadAlt: string | null;
  readonly isTopStory: boolean;
  /**
   * Slug, search and social presentation. Absent in a save means "as it is" (an API client that does
   * not know the fields keeps them); older revisions lack it and read as empty.
   */
  readonly seo?: ArticleSeo;
}

/** What the newsroom reads to edit an article: content plus its workflow state. */
export interface EditableArticle {
  readonly id: number;
  readonly content: ArticleContent;
  readonly status: ArticleStatus;
  readonly version: number;
  readonly publishedAt: number | null;
  readonly updatedAt: number | null;
  readonly scheduledFor: number | null;
  readonly createdBy: number | null;
  readonly createdAt: number;
  readonly modifiedAt: number;
  /** Who may read it once published (set apart from content: core/newsroom/reading-access.ts). */
  readonly access: ArticleAccess;
}

/** Content as stored: with the section derived from the sub-section and the list teaser. */
export interface StoredContent extends ArticleContent {
  readonly seo: ArticleSeo;
  readonly sectionId: number;
  readonly teaser: string;
}

export const CONTENT_FIELDS = [
  'headline', 'summary', 'bodyHtml', 'dateline', 'subsectionId', 'tagIds', 'authorIds', 'seriesId',
  'leadMediaId', 'leadCaption', 'leadCredit', 'leadAlt', 'isTopStory', 'seo',
] as const satisfies readonly (keyof ArticleContent)[];

function invalid(field: string, detail: string): never {
  throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field, detail });
}

function text(field: string, value: string, max: number, required = false): string {
  return plainText(field, value, { max, required });
}

function optionalText(field: string, value: string | null, max: number): string | null {
  if (value === null) return null;
  const t = text(field, value, max);
  return t === '' ? null : t;
}

/**
 * Checks every field against the limits and returns the content as it will be stored:
 * trimmed, body sanitized, ids de-duplicated. Throws BS_ERR_CONTENT_INVALID naming the field.
 */
export function normalizeContent(input: ArticleContent, sections: SectionIndex): StoredContent {
  const L = ARTICLE_LIMITS;
  const headline = text('headline', input.headline, L.headline, true);
  const summary = text('summary', input.summary, L.summary);
  const dateline = text('dateline', input.dateline, L.dateline);
  if (input.bodyHtml.length > L.bodyHtml) invalid('body', `at most ${L.bodyHtml} characters of HTML`);
  const bodyHtml = sanitizeBody(input.bodyHtml);
  const sub = sections.byId(input.subsectionId);
  if (!sub || sub.parentId === null) invalid('section', 'choose a sub-section');
  if (input.tagIds.length > L.tags) invalid('tags', `at most ${L.tags} tags`);
  if (input.authorIds.length > L.authors) invalid('bylines', `at most ${L.authors} bylines`);
  return {
    headline,
    summary,
    bodyHtml,
    dateline,
    subsectionId: sub.id,
    sectionId: sub.parentId,
    tagIds: [...new Set(input.tagIds)],
    authorIds: [...new Set(input.authorIds)],
    seriesId: input.seriesId,
    leadMediaId: input.leadMediaId,
    leadCaption: optionalText('caption', input.leadCaption, L.caption),
    leadCredit: optionalText('credit', input.leadCredit, L.credit),
    leadAlt: optionalText('alt text', input.leadAlt, L.alt),
    isTopStory: input.isTopStory,
    seo: normalizeSeo(input.seo as Partial<ArticleSeo> | undefined),
    teaser: teaserFor(summary, htmlToText(bodyHtml)),
  };
}

/** Just the editable fields of stored content (what a revision keeps). */
export function contentOf(stored: ArticleContent): ArticleContent {
  const out: Record<string, unknown> = {};
  for (const f of CONTENT_FIELDS) out[f] = stored[f];
  return out as unknown as ArticleContent;
}

/** Names of the fields that differ. */
export function changedFields(a: ArticleContent, b: ArticleContent): (keyof ArticleContent)[] {
  return CONTENT_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}

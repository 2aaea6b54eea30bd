import type { ArticleSummary, Author, Series, Tag } from '../content/types.ts';

/** What the Content API may order articles by: publication or last change, either way. */
export const ARTICLE_ORDERS = ['published_desc', 'published_asc', 'updated_desc', 'updated_asc'] as const;
export type ArticleOrder = (typeof ARTICLE_ORDERS)[number];

/** A published-articles query: only these filters exist (an allowlist, never a column name from a client). */
export interface ArticleQuery {
  readonly sectionId?: number;
  readonly subsectionId?: number;
  readonly tagId?: number;
  readonly seriesId?: number;
  readonly authorId?: number;
  /** Published at or after / before (UTC ms). */
  readonly publishedFrom?: number;
  readonly publishedBefore?: number;
  /** Last changed at or after / before (UTC ms): `updated_since` for syncing. */
  readonly updatedFrom?: number;
  readonly updatedBefore?: number;
  readonly order: ArticleOrder;
  /** Keyset position: the order key and id of the last item already seen. */
  readonly after?: { readonly at: number; readonly id: number };
  readonly limit: number;
}

export interface ArticleFeedItem extends ArticleSummary {
  /** The last change of any kind (ms): the `updated_*` orders and filters use it. */
  readonly modifiedAt: number;
}

/** Keyset-paged reads of published articles (stable while new articles are published). */
export interface ArticleFeedRepository {
  page(query: ArticleQuery): Promise<ArticleFeedItem[]>;
  /** Tags, bylines and series with at least one published article, and how many (a draft's never show). */
  tagsInUse(): Promise<(Tag & { readonly articles: number })[]>;
  authorsInUse(): Promise<(Author & { readonly articles: number })[]>;
  seriesInUse(): Promise<(Series & { readonly articles: number })[]>;
}

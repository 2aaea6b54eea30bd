/** The content model: plain data shared by every layer. Instants are UTC milliseconds. */
import type { ArticleSeo } from './article-seo.ts';

export const ARTICLE_STATUSES = ['draft', 'in_review', 'scheduled', 'published', 'unpublished'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** A section or a sub-section (parentId set). `path` is "politics" or "politics/politics-government". */
export interface Section {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  readonly parentId: number | null;
  readonly position: number;
  readonly path: string;
  readonly description: string;
}

export interface Tag {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  /** Shown under the name on the tag page; empty for most tags. */
  readonly description?: string;
}

export interface Series {
  readonly id: number;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
}

export interface Author {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  /** Shown after the name in a byline, e.g. "Staff Writer". */
  readonly title: string;
}

/** What an author page shows beyond the byline: a short biography and a portrait. */
export interface AuthorProfile extends Author {
  readonly bio: string;
  readonly photo: MediaAsset | null;
}

/** One resized rendition of an image. */
export interface ImageVariant {
  readonly width: number;
  readonly height: number;
  readonly key: string;
  readonly mime: string;
}

/** Renditions cut around a photo's focal point: 16:9 for lists and lead images, 1.91:1 for shared links. */
export interface MediaCrops {
  readonly wide?: readonly ImageVariant[];
  readonly card?: ImageVariant;
}

export interface MediaAsset {
  /** Where the subject is, per mille of width and height (500/500 is the centre): crops keep it in frame. */
  readonly focal?: { readonly x: number; readonly y: number };
  readonly crops?: MediaCrops;
  readonly id: number;
  readonly key: string;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
  readonly variants: readonly ImageVariant[];
}

/** The photo at the top of an article: the asset plus this article's caption, credit and alt text. */
export interface LeadImage {
  readonly media: MediaAsset;
  readonly caption: string;
  readonly credit: string;
  readonly alt: string;
}

export const UPDATE_KINDS = ['update', 'correction'] as const;
export type UpdateKind = (typeof UPDATE_KINDS)[number];

/** An entry in an article's public history; "(Update N)" counts the `update` entries. */
export interface ArticleUpdate {
  readonly id: number;
  readonly kind: UpdateKind;
  readonly note: string;
  readonly at: number;
}

/** What a list item needs: enough for a headline, label, excerpt, date and thumbnail. */
export interface ArticleSummary {
  readonly id: number;
  readonly headline: string;
  /** The URL slug ('' for none): /{section}/{sub}/{date}-{id}/{slug}/. */
  readonly slug: string;
  /** Plain text the list excerpt is cut from (the dek, else the body's opening). */
  readonly teaser: string;
  readonly sectionId: number;
  readonly subsectionId: number;
  readonly seriesId: number | null;
  /** Shown before the headline in lists: "Series Title / Headline". */
  readonly seriesTitle: string | null;
  readonly publishedAt: number;
  readonly updatedAt: number | null;
  readonly updateCount: number;
  readonly isTopStory: boolean;
  readonly thumbnail: MediaAsset | null;
  /** Who may read the body; a walled article's teaser comes from its dek only (content/excerpt.ts). */
  readonly access: ArticleAccess;
}

/** A published article with everything its page shows. */
export interface Article extends ArticleSummary {
  readonly summary: string;
  /** Sanitized HTML (see docs/decisions/002-article-body-format.md). */
  readonly bodyHtml: string;
  readonly dateline: string;
  readonly lead: LeadImage | null;
  readonly tags: readonly Tag[];
  readonly authors: readonly Author[];
  readonly series: Series | null;
  readonly updates: readonly ArticleUpdate[];
  readonly seo: ArticleSeo;
  /** The photo a shared link shows, when the editor chose one other than the lead. */
  readonly socialImage: MediaAsset | null;
}

/** Which published articles a list shows. */
export type ListScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'top' }
  | { readonly kind: 'section'; readonly id: number }
  | { readonly kind: 'subsection'; readonly id: number }
  | { readonly kind: 'tag'; readonly id: number }
  | { readonly kind: 'series'; readonly id: number }
  | { readonly kind: 'author'; readonly id: number };

export interface ListPage<T> {
  readonly items: readonly T[];
  readonly total: number;
}

/** What the ranking needs to know of a published article to place it in scoped lists. */
export interface RankingMeta {
  readonly id: number;
  readonly sectionId: number;
  readonly subsectionId: number;
  readonly seriesId: number | null;
  readonly tagIds: readonly number[];
  readonly authorIds: readonly number[];
  readonly publishedAt: number;
}

/** Input for creating an article (importer, demo seed and, later, the newsroom). */
export interface NewArticle {
  readonly status: ArticleStatus;
  readonly sectionId: number;
  readonly subsectionId: number;
  readonly headline: string;
  readonly summary: string;
  readonly bodyHtml: string;
  readonly teaser: string;
  readonly dateline: string;
  readonly leadMediaId: number | null;
  readonly leadCaption: string | null;
  readonly leadCredit: string | null;
  readonly leadAlt: string | null;
  readonly seriesId: number | null;
  readonly isTopStory: boolean;
  readonly publishedAt: number | null;
  readonly updatedAt: number | null;
  readonly createdAt: number;
  readonly tagIds: readonly number[];
  readonly authorIds: readonly number[];
  /** Identity of an imported source, so a second import of the same page finds the first. */
  readonly sourceKey: string | null;
  /** Slug and search/social presentation; empty when absent. */
  readonly seo?: ArticleSeo;
  /** An id the article must keep (an archive whose URLs already carry it); generated when absent. */
  readonly id?: number;
  /** Who may read it: everyone (the default), members, or paying members. */
  readonly access?: ArticleAccess;
}

/** Who may read an article: everyone, signed-in members, or members with a paid (or complimentary) plan. */
export const ARTICLE_ACCESS = ['public', 'members', 'paid'] as const;
export type ArticleAccess = (typeof ARTICLE_ACCESS)[number];

export function isArticleAccess(value: unknown): value is ArticleAccess {
  return typeof value === 'string' && (ARTICLE_ACCESS as readonly string[]).includes(value);
}

export interface NewMediaAsset {
  readonly key: string;
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly sha256: string;
  readonly alt: string;
  readonly caption: string;
  readonly credit: string;
  readonly variants: readonly ImageVariant[];
  readonly crops?: MediaCrops;
  readonly createdAt: number;
}

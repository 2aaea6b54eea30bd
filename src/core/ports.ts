/**
 * The interfaces core needs from the outside world. Storage adapters implement them
 * (SQLite and PostgreSQL pass the same contract suite); core never knows which one it has.
 */
import type { Article, ArticleSummary, ArticleUpdate, Author, ImageVariant, ListPage, ListScope, MediaAsset, NewArticle, NewMediaAsset, RankingMeta, Section, Series, Tag, UpdateKind, AuthorProfile, MediaCrops } from './content/types.ts';

import type { ArticleContent, EditableArticle, StoredContent } from './newsroom/article-content.ts';
import type { ArticleAccess, ArticleStatus } from './content/types.ts';
import type { MenuRepository, PageRepository, RedirectRepository } from './pages/page-ports.ts';
import type { ImportLedgerRepository } from './import/archive/archive-ports.ts';
import type { ArticleFeedRepository } from './api/content-api-ports.ts';
import type { ApiKeyRepository } from './api/api-key-ports.ts';
import type { AccessTokenRepository, IdempotencyRepository } from './api/access-token-ports.ts';
import type { WebhookRepository } from './webhooks/webhook-ports.ts';
import type { MemberRepository } from './members/member-ports.ts';
import type { NewsletterRepository } from './newsletters/newsletter-ports.ts';
import type { PlanRepository } from './members/plan-ports.ts';
import type { CollaborationRepository } from './newsroom/collaboration-ports.ts';

import type { ParsedQuery } from './search/search-query.ts';
import type { OneTimeTokenRepository, SessionRepository, ThrottleRepository, UserRepository } from './access/account-ports.ts';
import type { RankingControlRepository, ViewRepository } from './ranking/ranking-ports.ts';

export interface Clock {
  /** Milliseconds since the epoch, UTC. */
  now(): number;
}

export interface NewSection {
  readonly slug: string;
  readonly name: string;
  readonly parentId: number | null;
  readonly position: number;
  readonly description: string;
}

export interface SectionRepository {
  /** All sections and sub-sections, ordered by position. */
  listAll(): Promise<Section[]>;
  create(input: NewSection): Promise<Section>;
  /** Renames a section or changes its description (slugs, and so URLs, stay). */
  update(id: number, patch: { name: string; description: string }): Promise<void>;
  setPosition(id: number, position: number): Promise<void>;
  /** Deletes an empty section (no sub-sections, no articles); false when it is not empty. */
  removeEmpty(id: number): Promise<boolean>;
}

export interface TagRepository {
  findBySlug(slug: string): Promise<Tag | undefined>;
  findByIds(ids: readonly number[]): Promise<Tag[]>;
  /** Tags whose name contains `query` (all when empty), by name, with how many articles use each. */
  search(query: string, limit: number): Promise<(Tag & { readonly articles: number })[]>;
  rename(id: number, name: string): Promise<void>;
  /** The tag with this slug, created with `name` if there is none. */
  ensure(slug: string, name: string): Promise<Tag>;
  describe(id: number, description: string): Promise<void>;
  /** Moves every article of `from` to `into` (once each), keeps `from`'s slug as an alias of `into`, deletes `from`. */
  merge(from: number, into: number): Promise<void>;
  /** Takes the tag off every article and deletes it. */
  remove(id: number): Promise<void>;
  /** The tag a merged tag's old slug now points to. */
  aliasOf(slug: string): Promise<Tag | undefined>;
}

export interface SeriesRepository {
  findBySlug(slug: string): Promise<Series | undefined>;
  listAll(): Promise<Series[]>;
  update(id: number, patch: { title: string; description: string }): Promise<void>;
  create(input: { slug: string; title: string; description: string; createdAt: number }): Promise<Series>;
}

export interface AuthorRepository {
  findBySlug(slug: string): Promise<Author | undefined>;
  /** The author with biography and portrait (the author page, the profile form). */
  profile(by: { readonly slug: string } | { readonly id: number }): Promise<AuthorProfile | undefined>;
  updateProfile(id: number, profile: { name: string; title: string; bio: string; photoMediaId: number | null }): Promise<void>;
  listAll(): Promise<Author[]>;
  /** The author with this slug, created with name and title if there is none. */
  ensure(input: { slug: string; name: string; title: string }): Promise<Author>;
}

export interface MediaRepository {
  create(input: NewMediaAsset): Promise<MediaAsset>;
  findById(id: number): Promise<(MediaAsset & { readonly uploadedBy: number | null }) | undefined>;
  /** The asset stored under this key (keys derive from content, so this finds identical images). */
  findByKey(key: string): Promise<MediaAsset | undefined>;
  /** Newest first; `query` matches caption, credit or alt text. */
  list(query: string, options: { limit: number; offset: number; missingAlt?: boolean; uploadedBy?: number }): Promise<ListPage<MediaAsset & { readonly uploadedBy: number | null }>>;
  /** Points the asset at a new file (its id, and so every reference, stays). */
  replaceFile(id: number, file: { key: string; mime: string; width: number; height: number; bytes: number; sha256: string; variants: readonly ImageVariant[]; crops: MediaCrops }): Promise<void>;
  updateMetadata(id: number, meta: { alt: string; caption: string; credit: string }): Promise<void>;
  /** A new focal point and the crops cut around it. */
  setFocal(id: number, focal: { x: number; y: number }, crops: MediaCrops): Promise<void>;
  setUploadedBy(id: number, userId: number): Promise<void>;
}

export interface ListOptions {
  readonly limit: number;
  readonly offset: number;
  /** Leave these ids out (e.g. top stories already shown above the latest list). */
  readonly excludeIds?: readonly number[];
}

/** Reads of published articles, and the writes the importer and demo seed need. */
export interface ArticleRepository {
  /** The article if it is published (embargoed and draft articles are not found). */
  findPublished(id: number): Promise<Article | undefined>;
  /** Published articles in a scope, newest first. */
  list(scope: ListScope, options: ListOptions): Promise<ListPage<ArticleSummary>>;
  /** Published articles among `ids`, in the order given. */
  summaries(ids: readonly number[]): Promise<ArticleSummary[]>;
  /** Section, tag and series membership of the published articles among `ids`. */
  rankingMeta(ids: readonly number[]): Promise<RankingMeta[]>;
  /**
   * Published articles sharing tags or the series with an article, most shared first (the series
   * counts as two tags), then newest; never the article itself.
   */
  relatedByTags(articleId: number, tagIds: readonly number[], seriesId: number | null, limit: number): Promise<number[]>;
  /** Ids of every published article. */
  publishedIds(): Promise<number[]>;
  /** Published articles with published_at in [from, to), oldest first, at most `limit` (sitemaps). */
  publishedBetween(from: number, to: number, limit: number): Promise<ArticleSummary[]>;
  /** When each published article came out and last changed (the sitemap index groups them by month). */
  publishedTimes(): Promise<{ readonly publishedAt: number; readonly updatedAt: number | null }[]>;
  findIdBySourceKey(sourceKey: string): Promise<number | undefined>;
  create(input: NewArticle & { readonly createdBy?: number | null; readonly scheduledFor?: number | null }): Promise<number>;
  /** Any article, whatever its status, as the reader page would show it (for previews). */
  findAny(id: number): Promise<Article | undefined>;
  /** Any article with its workflow state, for the newsroom. */
  findForEdit(id: number): Promise<EditableArticle | undefined>;
  /** The newsroom's article list: any status, filtered, newest change first. */
  listForNewsroom(filter: NewsroomFilter, options: { limit: number; offset: number }): Promise<ListPage<NewsroomListItem>>;
  /**
   * Makes exactly these published articles the top stories, in this order (placement only: no
   * version change).
   */
  setTopStories(ids: readonly number[]): Promise<void>;
  /** Who may read it (core/newsroom/reading-access.ts). */
  setAccess(id: number, access: ArticleAccess): Promise<void>;
  /**
   * Replaces the content if the article is still at `expectedVersion`, bumping the version.
   * Returns the new version, or undefined when someone else saved first (nothing is written then).
   */
  updateContent(id: number, expectedVersion: number, content: StoredContent, at: number, publicUpdateAt?: number): Promise<number | undefined>;
  /** Changes workflow state if still at `expectedVersion`; returns the new version or undefined. */
  updateState(id: number, expectedVersion: number, state: ArticleState, at: number): Promise<number | undefined>;
  /** Ids of published articles whose lead photo is this asset. */
  publishedUsingMedia(mediaId: number): Promise<number[]>;
  /** Scheduled articles whose time has come. */
  dueScheduled(now: number, limit: number): Promise<{ id: number; version: number }[]>;
  addUpdate(articleId: number, update: { kind: UpdateKind; note: string; at: number }): Promise<ArticleUpdate>;
}

export interface NewsroomFilter {
  readonly status?: ArticleStatus;
  /** A section or a sub-section. */
  readonly sectionId?: number;
  readonly authorId?: number;
  /** Articles created by this user or bylined to their author (what contributors and writers see). */
  readonly ownedBy?: { readonly userId: number; readonly authorId: number | null };
  /** Case-insensitive match on the headline. */
  readonly query?: string;
  /** Published at or after / before these instants. */
  readonly publishedFrom?: number;
  readonly publishedBefore?: number;
  /** changed: last change first (the default); published: newest publication first; headline: A to Z. */
  readonly sort?: NewsroomSort;
}

export const NEWSROOM_SORTS = ['changed', 'published', 'headline'] as const;
export type NewsroomSort = (typeof NEWSROOM_SORTS)[number];

export interface NewsroomListItem {
  readonly id: number;
  readonly headline: string;
  readonly status: ArticleStatus;
  readonly subsectionId: number;
  readonly version: number;
  readonly publishedAt: number | null;
  readonly scheduledFor: number | null;
  readonly modifiedAt: number;
  readonly createdBy: number | null;
  readonly authorNames: readonly string[];
  readonly slug: string;
}

/** Workflow fields an article moves through. */
export interface ArticleState {
  readonly status: ArticleStatus;
  readonly publishedAt: number | null;
  readonly updatedAt: number | null;
  readonly scheduledFor: number | null;
}

/** The durable log of "these cache keys changed", read by every process. */
export interface InvalidationLog {
  append(keys: readonly string[], at: number): Promise<void>;
  /** Entries after `afterId`, oldest first. */
  since(afterId: number, limit: number): Promise<{ id: number; keys: string[]; createdAt: number }[]>;
  /** Id of the newest entry (0 when empty). */
  latestId(): Promise<number>;
  prune(before: number): Promise<void>;
}

export const REVISION_KINDS = ['create', 'save', 'autosave', 'status', 'restore', 'conflict', 'import'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

export interface Revision {
  readonly id: number;
  readonly articleId: number;
  /** The article version this revision is (for a conflict: the version the rejected save was based on). */
  readonly version: number;
  readonly kind: RevisionKind;
  readonly status: ArticleStatus;
  readonly userId: number | null;
  readonly userName: string | null;
  readonly note: string;
  readonly createdAt: number;
  readonly content: ArticleContent;
}

export interface RevisionRepository {
  add(revision: Omit<Revision, 'id' | 'userName'>): Promise<number>;
  /** Newest first. */
  list(articleId: number): Promise<Revision[]>;
  get(articleId: number, id: number): Promise<Revision | undefined>;
}

export interface AuditEntry {
  readonly at: number;
  readonly userId: number | null;
  /** e.g. login.ok, login.failed, article.publish, user.role */
  readonly action: string;
  readonly target: string;
  readonly detail: string;
}

/** Who did what, when: append-only. */
export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  recent(limit: number): Promise<(AuditEntry & { readonly id: number })[]>;
}

/** Site settings that live in the database so every process shares them. */
export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  /** Stores `value` unless the key has one already; returns the value that is stored. */
  setIfAbsent(key: string, value: string): Promise<string>;
  /** Stores `value`, replacing any earlier one. */
  put(key: string, value: string): Promise<void>;
}

/** The settings key under which a serving site records the origin it runs at (for the CLI's printed links). */
export const SERVED_URL_SETTING = 'served_public_url';

/** Outgoing mail; the default implementation writes messages to the log (no mail server needed yet). */
export interface Mailer {
  /** True when messages reach the addressee (SMTP); false when they only go to the log. */
  readonly delivers: boolean;
  send(message: MailMessage): Promise<void>;
}

/** A mail: always a plain-text part; an HTML part too where the reader benefits (member mail, newsletters). */
export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** Extra headers (List-Unsubscribe and its one-click partner for newsletters). */
  readonly headers?: Readonly<Record<string, string>>;
  /** A stable Message-ID: a mail sent again after a crash is the same message, which mail systems recognise. */
  readonly messageId?: string;
}

/** A mail the receiving server refused for good (5xx: no such mailbox). */
export function isHardBounce(err: unknown): boolean {
  const code = (err as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** Narrows a search. Instants are UTC ms; `to` is exclusive. */
export interface SearchFilters {
  /** A section or sub-section id. */
  readonly sectionId?: number;
  readonly tagId?: number;
  readonly authorId?: number;
  readonly from?: number;
  readonly to?: number;
}

export type SearchOrder = 'relevance' | 'newest';

export interface SearchRequest {
  readonly query: ParsedQuery;
  readonly filters: SearchFilters;
  readonly order: SearchOrder;
  readonly limit: number;
  readonly offset: number;
  /** Only articles published at or before this instant are found (embargoes hold even if the index lags). */
  readonly now: number;
  /** The phrase window (SEARCH_PHRASE_WINDOW unless configured). */
  readonly phraseWindow?: number;
}

export interface SearchResult {
  readonly total: number;
  readonly hits: readonly SearchHit[];
  /**
   * Set when a quoted phrase was looked for only in the newest SEARCH_PHRASE_WINDOW articles holding
   * all its words, and there were older ones: articles published before this instant were not checked.
   */
  readonly checkedSince?: number;
}

export interface SearchHit {
  readonly articleId: number;
  /**
   * A passage of the body around the matches, plain text, with each match between
   * SNIPPET_MARK_START and SNIPPET_MARK_END (control characters no article text contains).
   */
  readonly snippet: string;
}

/**
 * Full-text search over published articles (SQLite FTS5 or PostgreSQL tsvector behind one
 * contract). The index is kept in step with articles inside the writes' own transactions.
 */
export interface SearchIndex {
  /**
   * One page of matches. `total` is exact up to SEARCH_COUNT_LIMIT and SEARCH_COUNT_LIMIT + 1
   * beyond ("more than 10,000"). Relevance ranks the newest SEARCH_RELEVANCE_WINDOW matches.
   */
  search(request: SearchRequest): Promise<SearchResult>;
  /** Re-reads these articles: published ones are (re)indexed, anything else is removed. */
  refresh(articleIds: readonly number[]): Promise<void>;
  /** Indexes every published article again; returns how many. */
  rebuild(onProgress?: (done: number) => void): Promise<number>;
  /** Documents in the index. */
  count(): Promise<number>;
}

export interface Repositories {
  readonly sections: SectionRepository;
  readonly tags: TagRepository;
  readonly series: SeriesRepository;
  readonly authors: AuthorRepository;
  readonly media: MediaRepository;
  readonly articles: ArticleRepository;
  readonly views: ViewRepository;
  readonly rankingControls: RankingControlRepository;
  readonly invalidations: InvalidationLog;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  readonly tokens: OneTimeTokenRepository;
  readonly throttle: ThrottleRepository;
  readonly revisions: RevisionRepository;
  readonly audit: AuditLog;
  readonly settings: SettingsRepository;
  readonly search: SearchIndex;
  readonly pages: PageRepository;
  readonly menus: MenuRepository;
  readonly collaboration: CollaborationRepository;
  readonly redirects: RedirectRepository;
  readonly importLedger: ImportLedgerRepository;
  readonly articleFeed: ArticleFeedRepository;
  readonly apiKeys: ApiKeyRepository;
  readonly accessTokens: AccessTokenRepository;
  readonly idempotency: IdempotencyRepository;
  readonly webhooks: WebhookRepository;
  readonly members: MemberRepository;
  readonly newsletters: NewsletterRepository;
  readonly plans: PlanRepository;
}

/** The repositories, plus atomic multi-repository writes. */
export interface Storage extends Repositories {
  /** Runs `work` in one transaction: all of its writes land, or none do. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  /** Keeps the query planner's statistics current (at start, after bulk loads, hourly). */
  optimize(): Promise<void>;
  close(): Promise<void>;
}

/** Where media bytes live (local disk by default). */
export interface MediaFiles {
  /** Writes the bytes under `key`; false when the key already existed (same content) and nothing was written. */
  put(key: string, bytes: Buffer): Promise<boolean>;
  read(key: string): Promise<Buffer>;
  remove(key: string): Promise<void>;
}

/** The result of checking and resizing an uploaded or generated image. */
export interface ProcessedImage {
  readonly mime: string;
  readonly width: number;
  readonly height: number;
  readonly original: Buffer;
  readonly extension: string;
  readonly variants: readonly (Omit<ImageVariant, 'key'> & { readonly bytes: Buffer; readonly extension: string })[];
}

export interface ImageProcessor {
  /** Verifies the bytes are an allowed raster image (by content) and makes responsive sizes. */
  process(bytes: Buffer): Promise<ProcessedImage>;
  /**
   * Cuts a stored image to `aspect` around `focal` (0–1 of width and height: as near the centre of
   * the crop as the edges allow), at each width; WebP.
   */
  crop(original: Buffer, focal: { x: number; y: number }, aspect: number, widths: readonly number[]): Promise<{ width: number; height: number; bytes: Buffer }[]>;
}

/**
 * The interfaces core needs from the outside world. Storage adapters implement them
 * (SQLite and PostgreSQL pass the same contract suite); core never knows which one it has.
 */
import type {
  Article,
  ArticleSummary,
  ArticleUpdate,
  Author,
  ImageVariant,
  ListPage,
  ListScope,
  MediaAsset,
  NewArticle,
  NewMediaAsset,
  RankingMeta,
  Section,
  Series,
  Tag,
  UpdateKind,
} from './content/types.ts';

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
}

export interface TagRepository {
  findBySlug(slug: string): Promise<Tag | undefined>;
  /** The tag with this slug, created with `name` if there is none. */
  ensure(slug: string, name: string): Promise<Tag>;
}

export interface SeriesRepository {
  findBySlug(slug: string): Promise<Series | undefined>;
  create(input: { slug: string; title: string; description: string; createdAt: number }): Promise<Series>;
}

export interface AuthorRepository {
  findBySlug(slug: string): Promise<Author | undefined>;
  /** The author with this slug, created with name and title if there is none. */
  ensure(input: { slug: string; name: string; title: string }): Promise<Author>;
}

export interface MediaRepository {
  create(input: NewMediaAsset): Promise<MediaAsset>;
  findById(id: number): Promise<MediaAsset | undefined>;
  /** The asset stored under this key (keys derive from content, so this finds identical images). */
  findByKey(key: string): Promise<MediaAsset | undefined>;
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
  /** Ids of every published article. */
  publishedIds(): Promise<number[]>;
  findIdBySourceKey(sourceKey: string): Promise<number | undefined>;
  create(input: NewArticle): Promise<number>;
  addUpdate(articleId: number, update: { kind: UpdateKind; note: string; at: number }): Promise<ArticleUpdate>;
}

/** One count to add: `views` for an article in the hour starting at `bucketStart`. */
export interface ViewIncrement {
  readonly articleId: number;
  readonly bucketStart: number;
  readonly views: number;
}

export interface ViewRepository {
  /** Adds counts (upsert + add) in one transaction. */
  add(increments: readonly ViewIncrement[]): Promise<void>;
  /** Views per article in buckets starting at or after `since`. */
  totalsSince(since: number): Promise<Map<number, number>>;
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

export interface Repositories {
  readonly sections: SectionRepository;
  readonly tags: TagRepository;
  readonly series: SeriesRepository;
  readonly authors: AuthorRepository;
  readonly media: MediaRepository;
  readonly articles: ArticleRepository;
  readonly views: ViewRepository;
  readonly invalidations: InvalidationLog;
}

/** The repositories, plus atomic multi-repository writes. */
export interface Storage extends Repositories {
  /** Runs `work` in one transaction: all of its writes land, or none do. */
  transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Where media bytes live (local disk by default). */
export interface MediaFiles {
  /** Writes the bytes under `key`; false when the key already existed (same content) and nothing was written. */
  put(key: string, bytes: Buffer): Promise<boolean>;
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
}

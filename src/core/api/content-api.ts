import { articlePath, SectionIndex } from '../content/article-path.ts';
import { bodyBlocks } from '../content/body-block-list.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import type { Article, ArticleSummary, MediaAsset, Section } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { Repositories } from '../ports.ts';
import type { EditionTime } from '../time/edition-time.ts';
import type { SearchParams } from '../reader/reader-pages.ts';
import type { ReaderService } from '../reader/reader-service.ts';
import type { RankingService } from '../ranking/ranking-service.ts';
import type { RankingWindow } from '../ranking/ranking-snapshot.ts';
import { ARTICLE_ORDERS, type ArticleFeedItem, type ArticleOrder, type ArticleQuery } from './content-api-ports.ts';

/*
 * The public, read-only Content API's models: only published articles and pages, only allowlisted
 * fields. Each answer carries the cache keys it depends on, so it is rendered once per change
 * through the same page cache and invalidation path as the reader pages.
 */

/** Fields an article answer may carry; `fields=` picks among these and nothing else. */
export const ARTICLE_FIELDS = [
  'id', 'url', 'path', 'headline', 'summary', 'teaser', 'dateline', 'section', 'subsection', 'series', 'published_at', 'updated_at',
  'modified_at', 'update_count', 'is_top_story', 'image', 'tags', 'authors', 'updates', 'body_html', 'blocks', 'access',
] as const;
export type ArticleField = (typeof ARTICLE_FIELDS)[number];
/** What a list item carries unless `fields=` says otherwise (bodies are for single articles and `fields=`). */
const LIST_FIELDS: readonly ArticleField[] = ['id', 'url', 'path', 'headline', 'teaser', 'access', 'section', 'subsection', 'series', 'published_at', 'updated_at', 'modified_at', 'update_count', 'is_top_story', 'image', 'tags', 'authors'];

export interface ApiAnswer {
  readonly body: unknown;
  readonly deps: readonly string[];
  /** The newest change in the answer (Last-Modified). */
  readonly lastModified: number | undefined;
  /** Re-render after this long even without an invalidation (lists of things that have no key of their own). */
  readonly ttlMs?: number;
}

export interface ArticleListParams {
  readonly section?: string;
  readonly tag?: string;
  readonly series?: string;
  readonly author?: string;
  readonly publishedFrom?: number;
  readonly publishedBefore?: number;
  readonly updatedFrom?: number;
  readonly updatedBefore?: number;
  readonly order?: ArticleOrder;
  readonly cursor?: string;
  readonly limit?: number;
  readonly fields?: readonly string[];
  /** Fields added to the default list (`include=body_html,blocks`), where `fields` replaces it. */
  readonly include?: readonly string[];
}

const TAXONOMY_TTL_MS = 60_000;

function filterError(detail: string): BroadsheetError {
  return new BroadsheetError('BS_ERR_API_FILTER', { detail });
}

/** The cursor a client sends back for the next page: the order and the last item's key, opaque to it. */
export function encodeCursor(order: ArticleOrder, at: number, id: number): string {
  return Buffer.from(JSON.stringify([order, at, id])).toString('base64url');
}

export function decodeCursor(cursor: string, order: ArticleOrder): { at: number; id: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !ARTICLE_ORDERS.includes(parsed[0]) || !Number.isSafeInteger(parsed[1]) || !Number.isSafeInteger(parsed[2]) || parsed[2] < 1) {
    throw new BroadsheetError('BS_ERR_API_CURSOR', { detail: 'it is not a cursor this API gave out' });
  }
  if (parsed[0] !== order) throw new BroadsheetError('BS_ERR_API_CURSOR', { detail: `it was given for order=${parsed[0]}, not ${order}` });
  return { at: parsed[1] as number, id: parsed[2] as number };
}

export class ContentApi {
  readonly #repos: Repositories;
  readonly #time: EditionTime;
  readonly #publicUrl: string;

  readonly #reader: Pick<ReaderService, 'search'> | undefined;
  readonly #ranking: Pick<RankingService, 'top' | 'snapshot'> | undefined;

  constructor(deps: { repos: Repositories; time: EditionTime; publicUrl: string; reader?: Pick<ReaderService, 'search'>; ranking?: Pick<RankingService, 'top' | 'snapshot'> }) {
    this.#reader = deps.reader;
    this.#ranking = deps.ranking;
    this.#repos = deps.repos;
    this.#time = deps.time;
    this.#publicUrl = deps.publicUrl.replace(/\/$/, '');
  }

  #iso(ms: number | null | undefined): string | null {
    return ms === null || ms === undefined ? null : this.#time.isoWithOffset(ms);
  }

  #image(media: MediaAsset | null, text?: { alt: string; caption: string; credit: string }) {
    if (!media) return null;
    const variants = [...media.variants].sort((a, b) => a.width - b.width);
    const main = variants.find((v) => v.width >= 800) ?? variants.at(-1);
    return {
      id: media.id,
      url: `${this.#publicUrl}/media/${main?.key ?? media.key}`,
      width: main?.width ?? media.width,
      height: main?.height ?? media.height,
      alt: text?.alt ?? media.alt,
      caption: text?.caption ?? media.caption,
      credit: text?.credit ?? media.credit,
      variants: variants.map((v) => ({ url: `${this.#publicUrl}/media/${v.key}`, width: v.width, height: v.height, type: v.mime })),
    };
  }

  #section(s: Section | undefined) {
    return s ? { id: s.id, path: s.path, name: s.name, url: `${this.#publicUrl}/${s.path}/` } : null;
  }

  #article(a: ArticleSummary & Partial<Article> & { modifiedAt?: number }, sections: SectionIndex, fields: readonly ArticleField[]): Record<string, unknown> {
    const path = articlePath(a, sections, this.#time);
    const all: Record<ArticleField, () => unknown> = {
      id: () => a.id,
      url: () => `${this.#publicUrl}${path}`,
      path: () => path,
      headline: () => a.headline,
      summary: () => a.summary ?? '',
      teaser: () => a.teaser,
      dateline: () => a.dateline ?? '',
      section: () => this.#section(sections.byId(a.sectionId)),
      subsection: () => this.#section(sections.byId(a.subsectionId)),
      series: () => (a.seriesId === null ? null : { id: a.seriesId, title: a.seriesTitle, ...(a.series ? { slug: a.series.slug } : {}) }),
      published_at: () => this.#iso(a.publishedAt),
      updated_at: () => this.#iso(a.updatedAt),
      modified_at: () => this.#iso(a.modifiedAt ?? a.updatedAt ?? a.publishedAt),
      update_count: () => a.updateCount,
      is_top_story: () => a.isTopStory,
      image: () => (a.lead ? this.#image(a.lead.media, a.lead) : this.#image(a.thumbnail)),
      tags: () => (a.tags ?? []).map((t) => ({ id: t.id, slug: t.slug, name: t.name, url: `${this.#publicUrl}/tag/${t.slug}/` })),
      authors: () => (a.authors ?? []).map((p) => ({ id: p.id, slug: p.slug, name: p.name, title: p.title, url: `${this.#publicUrl}/author/${p.slug}/` })),
      updates: () => (a.updates ?? []).map((u) => ({ kind: u.kind, note: u.note, at: this.#iso(u.at) })),
      // A walled article's body is for entitled readers on the site only: the public API never carries it.
      body_html: () => (a.access === 'public' ? (a.bodyHtml ?? '') : null),
      blocks: () => (a.access === 'public' ? bodyBlocks(a.bodyHtml ?? '') : null),
      access: () => a.access,
    };
    const out: Record<string, unknown> = {};
    for (const f of fields) out[f] = all[f]();
    return out;
  }

  #fields(requested: readonly string[] | undefined, fallback: readonly ArticleField[]): ArticleField[] {
    if (!requested || requested.length === 0) return [...fallback];
    const unknown = requested.filter((f) => !(ARTICLE_FIELDS as readonly string[]).includes(f));
    if (unknown.length > 0) throw new BroadsheetError('BS_ERR_API_FIELD', { fields: unknown.slice(0, 5).join(', ').slice(0, 200) });
    return [...new Set(requested as ArticleField[])];
  }

  async articles(p: ArticleListParams): Promise<ApiAnswer> {
    const sections = new SectionIndex(await this.#repos.sections.listAll());
    const fields = this.#fields(p.fields ?? (p.include ? [...LIST_FIELDS, ...p.include] : undefined), LIST_FIELDS);
    const order = p.order ?? 'published_desc';
    const limit = p.limit ?? 20;
    let query: ArticleQuery = { order, limit: limit + 1, ...pick(p, ['publishedFrom', 'publishedBefore', 'updatedFrom', 'updatedBefore']) };
    if (p.section !== undefined) {
      const s = sections.byPath(p.section);
      if (!s) throw filterError(`no section "${p.section.slice(0, 80)}"`);
      query = s.parentId === null ? { ...query, sectionId: s.id } : { ...query, subsectionId: s.id };
    }
    for (const [kind, slug] of [['tag', p.tag], ['series', p.series], ['author', p.author]] as const) {
      if (slug === undefined) continue;
      const found = kind === 'tag' ? await this.#repos.tags.findBySlug(slug) : kind === 'series' ? await this.#repos.series.findBySlug(slug) : await this.#repos.authors.findBySlug(slug);
      if (!found) throw filterError(`no ${kind} "${slug.slice(0, 80)}"`);
      query = { ...query, [`${kind}Id`]: found.id };
    }
    if (p.cursor !== undefined) query = { ...query, after: decodeCursor(p.cursor, order) };
    const rows = await this.#repos.articleFeed.page(query);
    const page = rows.slice(0, limit);
    const needFull = fields.some((f) => ['summary', 'dateline', 'tags', 'authors', 'updates', 'body_html', 'blocks'].includes(f)) || (fields.includes('image') && page.length > 0);
    const full = needFull ? await Promise.all(page.map((r) => this.#repos.articles.findPublished(r.id))) : [];
    const items = page.map((r, i) => this.#article({ ...r, ...(full[i] ?? {}), modifiedAt: r.modifiedAt }, sections, fields));
    const last = rows.length > limit ? page.at(-1) : undefined;
    const key = (r: ArticleFeedItem) => (order.startsWith('published') ? r.publishedAt : r.modifiedAt);
    return {
      body: { articles: items, next_cursor: last ? encodeCursor(order, key(last), last.id) : null },
      // Any publish, update or unpublish logs `home`, so every list follows every change.
      deps: [cacheKeys.home, cacheKeys.navigation, ...page.map((r) => cacheKeys.article(r.id))],
      lastModified: page.length > 0 ? Math.max(...page.map((r) => r.modifiedAt)) : undefined,
    };
  }

  async article(id: number, fields?: readonly string[]): Promise<ApiAnswer> {
    const a = await this.#repos.articles.findPublished(id);
    if (!a) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    const sections = new SectionIndex(await this.#repos.sections.listAll());
    return {
      body: { article: this.#article(a, sections, this.#fields(fields, ARTICLE_FIELDS.filter((f) => f !== 'modified_at'))) },
      deps: [cacheKeys.article(a.id), cacheKeys.navigation],
      lastModified: a.updatedAt ?? a.publishedAt,
    };
  }

  /** An article by its address on the site (any of the forms that reach it: with or without its slug). */
  async articleByPath(path: string, fields?: readonly string[]): Promise<ApiAnswer> {
    const m = /^\/?[a-z0-9-]+\/[a-z0-9-]+\/\d{8}-(\d{1,12})(?:\/[a-z0-9-]*)?\/?$/.exec(path.split('?')[0] ?? '');
    if (!m) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return this.article(Number(m[1]), fields);
  }

  /** Search, as the site's search page does it (same parsing, filters and ranking), as JSON. */
  async search(params: SearchParams): Promise<ApiAnswer> {
    if (!this.#reader) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    const page = await this.#reader.search(params);
    const fields = LIST_FIELDS.filter((f) => f !== 'tags' && f !== 'authors');
    return {
      body: {
        query: page.query,
        order: page.order,
        total: page.total,
        page: page.page,
        pages: page.pages,
        notices: page.notices,
        results: page.results.map((r) => ({
          article: this.#article(r.item.article, page.sections, fields),
          snippet: r.snippet.map((s) => s.text).join(''),
          matches: r.snippet.filter((s) => s.match).map((s) => s.text),
        })),
      },
      deps: page.deps,
      lastModified: undefined,
    };
  }

  /** The access ranking (a window, for the site or a section, tag or series), as the site shows it. */
  async rankings(window: RankingWindow, scope: string, limit: number): Promise<ApiAnswer> {
    if (!this.#ranking) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    const sections = new SectionIndex(await this.#repos.sections.listAll());
    const top = this.#ranking.top(scope, limit, window);
    // Summaries are of published articles only: one taken down since the snapshot drops out.
    const byId = new Map((await this.#repos.articles.summaries(top.map((t) => t.articleId))).map((a) => [a.id, a]));
    const items = top.flatMap((t) => {
      const a = byId.get(t.articleId);
      return a ? [{ views: t.views, article: this.#article(a, sections, ['id', 'url', 'path', 'headline', 'section', 'subsection', 'published_at', 'image']) }] : [];
    });
    const computedAt = this.#ranking.snapshot.computedAt;
    return {
      body: { window, scope, computed_at: computedAt ? this.#iso(computedAt) : null, items: items.map((x, i) => ({ rank: i + 1, ...x })) },
      deps: [cacheKeys.ranking(scope), cacheKeys.navigation, ...items.map((x) => cacheKeys.article(x.article['id'] as number))],
      lastModified: computedAt || undefined,
      ttlMs: 60_000,
    };
  }

  async sections(): Promise<ApiAnswer> {
    const all = await this.#repos.sections.listAll();
    const top = all.filter((s) => s.parentId === null);
    return {
      body: { sections: top.map((s) => ({ ...this.#section(s), description: s.description, subsections: all.filter((c) => c.parentId === s.id).map((c) => ({ ...this.#section(c), description: c.description })) })) },
      deps: [cacheKeys.navigation],
      lastModified: undefined,
    };
  }

  async tags(): Promise<ApiAnswer> {
    const tags = await this.#repos.articleFeed.tagsInUse();
    return { body: { tags: tags.map((t) => ({ id: t.id, slug: t.slug, name: t.name, description: t.description ?? '', articles: t.articles, url: `${this.#publicUrl}/tag/${t.slug}/` })) }, deps: [], lastModified: undefined, ttlMs: TAXONOMY_TTL_MS };
  }

  async authors(): Promise<ApiAnswer> {
    const authors = await this.#repos.articleFeed.authorsInUse();
    return { body: { authors: authors.map((p) => ({ id: p.id, slug: p.slug, name: p.name, title: p.title, articles: p.articles, url: `${this.#publicUrl}/author/${p.slug}/` })) }, deps: [], lastModified: undefined, ttlMs: TAXONOMY_TTL_MS };
  }

  async series(): Promise<ApiAnswer> {
    const series = await this.#repos.articleFeed.seriesInUse();
    return { body: { series: series.map((s) => ({ id: s.id, slug: s.slug, title: s.title, description: s.description, articles: s.articles, url: `${this.#publicUrl}/series/${s.slug}/` })) }, deps: [], lastModified: undefined, ttlMs: TAXONOMY_TTL_MS };
  }

  async pages(): Promise<ApiAnswer> {
    const pages = (await this.#repos.pages.list()).filter((p) => p.status === 'published');
    return {
      body: { pages: pages.map((p) => ({ slug: p.slug, title: p.title, url: `${this.#publicUrl}/pages/${p.slug}/`, updated_at: this.#iso(p.updatedAt) })) },
      deps: pages.map((p) => cacheKeys.page(p.id)),
      lastModified: pages.length > 0 ? Math.max(...pages.map((p) => p.updatedAt)) : undefined,
      ttlMs: TAXONOMY_TTL_MS,
    };
  }

  async page(slug: string): Promise<ApiAnswer> {
    const p = await this.#repos.pages.findBySlug(slug);
    if (!p || p.status !== 'published') throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return {
      body: { page: { slug: p.slug, title: p.title, url: `${this.#publicUrl}/pages/${p.slug}/`, updated_at: this.#iso(p.updatedAt), body_html: p.bodyHtml, blocks: bodyBlocks(p.bodyHtml) } },
      deps: [cacheKeys.page(p.id)],
      lastModified: p.updatedAt,
    };
  }
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

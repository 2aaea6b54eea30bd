import { articlePath, SectionIndex } from '../content/article-path.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import type { Article, Author, Section, Series, Tag } from '../content/types.ts';
import type { Clock, Repositories } from '../ports.ts';
import type { EditionTime } from '../time/edition-time.ts';

const HOUR = 3_600_000;
/** How far back the Google News sitemap reaches (its rule: articles from the last two days). */
export const NEWS_SITEMAP_WINDOW_MS = 48 * HOUR;
/** Most URLs one sitemap file may hold (the sitemaps protocol's limit). */
export const SITEMAP_MAX_URLS = 50_000;
/** Most articles the news sitemap may hold (Google News' limit). */
const NEWS_SITEMAP_MAX = 1_000;

/** Which articles a feed carries. */
export type FeedScope =
  | { readonly kind: 'site' }
  | { readonly kind: 'section'; readonly path: string }
  | { readonly kind: 'tag' | 'series' | 'author'; readonly slug: string };

export interface FeedEntry {
  readonly article: Article;
  readonly path: string;
  readonly section: Section | undefined;
}

/** A feed's contents; the web layer writes it as RSS, Atom or JSON Feed. */
export interface FeedModel {
  readonly title: string;
  readonly description: string;
  /** Path of the HTML page the feed follows (/politics/). */
  readonly pagePath: string;
  /** Path of the feed itself without the format suffix (/politics/feed/). */
  readonly feedPath: string;
  /** The newest change among the entries (or now, for an empty feed). */
  readonly updated: number;
  readonly entries: readonly FeedEntry[];
  readonly deps: readonly string[];
}

export interface SitemapUrl {
  readonly path: string;
  readonly lastModified?: number;
  /** Lead image, for the image sitemap extension. */
  readonly image?: { readonly key: string; readonly caption: string };
}

export interface NewsSitemapUrl {
  readonly path: string;
  readonly title: string;
  readonly publishedAt: number;
  readonly keywords: readonly string[];
}

export interface SyndicationOptions {
  /** Entries per feed. */
  readonly feedSize: number;
}

/**
 * Models for feeds and sitemaps: which articles, at which addresses, with which dates. Like the
 * reader pages, each result names the cache keys it depends on, so it is built once per change.
 */
export class SyndicationService {
  readonly #repos: Repositories;
  readonly #time: EditionTime;
  readonly #clock: Clock;
  readonly #options: SyndicationOptions;

  constructor(deps: { repos: Repositories; time: EditionTime; clock: Clock }, options: SyndicationOptions = { feedSize: 20 }) {
    this.#repos = deps.repos;
    this.#time = deps.time;
    this.#clock = deps.clock;
    this.#options = options;
  }

  async #sections(): Promise<SectionIndex> {
    return new SectionIndex(await this.#repos.sections.listAll());
  }

  /** A feed of the newest articles in a scope; undefined when the section, tag, series or author does not exist. */
  async feed(scope: FeedScope, siteName: string): Promise<FeedModel | undefined> {
    const sections = await this.#sections();
    const deps = new Set<string>([cacheKeys.navigation]);
    let spec: { title: string; description: string; pagePath: string; list: Parameters<Repositories['articles']['list']>[0] };
    switch (scope.kind) {
      case 'site':
        deps.add(cacheKeys.home);
        spec = { title: siteName, description: `The latest news from ${siteName}.`, pagePath: '/', list: { kind: 'all' } };
        break;
      case 'section': {
        const section = sections.byPath(scope.path);
        if (!section) return undefined;
        deps.add(cacheKeys.section(section.id));
        const parent = section.parentId === null ? undefined : sections.byId(section.parentId);
        spec = {
          title: `${parent ? `${parent.name}: ` : ''}${section.name} | ${siteName}`,
          description: section.description || `The latest ${section.name} news from ${siteName}.`,
          pagePath: `/${section.path}/`,
          list: section.parentId === null ? { kind: 'section', id: section.id } : { kind: 'subsection', id: section.id },
        };
        break;
      }
      case 'tag': {
        const tag: Tag | undefined = await this.#repos.tags.findBySlug(scope.slug);
        if (!tag) return undefined;
        deps.add(cacheKeys.tag(tag.id));
        spec = { title: `${tag.name} | ${siteName}`, description: `Articles tagged ${tag.name} from ${siteName}.`, pagePath: `/tag/${tag.slug}/`, list: { kind: 'tag', id: tag.id } };
        break;
      }
      case 'series': {
        const series: Series | undefined = await this.#repos.series.findBySlug(scope.slug);
        if (!series) return undefined;
        deps.add(cacheKeys.series(series.id));
        spec = {
          title: `${series.title} | ${siteName}`,
          description: series.description || `The ${series.title} series from ${siteName}.`,
          pagePath: `/series/${series.slug}/`,
          list: { kind: 'series', id: series.id },
        };
        break;
      }
      case 'author': {
        const author: Author | undefined = await this.#repos.authors.findBySlug(scope.slug);
        if (!author) return undefined;
        deps.add(cacheKeys.author(author.id));
        spec = { title: `${author.name} | ${siteName}`, description: `Articles by ${author.name} in ${siteName}.`, pagePath: `/author/${author.slug}/`, list: { kind: 'author', id: author.id } };
        break;
      }
    }
    const list = await this.#repos.articles.list(spec.list, { limit: this.#options.feedSize, offset: 0 });
    const entries: FeedEntry[] = [];
    for (const summary of list.items) {
      const article = await this.#repos.articles.findPublished(summary.id);
      if (!article) continue;
      deps.add(cacheKeys.article(article.id));
      entries.push({ article, path: articlePath(article, sections, this.#time), section: sections.byId(article.sectionId) });
    }
    const updated = Math.max(0, ...entries.map((e) => Math.max(e.article.publishedAt, e.article.updatedAt ?? 0)));
    return {
      title: spec.title,
      description: spec.description,
      pagePath: spec.pagePath,
      feedPath: spec.pagePath === '/' ? '/feed/' : `${spec.pagePath}feed/`,
      updated: updated || this.#clock.now(),
      entries,
      deps: [...deps],
    };
  }

  /**
   * The months that have published articles ("2026-11"), newest first, each with its latest change.
   * Months are the edition's calendar months, as in article URLs.
   */
  async sitemapMonths(): Promise<{ readonly month: string; readonly lastModified: number }[]> {
    const months = new Map<string, number>();
    const now = this.#clock.now();
    for (const t of await this.#repos.articles.publishedTimes()) {
      if (t.publishedAt > now) continue;
      const key = this.#month(t.publishedAt);
      months.set(key, Math.max(months.get(key) ?? 0, t.publishedAt, t.updatedAt ?? 0));
    }
    return [...months].sort(([a], [b]) => (a < b ? 1 : -1)).map(([month, lastModified]) => ({ month, lastModified }));
  }

  /** Article URLs of one month ("2026-11"); undefined for a malformed month. */
  async monthSitemap(month: string): Promise<SitemapUrl[] | undefined> {
    const m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
    if (!m) return undefined;
    const [y, mo] = [Number(m[1]), Number(m[2])];
    const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
    const from = this.#time.parseLocal(`${month}-01T00:00`);
    const to = this.#time.parseLocal(`${next}-01T00:00`);
    if (from === undefined || to === undefined) return undefined;
    const sections = await this.#sections();
    // Never an address before its time, even for an article marked published ahead of it.
    const articles = await this.#repos.articles.publishedBetween(from, Math.min(to, this.#clock.now() + 1), SITEMAP_MAX_URLS);
    return articles.map((a) => ({
      path: articlePath(a, sections, this.#time),
      lastModified: Math.max(a.publishedAt, a.updatedAt ?? 0),
      ...(a.thumbnail ? { image: { key: a.thumbnail.key, caption: a.thumbnail.caption } } : {}),
    }));
  }

  /** Articles of the last 48 hours, newest first, for the Google News sitemap. */
  async newsSitemap(): Promise<NewsSitemapUrl[]> {
    const now = this.#clock.now();
    const sections = await this.#sections();
    const recent = await this.#repos.articles.publishedBetween(now - NEWS_SITEMAP_WINDOW_MS, now + 1, NEWS_SITEMAP_MAX);
    const meta = new Map((await this.#repos.articles.rankingMeta(recent.map((a) => a.id))).map((m) => [m.id, m]));
    const tagIds = [...new Set([...meta.values()].flatMap((m) => m.tagIds))];
    const tags = new Map((await this.#repos.tags.findByIds(tagIds)).map((t) => [t.id, t.name]));
    return recent.reverse().map((a) => ({
      path: articlePath(a, sections, this.#time),
      title: a.headline,
      publishedAt: a.publishedAt,
      keywords: (meta.get(a.id)?.tagIds ?? []).flatMap((id) => tags.get(id) ?? []),
    }));
  }

  /** The home page and every section, sub-section, tag (with articles), series and author page. */
  async pagesSitemap(): Promise<SitemapUrl[]> {
    const sections = await this.#sections();
    const [tags, series, authors] = await Promise.all([
      this.#repos.tags.search('', SITEMAP_MAX_URLS),
      this.#repos.series.listAll(),
      this.#repos.authors.listAll(),
    ]);
    return [
      { path: '/' },
      ...sections.roots().flatMap((r) => [r, ...sections.children(r.id)]).map((s) => ({ path: `/${s.path}/` })),
      ...tags.filter((t) => t.articles > 0).map((t) => ({ path: `/tag/${t.slug}/` })),
      ...series.map((s) => ({ path: `/series/${s.slug}/` })),
      ...authors.map((a) => ({ path: `/author/${a.slug}/` })),
    ].slice(0, SITEMAP_MAX_URLS);
  }

  #month(at: number): string {
    const key = this.#time.dateKey(at);
    return `${key.slice(0, 4)}-${key.slice(4, 6)}`;
  }
}

import { articlePath, SectionIndex } from '../content/article-path.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import type { Article, ArticleSummary, ListScope, Section, Series, Tag, Author } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { Repositories } from '../ports.ts';
import { WINDOW_LABELS, type RankedItem, type RankingService, type RankingWindow } from '../ranking/ranking-service.ts';
import type { EditionTime } from '../time/edition-time.ts';

/** A list entry ready to render: the summary, its URL and its label (sub-section name). */
export interface ListItem {
  readonly article: ArticleSummary;
  readonly path: string;
  readonly label: string;
}

const EMPTY_LIST: RankingList = Object.freeze({ items: [], windowLabel: WINDOW_LABELS['24h'], computedAt: undefined });

/** Every page model carries the cache keys of what it shows (see cache-keys.ts). */
interface PageBase {
  readonly sections: SectionIndex;
  readonly deps: readonly string[];
}

/** A ranked list as a page shows it: the items, the window they cover, and when the list was computed. */
export interface RankingList {
  readonly items: readonly ListItem[];
  readonly windowLabel: string;
  readonly computedAt: number | undefined;
}

export interface HomePage extends PageBase {
  readonly topStories: readonly ListItem[];
  readonly latest: readonly ListItem[];
  readonly sectionBlocks: readonly { readonly section: Section; readonly items: readonly ListItem[] }[];
  readonly ranking: RankingList;
}

/** A paginated list page: section, sub-section, tag, series or author. */
export interface ListingPage extends PageBase {
  readonly kind: 'section' | 'tag' | 'series' | 'author';
  readonly title: string;
  readonly description: string;
  readonly section?: Section;
  readonly parent?: Section;
  readonly subsections: readonly Section[];
  readonly tag?: Tag;
  readonly series?: Series;
  readonly author?: Author;
  readonly popular: RankingList;
  readonly items: readonly ListItem[];
  readonly page: number;
  readonly pages: number;
  /** Path of page 1 of this list; later pages add page/N/. */
  readonly basePath: string;
  readonly ranking: RankingList;
}

export interface ArticlePage extends PageBase {
  readonly article: Article;
  readonly path: string;
  readonly section: Section | undefined;
  readonly subsection: Section | undefined;
  readonly relatedTags: readonly { readonly tag: Tag; readonly popular: RankingList }[];
  readonly ranking: RankingList;
}

export interface ReaderOptions {
  readonly pageSize: number;
  readonly popularSize: number;
  readonly rankingSizeHome: number;
  readonly rankingSizeAside: number;
  readonly topStories: number;
  readonly latest: number;
  readonly sectionBlockSize: number;
  /** The window ranked lists show (popular lists top up from 7 days when it is shorter). */
  readonly rankingWindow: RankingWindow;
}

export const DEFAULT_READER_OPTIONS: ReaderOptions = Object.freeze({
  pageSize: 20,
  popularSize: 5,
  rankingSizeHome: 10,
  rankingSizeAside: 5,
  topStories: 5,
  latest: 10,
  sectionBlockSize: 4,
  rankingWindow: '24h',
});

/** Where an article lives, resolved from a request path; `canonical` differs when it should redirect. */
export type ArticleLookup =
  | { readonly kind: 'found'; readonly page: ArticlePage }
  | { readonly kind: 'redirect'; readonly location: string };

/**
 * Assembles reader page models from storage and ranking snapshots. Called only when a page
 * is not in the render cache, so it may query freely; it records every dependency it reads.
 */
export class ReaderService {
  readonly #repos: Repositories;
  readonly #ranking: RankingService;
  readonly #time: EditionTime;
  readonly #options: ReaderOptions;

  constructor(
    deps: { repos: Repositories; ranking: RankingService; time: EditionTime },
    options: ReaderOptions = DEFAULT_READER_OPTIONS,
  ) {
    this.#repos = deps.repos;
    this.#ranking = deps.ranking;
    this.#time = deps.time;
    this.#options = options;
  }

  get options(): ReaderOptions {
    return this.#options;
  }

  /** Published articles' list summaries, in the order asked (for the ranking directory). */
  summaries(ids: readonly number[]): Promise<ArticleSummary[]> {
    return this.#repos.articles.summaries(ids);
  }

  async sections(): Promise<SectionIndex> {
    return new SectionIndex(await this.#repos.sections.listAll());
  }

  async home(): Promise<HomePage> {
    const sections = await this.sections();
    const deps = new Deps(cacheKeys.navigation, cacheKeys.home, cacheKeys.ranking('site'));
    const marked = await this.#repos.articles.list({ kind: 'top' }, { limit: this.#options.topStories, offset: 0 });
    let top = [...marked.items];
    if (top.length < this.#options.topStories) {
      // Too few editor-marked stories: the newest articles fill the remaining places.
      const fill = await this.#repos.articles.list(
        { kind: 'all' },
        { limit: this.#options.topStories - top.length, offset: 0, excludeIds: top.map((a) => a.id) },
      );
      top = top.concat(fill.items);
    }
    const latest = await this.#repos.articles.list(
      { kind: 'all' },
      { limit: this.#options.latest, offset: 0, excludeIds: top.map((a) => a.id) },
    );
    const shown = new Set([...top, ...latest.items].map((a) => a.id));
    const sectionBlocks = [];
    for (const section of sections.roots()) {
      deps.add(cacheKeys.section(section.id));
      const list = await this.#repos.articles.list(
        { kind: 'section', id: section.id },
        { limit: this.#options.sectionBlockSize, offset: 0, excludeIds: [...shown] },
      );
      if (list.items.length > 0) sectionBlocks.push({ section, items: this.#items(list.items, sections, deps) });
    }
    return {
      sections,
      topStories: this.#items(top, sections, deps),
      latest: this.#items(latest.items, sections, deps),
      sectionBlocks,
      ranking: await this.#rankingList('site', this.#options.rankingSizeHome, sections, deps),
      deps: deps.list(),
    };
  }

  /** A section or sub-section page by its path ("politics" or "politics/politics-government"). */
  async section(path: string, page: number): Promise<ListingPage | undefined> {
    const sections = await this.sections();
    const section = sections.byPath(path);
    if (!section) return undefined;
    const parent = section.parentId === null ? undefined : sections.byId(section.parentId);
    const scope: ListScope = section.parentId === null ? { kind: 'section', id: section.id } : { kind: 'subsection', id: section.id };
    return this.#listing(sections, {
      kind: 'section',
      title: section.name,
      description: section.description,
      section,
      ...(parent ? { parent } : {}),
      subsections: sections.children(parent ? parent.id : section.id),
      scope,
      rankingScope: `section:${section.id}`,
      listKey: cacheKeys.section(section.id),
      basePath: `/${section.path}/`,
      page,
    });
  }

  async tag(slug: string, page: number): Promise<ListingPage | undefined> {
    const tag = await this.#repos.tags.findBySlug(slug);
    if (!tag) return undefined;
    const sections = await this.sections();
    return this.#listing(sections, {
      kind: 'tag',
      title: tag.name,
      description: '',
      tag,
      subsections: [],
      scope: { kind: 'tag', id: tag.id },
      rankingScope: `tag:${tag.id}`,
      listKey: cacheKeys.tag(tag.id),
      basePath: `/tag/${tag.slug}/`,
      page,
    });
  }

  async series(slug: string, page: number): Promise<ListingPage | undefined> {
    const series = await this.#repos.series.findBySlug(slug);
    if (!series) return undefined;
    const sections = await this.sections();
    return this.#listing(sections, {
      kind: 'series',
      title: series.title,
      description: series.description,
      series,
      subsections: [],
      scope: { kind: 'series', id: series.id },
      rankingScope: `series:${series.id}`,
      listKey: cacheKeys.series(series.id),
      basePath: `/series/${series.slug}/`,
      page,
    });
  }

  async author(slug: string, page: number): Promise<ListingPage | undefined> {
    const author = await this.#repos.authors.findBySlug(slug);
    if (!author) return undefined;
    const sections = await this.sections();
    return this.#listing(sections, {
      kind: 'author',
      title: author.name,
      description: author.title,
      author,
      subsections: [],
      scope: { kind: 'author', id: author.id },
      rankingScope: undefined,
      listKey: cacheKeys.author(author.id),
      basePath: `/author/${author.slug}/`,
      page,
    });
  }

  /**
   * The article page for a request to /{sectionPath}/{dateKey}-{id}/. Unknown or unpublished
   * ids are not found; a wrong section or date redirects to the canonical path.
   */
  async article(id: number, requestedPath: string): Promise<ArticleLookup | undefined> {
    const article = await this.#repos.articles.findPublished(id);
    if (!article) return undefined;
    const sections = await this.sections();
    const path = articlePath(article, sections, this.#time);
    if (path !== requestedPath) return { kind: 'redirect', location: path };
    return { kind: 'found', page: await this.#articlePage(article, sections, path) };
  }

  /**
   * The page an article would have if it were published now: the newsroom's preview. Same
   * assembly as the live page, so what the editor sees is what readers will get.
   */
  async preview(id: number): Promise<ArticlePage | undefined> {
    const article = await this.#repos.articles.findAny(id);
    if (!article) return undefined;
    const sections = await this.sections();
    return this.#articlePage(article, sections, articlePath(article, sections, this.#time));
  }

  async #articlePage(article: Article, sections: SectionIndex, path: string): Promise<ArticlePage> {
    const deps = new Deps(cacheKeys.navigation, cacheKeys.article(article.id), cacheKeys.ranking('site'));
    const relatedTags = [];
    const mainTag = article.tags[0];
    for (const tag of article.tags) {
      const popular = tag === mainTag ? await this.#popular(`tag:${tag.id}`, sections, deps, [article.id]) : EMPTY_LIST;
      relatedTags.push({ tag, popular });
    }
    return {
      sections,
      article,
      path,
      section: sections.byId(article.sectionId),
      subsection: sections.byId(article.subsectionId),
      relatedTags,
      ranking: await this.#rankingList('site', this.#options.rankingSizeAside, sections, deps),
      deps: deps.list(),
    };
  }

  /** Sections for the not-found page's navigation. */
  async notFound(): Promise<PageBase> {
    return { sections: await this.sections(), deps: [cacheKeys.navigation] };
  }

  async #listing(
    sections: SectionIndex,
    spec: {
      kind: ListingPage['kind'];
      title: string;
      description: string;
      section?: Section;
      parent?: Section;
      subsections: readonly Section[];
      tag?: Tag;
      series?: Series;
      author?: Author;
      scope: ListScope;
      rankingScope: string | undefined;
      listKey: string;
      basePath: string;
      page: number;
    },
  ): Promise<ListingPage> {
    const deps = new Deps(cacheKeys.navigation, spec.listKey, cacheKeys.ranking('site'));
    const size = this.#options.pageSize;
    const list = await this.#repos.articles.list(spec.scope, { limit: size, offset: (spec.page - 1) * size });
    const pages = Math.max(1, Math.ceil(list.total / size));
    if (spec.page > pages) {
      throw new BroadsheetError('BS_ERR_PAGE_OUT_OF_RANGE', { page: spec.page, pages });
    }
    const popular =
      spec.rankingScope !== undefined && spec.page === 1
        ? await this.#popular(spec.rankingScope, sections, deps, [])
        : EMPTY_LIST;
    return {
      sections,
      kind: spec.kind,
      title: spec.title,
      description: spec.description,
      ...(spec.section ? { section: spec.section } : {}),
      ...(spec.parent ? { parent: spec.parent } : {}),
      subsections: spec.subsections,
      ...(spec.tag ? { tag: spec.tag } : {}),
      ...(spec.series ? { series: spec.series } : {}),
      ...(spec.author ? { author: spec.author } : {}),
      popular,
      items: this.#items(list.items, sections, deps),
      page: spec.page,
      pages,
      basePath: spec.basePath,
      ranking: await this.#rankingList('site', this.#options.rankingSizeAside, sections, deps),
      deps: deps.list(),
    };
  }

  /**
   * Most read in a scope over 24 hours; a sparse scope is topped up from its 7-day list, so the
   * list is honest (only read articles) yet rarely empty. The label says which windows it used.
   */
  async #popular(rankingScope: string, sections: SectionIndex, deps: Deps, exclude: readonly number[]): Promise<RankingList> {
    const n = this.#options.popularSize;
    deps.add(cacheKeys.ranking(rankingScope));
    const chosen: RankedItem[] = [];
    const seen = new Set(exclude);
    const used: RankingWindow[] = [];
    const windows: RankingWindow[] = this.#options.rankingWindow === '7d' ? ['7d'] : [this.#options.rankingWindow, '7d'];
    for (const window of windows) {
      if (chosen.length >= n) break;
      for (const item of this.#ranking.top(rankingScope, n + exclude.length + chosen.length, window)) {
        if (chosen.length >= n) break;
        if (seen.has(item.articleId)) continue;
        seen.add(item.articleId);
        chosen.push(item);
        if (!used.includes(window)) used.push(window);
      }
    }
    const summaries = await this.#repos.articles.summaries(chosen.map((c) => c.articleId));
    return {
      items: this.#items(summaries, sections, deps),
      windowLabel: used.length === 2 ? `${WINDOW_LABELS[used[0] as RankingWindow]}, then past 7 days` : WINDOW_LABELS[used[0] ?? this.#options.rankingWindow],
      computedAt: this.#ranking.changedAt(rankingScope, used.at(-1) ?? this.#options.rankingWindow),
    };
  }

  async #rankingList(scope: string, n: number, sections: SectionIndex, deps: Deps): Promise<RankingList> {
    deps.add(cacheKeys.ranking(scope));
    const window = this.#options.rankingWindow;
    const ranked = this.#ranking.top(scope, n, window);
    const summaries = await this.#repos.articles.summaries(ranked.map((r) => r.articleId));
    return { items: this.#items(summaries, sections, deps), windowLabel: WINDOW_LABELS[window], computedAt: this.#ranking.changedAt(scope, window) };
  }

  #items(summaries: readonly ArticleSummary[], sections: SectionIndex, deps: Deps): ListItem[] {
    return summaries.map((article) => {
      deps.add(cacheKeys.article(article.id));
      const sub = sections.byId(article.subsectionId);
      const section = sections.byId(article.sectionId);
      return {
        article,
        path: articlePath(article, sections, this.#time),
        label: sub?.name ?? section?.name ?? '',
      };
    });
  }
}

/** The cache keys a page depends on, without repeats. */
class Deps {
  readonly #keys = new Set<string>();
  constructor(...keys: string[]) {
    for (const k of keys) this.#keys.add(k);
  }
  add(key: string): void {
    this.#keys.add(key);
  }
  list(): string[] {
    return [...this.#keys];
  }
}

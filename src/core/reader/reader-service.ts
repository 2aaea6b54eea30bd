import { articlePath, SectionIndex } from '../content/article-path.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import { bodyPhotos, correctionsPolicyPath, publishedPage, type StaticPageView } from '../pages/page-reader.ts';
import { redirectFor } from '../pages/redirects.ts';
import type { Article, ArticleSummary, ListScope, Section, Series, Tag, AuthorProfile } from '../content/types.ts';
import { BroadsheetError, isBroadsheetError } from '../errors.ts';
import type { Clock, Repositories, SearchFilters, SearchOrder, SearchResult } from '../ports.ts';
import { anyOf, parseSearchQuery, STOPWORDS } from '../search/search-query.ts';
import { type RankingService } from '../ranking/ranking-service.ts';
import { WINDOW_LABELS, type RankedItem, type RankingWindow } from '../ranking/ranking-snapshot.ts';
import type { EditionTime } from '../time/edition-time.ts';
import { DEFAULT_READER_OPTIONS, Deps, EMPTY_LIST, snippetParts, type ArticleLookup, type ArticlePage, type HomePage, type ListingPage, type ListItem, type PageBase, type RankingList, type ReaderOptions, type SearchPage, type SearchParams } from './reader-pages.ts';

const DATE_PARAM = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Headline words that say little about what an article is about (beyond the search stopwords). */
const VAGUE_WORDS = new Set('after before new more than over says said can could may might about amid has have been were his her its'.split(' '));


/**
 * Assembles reader page models from storage and ranking snapshots. Called only when a page
 * is not in the render cache, so it may query freely; it records every dependency it reads.
 */
export class ReaderService {
  readonly #repos: Repositories;
  readonly #ranking: RankingService;
  readonly #time: EditionTime;
  readonly #clock: Clock;
  readonly #options: ReaderOptions;

  constructor(
    deps: { repos: Repositories; ranking: RankingService; time: EditionTime; clock: Clock },
    options: ReaderOptions = DEFAULT_READER_OPTIONS,
  ) {
    this.#repos = deps.repos;
    this.#ranking = deps.ranking;
    this.#time = deps.time;
    this.#clock = deps.clock;
    this.#options = options;
  }

  get options(): ReaderOptions {
    return this.#options;
  }

  /** Published articles' list summaries, in the order asked (for the ranking directory). */
  summaries(ids: readonly number[]): Promise<ArticleSummary[]> {
    return this.#repos.articles.summaries(ids);
  }

  /** The navigation every page prints: sections, and the header and footer menus as edited. */
  async sections(): Promise<SectionIndex> {
    const [sections, menus, newsletters] = await Promise.all([this.#repos.sections.listAll(), this.#repos.menus.all(), this.#repos.newsletters.any()]);
    return new SectionIndex(sections, menus, newsletters);
  }

  /** A published static page at /pages/{slug}/ (core/pages/page-reader.ts). */
  staticPage = (slug: string): Promise<StaticPageView | undefined> => publishedPage(this.#repos, slug, () => this.sections());

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

  /** Where a would-be 404 redirects (core/pages/redirects.ts); a merged tag's old slug's new one. */
  redirectFor = (url: string): Promise<string | undefined> => redirectFor(this.#repos, url);
  tagAlias = async (slug: string): Promise<string | undefined> => (await this.#repos.tags.aliasOf(slug))?.slug;

  async tag(slug: string, page: number): Promise<ListingPage | undefined> {
    const tag = await this.#repos.tags.findBySlug(slug);
    if (!tag) return undefined;
    const sections = await this.sections();
    return this.#listing(sections, {
      kind: 'tag',
      title: tag.name,
      description: tag.description ?? '',
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
    const author = await this.#repos.authors.profile({ slug });
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
      related: await this.#related(article, sections, deps),
      ranking: await this.#rankingList('site', this.#options.rankingSizeAside, sections, deps),
      correctionsPolicy: article.updates.some((u) => u.kind === 'correction') ? await correctionsPolicyPath(this.#repos, deps) : undefined,
      bodyPhotos: await bodyPhotos(this.#repos, article.bodyHtml),
      deps: deps.list(),
    };
  }

  /**
   * A search results page. Never throws on what the reader typed: unknown filters, bad dates and
   * over-long queries become notices, and the query is reduced to words before any database sees it.
   */
  async search(params: SearchParams): Promise<SearchPage> {
    const sections = await this.sections();
    const deps = new Deps(cacheKeys.navigation);
    const notices: string[] = [];
    const parsed = parseSearchQuery(params.q);
    if (parsed.truncated) notices.push('Your search was long, so only its first words were used.');
    const filters: { sectionId?: number; tagId?: number; authorId?: number; from?: number; to?: number } = {};
    const section = params.section ? sections.byPath(params.section) : undefined;
    if (params.section && !section) notices.push('That section does not exist, so results are from every section.');
    if (section) filters.sectionId = section.id;
    const tag = params.tag ? await this.#repos.tags.findBySlug(params.tag) : undefined;
    if (params.tag && !tag) notices.push('That tag does not exist, so results are not limited to a tag.');
    if (tag) filters.tagId = tag.id;
    const author = params.author ? await this.#repos.authors.findBySlug(params.author) : undefined;
    if (params.author && !author) notices.push('That author does not exist, so results are from every author.');
    if (author) filters.authorId = author.id;
    const from = params.from ? this.#dayStart(params.from, 0) : undefined;
    if (params.from && from === undefined) notices.push('The start date was not a date (use YYYY-MM-DD), so it was left out.');
    if (from !== undefined) filters.from = from;
    const to = params.to ? this.#dayStart(params.to, 1) : undefined;
    if (params.to && to === undefined) notices.push('The end date was not a date (use YYYY-MM-DD), so it was left out.');
    if (to !== undefined) filters.to = to;
    if (from !== undefined && to !== undefined && from >= to) notices.push('The start date is after the end date, so nothing can match.');

    const order: SearchOrder = params.order ?? 'relevance';
    const size = this.#options.searchPageSize;
    const page = Math.min(Math.max(1, params.page ?? 1), this.#options.searchMaxPages);
    if ((params.page ?? 1) > this.#options.searchMaxPages) notices.push(`Search shows at most ${this.#options.searchMaxPages} pages of results; narrow your search to see more.`);
    const searched = parsed.clauses.length > 0;
    if (!searched && params.q.trim() !== '') notices.push('Type words to search for: punctuation and symbols on their own are not searched.');
    let found: SearchResult = { total: 0, hits: [] };
    if (searched) {
      try {
        found = await this.#repos.search.search({ query: parsed, filters: filters as SearchFilters, order, limit: size, offset: (page - 1) * size, now: this.#clock.now(), phraseWindow: this.#options.searchPhraseWindow });
      } catch (err) {
        if (!isBroadsheetError(err, 'BS_ERR_SEARCH_TOO_SLOW')) throw err;
        notices.push(err.message);
      }
    }
    if (found.checkedSince !== undefined) {
      const n = this.#options.searchPhraseWindow;
      notices.push(
        `Quoted phrases are looked for in the latest ${n.toLocaleString('en-US')} ${n === 1 ? 'article' : 'articles'} containing all their words, published since ${this.#time.date(found.checkedSince)}. To look further back, set an earlier date range.`,
      );
    }
    const summaries = await this.#repos.articles.summaries(found.hits.map((h) => h.articleId));
    const byId = new Map(this.#items(summaries, sections, deps).map((item) => [item.article.id, item]));
    const results = found.hits.flatMap((hit) => {
      const item = byId.get(hit.articleId);
      // A walled article's snippet would quote its body: its result shows the dek-only teaser instead.
      return item ? [{ item, snippet: snippetParts(item.article.access === 'public' ? hit.snippet : '') }] : [];
    });
    const pages = Math.min(this.#options.searchMaxPages, Math.max(1, Math.ceil(found.total / size)));
    return {
      sections,
      deps: deps.list(),
      query: parsed.text,
      params: { ...params, q: parsed.text },
      order,
      ...(section ? { section } : {}),
      ...(tag ? { tag } : {}),
      ...(author ? { author } : {}),
      results,
      total: found.total,
      page,
      pages,
      pageSize: size,
      notices,
      searched,
    };
  }

  /** The instant a YYYY-MM-DD day (plus `addDays`) starts in the edition's zone. */
  #dayStart(value: string, addDays: number): number | undefined {
    const m = DATE_PARAM.exec(value);
    if (!m) return undefined;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d || y < 1900 || y > 2999) return undefined;
    const next = new Date(Date.UTC(y, mo - 1, d + addDays)).toISOString().slice(0, 10);
    return this.#time.parseLocal(`${next}T00:00`);
  }

  /**
   * Related articles: those sharing the series or tags (most shared first), topped up with
   * articles whose text is like this one's headline and summary. Published ones only, never itself.
   */
  async #related(article: Article, sections: SectionIndex, deps: Deps): Promise<ListItem[]> {
    const n = this.#options.relatedSize;
    // A new article in one of these tags or the series changes the choice.
    for (const t of article.tags) deps.add(cacheKeys.tag(t.id));
    if (article.seriesId !== null) deps.add(cacheKeys.series(article.seriesId));
    const ids = await this.#repos.articles.relatedByTags(article.id, article.tags.map((t) => t.id), article.seriesId, n);
    if (ids.length < n) {
      const words = `${article.headline} ${article.summary}`
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 2 && !STOPWORDS.has(w) && !VAGUE_WORDS.has(w));
      if (words.length > 0) {
        const similar = await this.#repos.search.search({
          query: anyOf(words),
          filters: {},
          order: 'relevance',
          limit: n + ids.length + 1,
          offset: 0,
          now: this.#clock.now(),
        });
        for (const hit of similar.hits) {
          if (ids.length >= n) break;
          if (hit.articleId !== article.id && !ids.includes(hit.articleId)) ids.push(hit.articleId);
        }
      }
    }
    return this.#items(await this.#repos.articles.summaries(ids), sections, deps);
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
      author?: AuthorProfile;
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

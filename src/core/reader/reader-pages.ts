/*
 * The reader's page models: what each page shows, as plain data the web layer renders, and the cache keys
 * it depends on (Deps). Built by ReaderService (reader-service.ts).
 */
import { SectionIndex } from '../content/article-path.ts';
import type { Article, ArticleSummary, Section, Series, Tag, Author, AuthorProfile, MediaAsset } from '../content/types.ts';
import type { SearchOrder } from '../ports.ts';
import { SEARCH_PHRASE_WINDOW, SNIPPET_MARK_END, SNIPPET_MARK_START } from '../search/search-query.ts';
import { WINDOW_LABELS, type RankingWindow } from '../ranking/ranking-snapshot.ts';

/** A list entry ready to render: the summary, its URL and its label (sub-section name). */
export interface ListItem {
  readonly article: ArticleSummary;
  readonly path: string;
  readonly label: string;
}

export const EMPTY_LIST: RankingList = Object.freeze({ items: [], windowLabel: WINDOW_LABELS['24h'], computedAt: undefined });

/** Every page model carries the cache keys of what it shows (see cache-keys.ts). */
export interface PageBase {
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
  readonly author?: AuthorProfile;
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
  /** Articles like this one: sharing tags or the series first, then similar in words. */
  readonly related: readonly ListItem[];
  readonly ranking: RankingList;
  /** Where correction notices link: the published corrections policy, if there is one. */
  readonly correctionsPolicy: string | undefined;
  /** The library's current state of each photo inside the body (core/content/body-photos.ts). */
  readonly bodyPhotos: ReadonlyMap<number, MediaAsset>;
}

/** A piece of a search snippet; `match` pieces are the words the reader searched for. */
export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

/** What the reader asked for, as the search form shows it back (dates as YYYY-MM-DD). */
export interface SearchParams {
  readonly q: string;
  readonly section?: string;
  readonly tag?: string;
  readonly author?: string;
  readonly from?: string;
  readonly to?: string;
  readonly order?: SearchOrder;
  readonly page?: number;
}

export interface SearchPage extends PageBase {
  /** The query as understood (normalized, cut to length). */
  readonly query: string;
  readonly params: SearchParams;
  readonly order: SearchOrder;
  readonly section?: Section;
  readonly tag?: Tag;
  readonly author?: Author;
  readonly results: readonly { readonly item: ListItem; readonly snippet: readonly SnippetPart[] }[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  readonly pageSize: number;
  /** Things the reader should know about how their query was read (shown above the results). */
  readonly notices: readonly string[];
  /** False when there was nothing to search for (empty box): the page shows just the form. */
  readonly searched: boolean;
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
  /** Results per search page, and the deepest page a search goes to. */
  readonly searchPageSize: number;
  readonly searchMaxPages: number;
  /** Quoted phrases are checked in this many of the newest articles holding their words (search-query.ts). */
  readonly searchPhraseWindow: number;
  /** Related articles on an article page. */
  readonly relatedSize: number;
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
  searchPageSize: 20,
  searchMaxPages: 25,
  searchPhraseWindow: SEARCH_PHRASE_WINDOW,
  relatedSize: 4,
});

/** Splits a snippet from the index at its match markers. */
export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  for (const piece of snippet.split(SNIPPET_MARK_START)) {
    const end = piece.indexOf(SNIPPET_MARK_END);
    if (end === -1) {
      if (piece) parts.push({ text: piece, match: false });
      continue;
    }
    if (end > 0) parts.push({ text: piece.slice(0, end), match: true });
    const rest = piece.slice(end + 1).replaceAll(SNIPPET_MARK_END, '');
    if (rest) parts.push({ text: rest, match: false });
  }
  return parts;
}

/** Where an article lives, resolved from a request path; `canonical` differs when it should redirect. */
export type ArticleLookup =
  | { readonly kind: 'found'; readonly page: ArticlePage }
  | { readonly kind: 'redirect'; readonly location: string };


/** The cache keys a page depends on, without repeats. */
export class Deps {
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

import type { RankingMeta } from './types.ts';

/**
 * Cache dependency keys. A rendered page records the keys of everything it shows;
 * a write returns the keys it changes; the cache drops pages whose keys intersect.
 */
export const cacheKeys = {
  /** The article itself and every list item showing it. */
  article: (id: number) => `article:${id}`,
  /** Lists of a section or sub-section. */
  section: (id: number) => `section:${id}`,
  tag: (id: number) => `tag:${id}`,
  series: (id: number) => `series:${id}`,
  author: (id: number) => `author:${id}`,
  /** A static page (/pages/{slug}/). */
  page: (id: number) => `page:${id}`,
  /** The home page's top stories and latest news. */
  home: 'home',
  /** The section tree shown in every page's navigation. */
  navigation: 'navigation',
  /** A ranking snapshot scope, e.g. ranking:site or ranking:tag:7. */
  ranking: (scope: string) => `ranking:${scope}`,
} as const;

/** Everything a change to a published article touches: its page, and every list it is (or was) in. */
export function articleInvalidations(states: readonly RankingMeta[]): string[] {
  const keys = new Set<string>([cacheKeys.home]);
  for (const a of states) {
    keys.add(cacheKeys.article(a.id));
    keys.add(cacheKeys.section(a.sectionId));
    keys.add(cacheKeys.section(a.subsectionId));
    if (a.seriesId !== null) keys.add(cacheKeys.series(a.seriesId));
    for (const t of a.tagIds) keys.add(cacheKeys.tag(t));
    for (const au of a.authorIds) keys.add(cacheKeys.author(au));
  }
  return [...keys];
}

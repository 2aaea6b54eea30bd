import type { SectionIndex } from '../content/article-path.ts';
import { articleInvalidations } from '../content/cache-keys.ts';
import type { RankingMeta } from '../content/types.ts';
import type { ArticleContent } from './article-content.ts';

/** The list memberships of an article's content, for computing what a change touches. */
export function metaOf(id: number, content: ArticleContent, sections: SectionIndex, publishedAt: number | null): RankingMeta {
  return {
    id,
    sectionId: sections.byId(content.subsectionId)?.parentId ?? content.subsectionId,
    subsectionId: content.subsectionId,
    seriesId: content.seriesId,
    tagIds: content.tagIds,
    authorIds: content.authorIds,
    publishedAt: publishedAt ?? 0,
  };
}

/**
 * Keys a change touches: nothing while the article is invisible before and after; otherwise the
 * article and every list it was in or is now in.
 */
export function changeInvalidations(
  before: { visible: boolean; meta: RankingMeta },
  after: { visible: boolean; meta: RankingMeta },
): string[] {
  const states = [before, after].filter((s) => s.visible).map((s) => s.meta);
  return states.length === 0 ? [] : articleInvalidations(states);
}

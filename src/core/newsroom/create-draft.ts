import type { Actor } from '../access/types.ts';
import { SectionIndex } from '../content/article-path.ts';
import { createArticle } from '../content/create-article.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Storage } from '../ports.ts';

/**
 * Starts an article: a draft with a headline in a sub-section, bylined to its writer. The rest
 * is written in the editor, which autosaves it.
 */
export async function createDraft(
  deps: { storage: Storage; clock: Clock },
  actor: Actor,
  input: { headline: string; subsectionId: number },
): Promise<{ id: number }> {
  const sections = new SectionIndex(await deps.storage.sections.listAll());
  const subsection = sections.byId(input.subsectionId);
  if (!subsection || subsection.parentId === null) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'section', detail: 'choose a sub-section' });
  }
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) =>
    createArticle(
      tx,
      {
        status: 'draft', subsection, headline: input.headline, summary: '', bodyHtml: '', dateline: '',
        leadMediaId: null, leadCaption: null, leadCredit: null, leadAlt: null, seriesId: null, isTopStory: false,
        publishedAt: null, tagIds: [], authorIds: actor.authorId !== null ? [actor.authorId] : [], sourceKey: null,
        updates: [], createdBy: actor.id,
      },
      now,
    ),
  );
}

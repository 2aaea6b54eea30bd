import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import type { ArticleSummary } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Storage } from '../ports.ts';
import { forbid } from './article-access.ts';

/** At most this many top stories can be placed (the home page shows the first few). */
export const MAX_TOP_STORIES = 30;

export interface FrontPage {
  /** The top stories in front-page order. */
  readonly top: readonly ArticleSummary[];
  /** Recent published articles that could join them. */
  readonly candidates: readonly ArticleSummary[];
}

function requirePlacement(actor: Actor): void {
  if (!actorCan(actor, 'article:edit-placement')) forbid('only editors arrange the front page');
}

/** What the curation screen shows: the current order and what could be added. */
export async function frontPage(deps: { storage: Storage }, actor: Actor): Promise<FrontPage> {
  requirePlacement(actor);
  const top = await deps.storage.articles.list({ kind: 'top' }, { limit: MAX_TOP_STORIES, offset: 0 });
  const candidates = await deps.storage.articles.list({ kind: 'all' }, { limit: 60, offset: 0, excludeIds: top.items.map((a) => a.id) });
  return { top: top.items, candidates: candidates.items };
}

/**
 * Sets the top stories and their order (the curation screen's save): validate → authorize → write
 * in one transaction with its audit entry → invalidate the home page. Placement is not content: no
 * article's version changes, so nobody's open editor goes stale because the front page moved.
 */
export async function arrangeFrontPage(deps: { storage: Storage; clock: Clock }, actor: Actor, ids: readonly number[]): Promise<string[]> {
  if (new Set(ids).size !== ids.length) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'top stories', detail: 'a story is listed twice' });
  if (ids.length > MAX_TOP_STORIES) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'top stories', detail: `at most ${MAX_TOP_STORIES}` });
  requirePlacement(actor);
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) => {
    const found = await tx.articles.summaries(ids);
    if (found.length !== ids.length) {
      throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'top stories', detail: 'only published articles can be top stories' });
    }
    await tx.articles.setTopStories(ids);
    await tx.audit.record({ at: now, userId: actor.id, action: 'frontpage.arrange', target: 'home', detail: ids.join(',') });
    // The home page shows the order; an article that joins or leaves shows its flag in the newsroom only.
    const keys = [cacheKeys.home];
    await tx.invalidations.append(keys, now);
    return keys;
  });
}

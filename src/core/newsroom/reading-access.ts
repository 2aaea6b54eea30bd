import { actorCan, type Actor } from '../access/types.ts';
import { articleInvalidations } from '../content/cache-keys.ts';
import { isArticleAccess, type ArticleAccess } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Storage } from '../ports.ts';
import { forbid } from './article-access.ts';

/**
 * Says who may read an article (everyone, members, paying members): validate → authorize → one
 * transaction with its audit entry → invalidations. Like placement, it is not content: no version
 * changes, so nobody's open editor goes stale. The page, every list showing its teaser and the
 * search index follow from the invalidated keys.
 */
export async function setReadingAccess(deps: { storage: Storage; clock: Clock }, actor: Actor, articleId: number, access: unknown): Promise<string[]> {
  if (!isArticleAccess(access)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'access', detail: 'public, members or paid' });
  if (!actorCan(actor, 'article:access')) forbid('only editors decide who may read an article');
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) => {
    const article = await tx.articles.findForEdit(articleId);
    if (!article) throw new BroadsheetError('BS_ERR_ARTICLE_NOT_FOUND', { id: articleId });
    if (article.access === access) return [];
    await tx.articles.setAccess(articleId, access);
    await tx.audit.record({ at: now, userId: actor.id, action: 'article.access', target: `article:${articleId}`, detail: `${article.access} → ${access}` });
    const meta = await tx.articles.rankingMeta([articleId]);
    const keys = meta.length > 0 ? articleInvalidations(meta) : [];
    if (keys.length > 0) await tx.invalidations.append(keys, now);
    return keys;
  });
}

export type { ArticleAccess };

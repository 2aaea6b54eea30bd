import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { EditableArticle } from './article-content.ts';

/** The actor wrote it: created it, or is among its bylines. */
export function isOwner(actor: Actor, article: EditableArticle): boolean {
  return article.createdBy === actor.id || (actor.authorId !== null && article.content.authorIds.includes(actor.authorId));
}

export function canView(actor: Actor, article: EditableArticle): boolean {
  return actorCan(actor, 'article:edit-any') || isOwner(actor, article);
}

/** Contributors edit their own drafts until they are published; writers their own articles; editors any. */
export function canEdit(actor: Actor, article: EditableArticle): boolean {
  if (actorCan(actor, 'article:edit-any')) return true;
  if (!isOwner(actor, article)) return false;
  if (actorCan(actor, 'article:publish-own')) return true;
  return article.status === 'draft' || article.status === 'in_review';
}

export function canPublish(actor: Actor, article: EditableArticle): boolean {
  return actorCan(actor, 'article:publish-any') || (actorCan(actor, 'article:publish-own') && isOwner(actor, article));
}

export function forbid(detail: string): never {
  throw new BroadsheetError('BS_ERR_AUTH_FORBIDDEN', { detail });
}

/**
 * Loads an article for an actor. Articles the actor may not see are reported as not found,
 * so ids of other people's drafts cannot be probed.
 */
export async function loadVisible(
  find: (id: number) => Promise<EditableArticle | undefined>,
  actor: Actor,
  id: number,
): Promise<EditableArticle> {
  const article = await find(id);
  if (!article || !canView(actor, article)) throw new BroadsheetError('BS_ERR_ARTICLE_NOT_FOUND', { id });
  return article;
}

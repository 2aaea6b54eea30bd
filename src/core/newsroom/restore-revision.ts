import type { Actor } from '../access/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, Storage } from '../ports.ts';
import { loadVisible } from './article-access.ts';
import { saveArticle, type SaveResult } from './save-article.ts';

/**
 * Restores an old revision by saving its content as a new revision (history is never rewritten).
 * The usual save rules apply: edit rights, the version check, and for a live article a silent change
 * unless the editor says otherwise.
 */
export async function restoreRevision(
  deps: { storage: Storage; clock: Clock },
  actor: Actor,
  input: { articleId: number; revisionId: number; baseVersion: number },
): Promise<SaveResult> {
  await loadVisible((id) => deps.storage.articles.findForEdit(id), actor, input.articleId);
  const revision = await deps.storage.revisions.get(input.articleId, input.revisionId);
  if (!revision) throw new BroadsheetError('BS_ERR_REVISION_NOT_FOUND', { id: input.revisionId });
  return saveArticle(deps, actor, {
    articleId: input.articleId,
    baseVersion: input.baseVersion,
    content: revision.content,
    mode: 'restore',
    publicChange: { kind: 'silent', note: '' },
    note: `restored revision ${revision.id}`,
  });
}

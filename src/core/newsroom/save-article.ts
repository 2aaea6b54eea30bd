import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { SectionIndex } from '../content/article-path.ts';
import { ARTICLE_LIMITS } from '../content/limits.ts';
import { plainText } from '../content/plain-text.ts';
import { rawHtmlOnlyKept } from '../content/raw-html.ts';
import { sanitizeBody } from '../content/sanitize.ts';
import { BroadsheetError } from '../errors.ts';
import type { Clock, RevisionKind, Storage } from '../ports.ts';
import { changedFields, contentOf, normalizeContent, type ArticleContent } from './article-content.ts';
import { canEdit, forbid, loadVisible } from './article-access.ts';
import { changeInvalidations, metaOf } from './invalidation.ts';
import { checkReferences } from './references.ts';
import { emitArticleEvent } from '../webhooks/webhook-events.ts';

/** How a change to a live article shows to readers. */
export interface PublicChange {
  /** update: "(Update N)" goes up; correction: a correction note is shown; silent: a fix readers need not be told of. */
  readonly kind: 'update' | 'correction' | 'silent';
  readonly note: string;
}

export interface SaveInput {
  readonly articleId: number;
  /** The version the editor started from. */
  readonly baseVersion: number;
  readonly content: ArticleContent;
  /** autosave of a live article keeps a revision only; the live page changes on an explicit save. */
  readonly mode: 'save' | 'autosave' | 'restore';
  readonly publicChange?: PublicChange;
  readonly note?: string;
}

export interface SaveResult {
  readonly version: number;
  readonly revisionId: number;
  /** False when an autosave of a live article was kept as a revision only. */
  readonly applied: boolean;
  readonly invalidates: readonly string[];
}

const LIVE = new Set(['published', 'scheduled']);

/**
 * Saves an article: access → validate (fields, who may change what, references) → write if the
 * article is still at the editor's version → revision → public history → invalidations.
 * A stale save writes nothing to the article but keeps the text as a "conflict" revision, then
 * fails with BS_ERR_ARTICLE_CONFLICT: two editors never silently overwrite each other.
 */
export async function saveArticle(deps: { storage: Storage; clock: Clock }, actor: Actor, input: SaveInput): Promise<SaveResult> {
  const { storage, clock } = deps;
  // access
  const article = await loadVisible((id) => storage.articles.findForEdit(id), actor, input.articleId);
  if (!canEdit(actor, article)) forbid(article.status === 'published' ? 'contributors cannot change published articles' : 'this is not your article');

  // validate
  const sections = new SectionIndex(await storage.sections.listAll());
  const stored = normalizeContent({ ...input.content, seo: input.content.seo ?? article.content.seo }, sections);
  if (stored.isTopStory !== article.content.isTopStory && !actorCan(actor, 'article:edit-placement')) {
    forbid('only editors mark top stories');
  }
  if (JSON.stringify(stored.authorIds) !== JSON.stringify(article.content.authorIds) && !actorCan(actor, 'article:edit-placement')) {
    forbid('only editors change bylines');
  }
  if (!actorCan(actor, 'article:raw-html') && !rawHtmlOnlyKept(sanitizeBody(article.content.bodyHtml), stored.bodyHtml)) {
    forbid('only editors add or change raw-HTML blocks; keep the ones in the article as they are');
  }
  const change: PublicChange = input.publicChange ?? { kind: 'update', note: '' };
  const note = plainText('note', change.note, { max: ARTICLE_LIMITS.updateNote });
  if (article.status === 'published' && change.kind === 'correction' && note === '') {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'note', detail: 'a correction needs a note saying what was wrong' });
  }

  const now = clock.now();
  const outcome = await storage.transaction(async (tx) => {
    await checkReferences(tx, stored);
    if (input.mode === 'autosave' && LIVE.has(article.status)) {
      const revisionId = await tx.revisions.add({
        articleId: article.id, version: article.version, kind: 'autosave', status: article.status,
        userId: actor.id, note: 'autosave of a live article (not published)', createdAt: now, content: contentOf(stored),
      });
      return { kind: 'kept' as const, revisionId };
    }
    // write
    const published = article.status === 'published';
    // The slug and search/social fields are not text readers read: changing only them is never "(Update N)".
    const changed = changedFields(article.content, stored);
    const readerFacing = changed.length === 0 || changed.some((f) => f !== 'seo');
    const visibleChange = published && change.kind !== 'silent' && readerFacing;
    const version = await tx.articles.updateContent(article.id, input.baseVersion, stored, now, visibleChange ? now : undefined);
    if (version === undefined) {
      const revisionId = await tx.revisions.add({
        articleId: article.id, version: input.baseVersion, kind: 'conflict', status: article.status,
        userId: actor.id, note: `not saved: based on version ${input.baseVersion}, but the article had moved on`, createdAt: now,
        content: contentOf(stored),
      });
      return { kind: 'conflict' as const, revisionId };
    }
    // revision
    const kind: RevisionKind = input.mode;
    const revisionId = await tx.revisions.add({
      articleId: article.id, version, kind, status: article.status, userId: actor.id,
      note: input.note ?? (published ? `${change.kind}${note ? `: ${note}` : ''}` : ''), createdAt: now, content: contentOf(stored),
    });
    // public history
    if (visibleChange) await tx.articles.addUpdate(article.id, { kind: change.kind as 'update' | 'correction', note, at: now });
    // what readers see changed
    const invalidates = changeInvalidations(
      { visible: published, meta: metaOf(article.id, article.content, sections, article.publishedAt) },
      { visible: published, meta: metaOf(article.id, stored, sections, article.publishedAt) },
    );
    await tx.invalidations.append(invalidates, now);
    if (published) {
      const subject = { id: article.id, headline: stored.headline, status: article.status, version, publishedAt: article.publishedAt, updatedAt: visibleChange ? now : article.updatedAt };
      await emitArticleEvent(tx, visibleChange && change.kind === 'correction' ? 'article.corrected' : 'article.updated', subject, now, visibleChange ? note : '');
    }
    return { kind: 'saved' as const, version, revisionId, invalidates };
  });

  if (outcome.kind === 'conflict') {
    const current = await storage.articles.findForEdit(article.id);
    throw new BroadsheetError('BS_ERR_ARTICLE_CONFLICT', { current: current?.version ?? article.version, revision: outcome.revisionId });
  }
  if (outcome.kind === 'kept') return { version: article.version, revisionId: outcome.revisionId, applied: false, invalidates: [] };
  return { version: outcome.version, revisionId: outcome.revisionId, applied: true, invalidates: outcome.invalidates };
}

import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { SectionIndex } from '../content/article-path.ts';
import type { ArticleStatus } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { ArticleState, Clock, Storage } from '../ports.ts';
import { canEdit, canPublish, forbid, isOwner, loadVisible } from './article-access.ts';
import type { EditableArticle } from './article-content.ts';
import { contentOf, normalizeContent } from './article-content.ts';
import { changeInvalidations, metaOf } from './invalidation.ts';
import { publishChecklist, type ChecklistMode } from './publish-checklist.ts';
import { emitArticleEvent } from '../webhooks/webhook-events.ts';

export const WORKFLOW_ACTIONS = ['submit', 'return', 'publish', 'schedule', 'unschedule', 'unpublish'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

interface Transition {
  readonly from: readonly ArticleStatus[];
  readonly to: ArticleStatus;
  /** Who may take this step for this article. */
  readonly allowed: (actor: Actor, article: EditableArticle) => boolean;
  readonly label: string;
}

/**
 * The workflow as data: draft → in review → scheduled or published → unpublished, and back.
 * Publishing-type steps need publish rights for the article; submitting and withdrawing need edit rights.
 */
export const TRANSITIONS: Readonly<Record<WorkflowAction, Transition>> = {
  submit: { from: ['draft'], to: 'in_review', allowed: canEdit, label: 'submitted for review' },
  return: {
    from: ['in_review', 'unpublished'],
    to: 'draft',
    allowed: (a, art) => actorCan(a, 'article:edit-any') || isOwner(a, art),
    label: 'returned to draft',
  },
  publish: { from: ['draft', 'in_review', 'scheduled', 'unpublished'], to: 'published', allowed: canPublish, label: 'published' },
  schedule: { from: ['draft', 'in_review', 'scheduled', 'unpublished'], to: 'scheduled', allowed: canPublish, label: 'scheduled' },
  unschedule: { from: ['scheduled'], to: 'draft', allowed: canPublish, label: 'unscheduled' },
  unpublish: { from: ['published'], to: 'unpublished', allowed: canPublish, label: 'unpublished' },
};

/** The steps an actor can take on an article now (for the editor's buttons). */
export function availableActions(actor: Actor, article: EditableArticle): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((a) => TRANSITIONS[a].from.includes(article.status) && TRANSITIONS[a].allowed(actor, article));
}

export interface StatusInput {
  readonly articleId: number;
  readonly baseVersion: number;
  readonly action: WorkflowAction;
  /** For `schedule`: when it goes out. */
  readonly at?: number;
}

export interface StatusResult {
  readonly status: ArticleStatus;
  readonly version: number;
  readonly invalidates: readonly string[];
}

/**
 * Moves an article through the workflow: access → validate the step → write (version-checked)
 * → revision → invalidations. Publishing keeps the first publication time (a republished
 * article keeps its URL); scheduling stores the time and publishes nothing until then.
 */
export async function changeStatus(deps: { storage: Storage; clock: Clock; checklist?: ChecklistMode }, actor: Actor, input: StatusInput): Promise<StatusResult> {
  const { storage, clock } = deps;
  const now = clock.now();
  const article = await loadVisible((id) => storage.articles.findForEdit(id), actor, input.articleId);
  const t = TRANSITIONS[input.action];
  if (!t.from.includes(article.status)) {
    throw new BroadsheetError('BS_ERR_ARTICLE_TRANSITION', { status: article.status.replace('_', ' '), action: t.label });
  }
  if (!t.allowed(actor, article)) {
    forbid(t.to === 'published' || t.to === 'scheduled' || t.to === 'unpublished' ? `your role cannot ${input.action} this article` : 'this is not your article');
  }
  if (input.baseVersion !== article.version) {
    throw new BroadsheetError('BS_ERR_ARTICLE_STALE', { current: article.version });
  }
  const sections = new SectionIndex(await storage.sections.listAll());
  // Publishing needs content that passes today's rules (a draft may predate a rule).
  if (t.to === 'published' || t.to === 'scheduled' || t.to === 'in_review') normalizeContent(article.content, sections);
  if ((t.to === 'published' || t.to === 'scheduled') && deps.checklist === 'block') {
    const lead = article.content.leadMediaId === null ? undefined : await storage.media.findById(article.content.leadMediaId);
    const failing = publishChecklist(article.content, lead).filter((c) => !c.ok);
    if (failing.length > 0) throw new BroadsheetError('BS_ERR_ARTICLE_CHECKLIST', { detail: failing.map((c) => c.label.toLowerCase()).join('; ') });
  }

  let state: ArticleState;
  switch (input.action) {
    case 'publish':
      state = { status: 'published', publishedAt: article.publishedAt ?? now, updatedAt: article.updatedAt, scheduledFor: null };
      break;
    case 'schedule': {
      if (input.at === undefined || !Number.isFinite(input.at)) {
        throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'time', detail: 'choose when to publish' });
      }
      if (input.at <= now) throw new BroadsheetError('BS_ERR_ARTICLE_SCHEDULE_PAST');
      state = { status: 'scheduled', publishedAt: article.publishedAt, updatedAt: article.updatedAt, scheduledFor: input.at };
      break;
    }
    default:
      state = { status: t.to, publishedAt: article.publishedAt, updatedAt: article.updatedAt, scheduledFor: null };
  }

  const result = await storage.transaction(async (tx) => {
    const version = await tx.articles.updateState(article.id, article.version, state, now);
    if (version === undefined) return undefined;
    await tx.revisions.add({
      articleId: article.id, version, kind: 'status', status: state.status, userId: actor.id,
      note: input.action === 'schedule' ? `scheduled for ${new Date(state.scheduledFor as number).toISOString()}` : t.label,
      createdAt: now, content: contentOf(article.content),
    });
    const invalidates = changeInvalidations(
      { visible: article.status === 'published', meta: metaOf(article.id, article.content, sections, article.publishedAt) },
      { visible: state.status === 'published', meta: metaOf(article.id, article.content, sections, state.publishedAt) },
    );
    await tx.invalidations.append(invalidates, now);
    await tx.audit.record({ at: now, userId: actor.id, action: `article.${input.action}`, target: `article:${article.id}`, detail: '' });
    const subject = { id: article.id, headline: article.content.headline, status: state.status, version, publishedAt: state.publishedAt, updatedAt: state.updatedAt };
    if (state.status === 'published') await emitArticleEvent(tx, 'article.published', subject, now);
    else if (article.status === 'published') await emitArticleEvent(tx, 'article.unpublished', subject, now);
    return { version, invalidates };
  });
  if (!result) {
    const current = await storage.articles.findForEdit(article.id);
    throw new BroadsheetError('BS_ERR_ARTICLE_STALE', { current: current?.version ?? article.version });
  }
  return { status: state.status, version: result.version, invalidates: result.invalidates };
}

/**
 * Publishes every scheduled article whose time has come. Idempotent and safe with several
 * processes: each article moves with a version-checked update, so only one process wins it.
 * Runs on a timer and once at boot (catching up anything due while the site was down).
 */
export async function publishDue(deps: { storage: Storage; clock: Clock }, limit = 100): Promise<{ published: number[]; invalidates: string[] }> {
  const { storage, clock } = deps;
  const now = clock.now();
  const due = await storage.articles.dueScheduled(now, limit);
  if (due.length === 0) return { published: [], invalidates: [] };
  const sections = new SectionIndex(await storage.sections.listAll());
  const published: number[] = [];
  const keys = new Set<string>();
  for (const { id } of due) {
    const article = await storage.articles.findForEdit(id);
    if (!article || article.status !== 'scheduled' || article.scheduledFor === null || article.scheduledFor > now) continue;
    const publishedAt = article.publishedAt ?? article.scheduledFor;
    const done = await storage.transaction(async (tx) => {
      const version = await tx.articles.updateState(id, article.version, { status: 'published', publishedAt, updatedAt: article.updatedAt, scheduledFor: null }, now);
      if (version === undefined) return undefined;
      await tx.revisions.add({
        articleId: id, version, kind: 'status', status: 'published', userId: null, note: 'published on schedule',
        createdAt: now, content: contentOf(article.content),
      });
      const invalidates = changeInvalidations(
        { visible: false, meta: metaOf(id, article.content, sections, null) },
        { visible: true, meta: metaOf(id, article.content, sections, publishedAt) },
      );
      await tx.invalidations.append(invalidates, now);
      await emitArticleEvent(tx, 'article.published', { id, headline: article.content.headline, status: 'published', version, publishedAt, updatedAt: article.updatedAt }, now);
      return invalidates;
    });
    if (done) {
      published.push(id);
      for (const k of done) keys.add(k);
    }
  }
  return { published, invalidates: [...keys] };
}

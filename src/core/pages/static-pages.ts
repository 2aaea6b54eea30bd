import { actorCan } from '../access/types.ts';
import type { Actor } from '../access/types.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import { plainText } from '../content/plain-text.ts';
import { sanitizeBody } from '../content/sanitize.ts';
import { RESERVED_SLUGS, SLUG_PATTERN } from '../content/slug.ts';
import type { ListPage } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import { emitPageEvent } from '../webhooks/webhook-events.ts';
import type { Clock, Storage } from '../ports.ts';
import { forbid } from '../newsroom/article-access.ts';
import type { PageRevision, StaticPage } from './page-ports.ts';

/**
 * Static pages: About, Contact, Privacy, Terms, the corrections policy, the masthead. They live at
 * /pages/{slug}/, are written in the article editor's body format, and keep a revision per save.
 * Editors and admins write them.
 */
export interface PageInput {
  readonly slug: string;
  readonly title: string;
  readonly bodyHtml: string;
  readonly status: 'draft' | 'published';
}

/** The slug of the page every correction notice links to, when it exists and is published. */
export const CORRECTIONS_POLICY_SLUG = 'corrections-policy';

function requireEditor(actor: Actor): void {
  if (!actorCan(actor, 'site:edit')) forbid('editors and admins edit pages and menus');
}

function clean(input: PageInput): PageInput {
  const slug = input.slug.trim().toLowerCase();
  if (!SLUG_PATTERN.test(slug) || slug.length > 80 || RESERVED_SLUGS.has(slug)) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'slug', detail: 'lower-case letters, digits and single hyphens, at most 80 characters' });
  }
  if (input.bodyHtml.length > 500_000) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'body', detail: 'at most 500000 characters of HTML' });
  return { slug, title: plainText('title', input.title, { max: 200, required: true, oneLine: true }), bodyHtml: sanitizeBody(input.bodyHtml), status: input.status };
}

export async function listPages(deps: { storage: Storage }, actor: Actor): Promise<StaticPage[]> {
  requireEditor(actor);
  return deps.storage.pages.list();
}

export async function loadPage(deps: { storage: Storage }, actor: Actor, id: number): Promise<{ page: StaticPage; revisions: ListPage<PageRevision> }> {
  requireEditor(actor);
  const page = await deps.storage.pages.findById(id);
  if (!page) throw new BroadsheetError('BS_ERR_NOT_FOUND');
  return { page, revisions: await deps.storage.pages.revisions(id, { limit: 20, offset: 0 }) };
}

/** Creates a page (a draft unless asked); its first revision and audit entry in the same transaction. */
export async function createPage(deps: { storage: Storage; clock: Clock }, actor: Actor, input: PageInput): Promise<{ id: number; invalidates: string[] }> {
  requireEditor(actor);
  const page = clean(input);
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) => {
    if (await tx.pages.findBySlug(page.slug)) throw new BroadsheetError('BS_ERR_TAXONOMY_EXISTS', { kind: 'page', slug: page.slug });
    const id = await tx.pages.create({ ...page, at: now, userId: actor.id });
    await tx.pages.addRevision({ pageId: id, version: 1, title: page.title, bodyHtml: page.bodyHtml, userId: actor.id, createdAt: now });
    await tx.audit.record({ at: now, userId: actor.id, action: 'page.create', target: `page:${id}`, detail: page.slug });
    if (page.status === 'published') await emitPageEvent(tx, { id, slug: page.slug, title: page.title, status: page.status, version: 1 }, now);
    const keys = [cacheKeys.page(id)];
    await tx.invalidations.append(keys, now);
    return { id, invalidates: keys };
  });
}

/** Saves a page if it is still at the editor's version (else BS_ERR_ARTICLE_STALE, nothing written). */
export async function savePage(deps: { storage: Storage; clock: Clock }, actor: Actor, id: number, baseVersion: number, input: PageInput): Promise<{ version: number; invalidates: string[] }> {
  requireEditor(actor);
  const page = clean(input);
  const now = deps.clock.now();
  return deps.storage.transaction(async (tx) => {
    const current = await tx.pages.findById(id);
    if (!current) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    const other = await tx.pages.findBySlug(page.slug);
    if (other && other.id !== id) throw new BroadsheetError('BS_ERR_TAXONOMY_EXISTS', { kind: 'page', slug: page.slug });
    const version = await tx.pages.update(id, baseVersion, { ...page, at: now, userId: actor.id });
    if (version === undefined) throw new BroadsheetError('BS_ERR_ARTICLE_STALE', { current: current.version });
    await tx.pages.addRevision({ pageId: id, version, title: page.title, bodyHtml: page.bodyHtml, userId: actor.id, createdAt: now });
    await tx.audit.record({ at: now, userId: actor.id, action: 'page.save', target: `page:${id}`, detail: `${page.status} ${page.slug}` });
    // Drafts are nobody's business outside the newsroom: only a change readers can see (or stop seeing) is told.
    if (page.status === 'published' || current.status === 'published') await emitPageEvent(tx, { id, slug: page.slug, title: page.title, status: page.status, version }, now);
    const keys = [cacheKeys.page(id)];
    await tx.invalidations.append(keys, now);
    return { version, invalidates: keys };
  });
}

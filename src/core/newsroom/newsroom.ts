import { actorCan } from '../access/types.ts';
import type { Actor, User } from '../access/types.ts';
import { SectionIndex } from '../content/article-path.ts';
import type { Article, ArticleStatus, Author, AuthorProfile, ListPage, MediaAsset, Series, Tag } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { AuditEntry, Clock, ImageProcessor, MediaFiles, NewsroomListItem, NewsroomSort, Revision, Storage } from '../ports.ts';
import type { RankingHold, ViewSource } from '../ranking/ranking-ports.ts';
import { bucketStart, type BucketCount } from '../ranking/buckets.ts';
import { TIME } from '../time/edition-time.ts';
import type { EditableArticle } from './article-content.ts';
import { canEdit, forbid, loadVisible } from './article-access.ts';
import { availableActions, changeStatus, type StatusInput, type StatusResult, type WorkflowAction } from './change-status.ts';
import { createDraft } from './create-draft.ts';
import { restoreRevision } from './restore-revision.ts';
import { diffContent, type FieldDiff } from './revision-diff.ts';
import { saveArticle, type SaveInput, type SaveResult } from './save-article.ts';
import { createSection, createSeries, createTag, renameTag, updateSection, updateSeries } from './taxonomy.ts';
import { deleteSection, deleteTag, describeTag, mergeTag, moveSection } from './taxonomy-curation.ts';
import { bulkUpdateMedia, replaceMediaFile, setFocalPoint, updateMediaMetadata, uploadMedia, type MediaMetadata } from './upload-media.ts';
import { addNote, articleNotes, heartbeat, leave, type PresenceState } from './collaboration.ts';
import type { ArticleNote } from './collaboration-ports.ts';
import type { ChecklistMode } from './publish-checklist.ts';
import { arrangeFrontPage, frontPage, type FrontPage } from './front-page.ts';
import { editProfile, loadProfile, type ProfileInput } from './profiles.ts';
import { createPage, listPages, loadPage, savePage, type PageInput } from '../pages/static-pages.ts';
import { saveMenu, siteMenus } from '../pages/menus.ts';
import { setReadingAccess } from './reading-access.ts';
import { addRedirect, listRedirects, removeRedirect } from '../pages/redirects.ts';
import type { MenuItem, MenuName, PageRevision, Redirect, SiteMenus, StaticPage } from '../pages/page-ports.ts';

export interface NewsroomDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly files: MediaFiles;
  readonly processor: ImageProcessor;
  /** warn: the editor shows the pre-publish checklist; block: publishing waits until it passes. */
  readonly checklist?: ChecklistMode;
  /** Where the per-article readers chart reads counts. */
  readonly viewSource: ViewSource;
}

export type MediaWithUploader = MediaAsset & { readonly uploadedBy: number | null };

/** What the article editor shows besides the article: the choices, and how it is read. */
export interface EditorData {
  readonly article: EditableArticle;
  readonly sections: SectionIndex;
  readonly tags: readonly (Tag & { readonly articles: number })[];
  readonly authors: readonly Author[];
  readonly series: readonly Series[];
  readonly media: readonly MediaWithUploader[];
  readonly actions: readonly WorkflowAction[];
  readonly canEdit: boolean;
  readonly checklist: ChecklistMode;
  readonly readers: {
    readonly hourly: readonly BucketCount[];
    readonly hourFrom: number;
    readonly daily: readonly BucketCount[];
    readonly dayFrom: number;
    readonly excluded: boolean;
    readonly hold: RankingHold | undefined;
    readonly canManage: boolean;
  };
}

export interface ArticleListQuery {
  readonly status?: ArticleStatus;
  readonly sectionId?: number;
  readonly authorId?: number;
  readonly query?: string;
  /** Only articles the actor created or is bylined on. */
  readonly mine?: boolean;
  readonly publishedFrom?: number;
  readonly publishedBefore?: number;
  readonly sort?: NewsroomSort;
  readonly page: number;
  readonly pageSize: number;
}

export type RankingAction = 'exclude' | 'include' | 'release';

/**
 * Every newsroom use case, one method each: the newsroom pages call these today and the Admin API
 * will call the same. Each checks who may do it; writes run in one transaction with their audit entry
 * and return the cache keys they invalidated. Nothing outside core sees `Storage`.
 */
export class Newsroom {
  readonly #deps: NewsroomDeps;

  constructor(deps: NewsroomDeps) {
    this.#deps = deps;
  }

  get #storage(): Storage {
    return this.#deps.storage;
  }

  // ---- articles ----

  /** One article as the actor may see it; other people's drafts read as not found. */
  article(actor: Actor, id: number): Promise<EditableArticle> {
    return loadVisible((x) => this.#storage.articles.findForEdit(x), actor, id);
  }

  /** The current state of an article the actor has seen, or undefined when it has gone. */
  current(id: number): Promise<EditableArticle | undefined> {
    return this.#storage.articles.findForEdit(id);
  }

  actions(actor: Actor, article: EditableArticle): WorkflowAction[] {
    return availableActions(actor, article);
  }

  /** The article list: everything for editors, own articles (started or bylined) for the rest. */
  /**
   * The newsroom's article list, scoped by role (contributors and writers see their own), with each
   * listed article's views over the last 7 days.
   */
  async listArticles(actor: Actor, q: ArticleListQuery): Promise<{ result: ListPage<NewsroomListItem>; everything: boolean; views: ReadonlyMap<number, number> }> {
    const everything = actorCan(actor, 'article:edit-any');
    const result = await this.#storage.articles.listForNewsroom(
      {
        ...(q.status ? { status: q.status } : {}),
        ...(q.sectionId !== undefined ? { sectionId: q.sectionId } : {}),
        ...(q.authorId !== undefined ? { authorId: q.authorId } : {}),
        ...(q.query?.trim() ? { query: q.query.trim() } : {}),
        ...(q.publishedFrom !== undefined ? { publishedFrom: q.publishedFrom } : {}),
        ...(q.publishedBefore !== undefined ? { publishedBefore: q.publishedBefore } : {}),
        ...(q.sort ? { sort: q.sort } : {}),
        ...(everything && !q.mine ? {} : { ownedBy: { userId: actor.id, authorId: actor.authorId } }),
      },
      { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
    );
    // One short series per listed article (a page is at most a few dozen), not every article's counts.
    const now = this.#deps.clock.now();
    const from = bucketStart(now, '1d') - 6 * TIME.DAY;
    const views = new Map<number, number>();
    await Promise.all(
      result.items
        .filter((a) => a.publishedAt !== null)
        .map(async (a) => views.set(a.id, (await this.#deps.viewSource.series(a.id, '1d', from, now + TIME.DAY)).reduce((sum, b) => sum + b.views, 0))),
    );
    return { result, everything, views };
  }

  /** A person's byline profile: name, title, biography, portrait (self, or admins for anyone). */
  profile(actor: Actor, userId: number): Promise<AuthorProfile> {
    return loadProfile(this.#deps, actor, userId);
  }

  /** Edits a profile; returns what to invalidate (the author page and the bylined articles). */
  editProfile(actor: Actor, userId: number, input: ProfileInput): Promise<string[]> {
    return editProfile(this.#deps, actor, userId, input);
  }

  // ---- taxonomy curation ----
  describeTag(actor: Actor, id: number, description: string): Promise<string[]> {
    return describeTag(this.#deps, actor, id, description);
  }

  mergeTag(actor: Actor, from: number, into: number): Promise<string[]> {
    return mergeTag(this.#deps, actor, from, into);
  }

  deleteTag(actor: Actor, id: number): Promise<string[]> {
    return deleteTag(this.#deps, actor, id);
  }

  moveSection(actor: Actor, id: number, direction: 'up' | 'down'): Promise<string[]> {
    return moveSection(this.#deps, actor, id, direction);
  }

  deleteSection(actor: Actor, id: number): Promise<string[]> {
    return deleteSection(this.#deps, actor, id);
  }

  // ---- collaboration: presence, the soft lock, notes ----
  heartbeat(actor: Actor, articleId: number, takeover = false): Promise<PresenceState> {
    return heartbeat(this.#deps, actor, articleId, takeover);
  }

  leaveArticle(actor: Actor, articleId: number): Promise<void> {
    return leave(this.#deps, actor, articleId);
  }

  notes(actor: Actor, articleId: number): Promise<(ArticleNote & { readonly author: string })[]> {
    return articleNotes(this.#deps, actor, articleId);
  }

  addNote(actor: Actor, articleId: number, body: string): Promise<void> {
    return addNote(this.#deps, actor, articleId, body);
  }

  // ---- static pages and menus ----
  pages(actor: Actor): Promise<StaticPage[]> {
    return listPages(this.#deps, actor);
  }

  page(actor: Actor, id: number): Promise<{ page: StaticPage; revisions: ListPage<PageRevision> }> {
    return loadPage(this.#deps, actor, id);
  }

  createPage(actor: Actor, input: PageInput): Promise<{ id: number; invalidates: string[] }> {
    return createPage(this.#deps, actor, input);
  }

  savePage(actor: Actor, id: number, baseVersion: number, input: PageInput): Promise<{ version: number; invalidates: string[] }> {
    return savePage(this.#deps, actor, id, baseVersion, input);
  }

  redirects(actor: Actor, query = '', page = 1): ReturnType<typeof listRedirects> {
    return listRedirects(this.#deps, actor, query, page);
  }

  addRedirect(actor: Actor, from: string, to: string): Promise<Redirect> {
    return addRedirect(this.#deps, actor, from, to);
  }

  removeRedirect(actor: Actor, from: string): Promise<void> {
    return removeRedirect(this.#deps, actor, from);
  }

  menus(): Promise<SiteMenus> {
    return siteMenus(this.#deps);
  }

  saveMenu(actor: Actor, name: MenuName, items: readonly MenuItem[]): Promise<string[]> {
    return saveMenu(this.#deps, actor, name, items);
  }

  /** The front page's top stories in order, and recent articles that could join them (editors). */
  frontPage(actor: Actor): Promise<FrontPage> {
    return frontPage(this.#deps, actor);
  }

  /** Says who may read an article (editors); returns what to invalidate. */
  setReadingAccess(actor: Actor, articleId: number, access: unknown): Promise<string[]> {
    return setReadingAccess(this.#deps, actor, articleId, access);
  }

  /** Sets the top stories and their order; returns what to invalidate. */
  arrangeFrontPage(actor: Actor, ids: readonly number[]): Promise<string[]> {
    return arrangeFrontPage(this.#deps, actor, ids);
  }

  async sections(): Promise<SectionIndex> {
    return new SectionIndex(await this.#storage.sections.listAll());
  }

  authors(): Promise<Author[]> {
    return this.#storage.authors.listAll();
  }

  /** Everything the editor page needs for one article. */
  async editorData(actor: Actor, article: EditableArticle): Promise<EditorData> {
    const { storage, clock, viewSource } = this.#deps;
    const [sections, tags, authors, series, media] = await Promise.all([
      storage.sections.listAll(),
      storage.tags.search('', 1000),
      storage.authors.listAll(),
      storage.series.listAll(),
      storage.media.list('', { limit: 60, offset: 0 }),
    ]);
    let library: readonly MediaWithUploader[] = media.items;
    const lead = article.content.leadMediaId;
    if (lead !== null && !library.some((m) => m.id === lead)) {
      const current = await storage.media.findById(lead);
      if (current) library = [current, ...library];
    }
    const now = clock.now();
    const hourFrom = bucketStart(now, '1h') - 47 * TIME.HOUR;
    const dayFrom = bucketStart(now, '1d') - 29 * TIME.DAY;
    const [hourly, daily, excluded, holds] = await Promise.all([
      viewSource.series(article.id, '1h', hourFrom, now + TIME.HOUR),
      viewSource.series(article.id, '1d', dayFrom, now + TIME.DAY),
      storage.rankingControls.excluded(),
      storage.rankingControls.holds(),
    ]);
    return {
      article, sections: new SectionIndex(sections), tags, authors, series, media: library,
      actions: availableActions(actor, article), canEdit: canEdit(actor, article), checklist: this.#deps.checklist ?? 'warn',
      readers: { hourly, hourFrom, daily, dayFrom, excluded: excluded.has(article.id), hold: holds.get(article.id), canManage: actorCan(actor, 'ranking:manage') },
    };
  }

  createDraft(actor: Actor, input: { headline: string; subsectionId: number }): Promise<{ id: number }> {
    return createDraft(this.#deps, actor, input);
  }

  /** Saves content; names in `newTags` become tags first (writers and up, as "create on the fly"). */
  /**
   * Saves content; names in `newTags` become tags first (writers and up, as "create on the fly").
   * With `leadToLibrary`, the lead photo's caption, credit and alt text as written for this article
   * become the library's too (where the actor may edit the photo); without, they stay this article's.
   */
  async saveArticle(actor: Actor, input: SaveInput & { readonly newTags?: readonly string[]; readonly leadToLibrary?: boolean }): Promise<SaveResult> {
    const { newTags, leadToLibrary, ...save } = input;
    const tagIds = [...save.content.tagIds];
    for (const name of newTags ?? []) tagIds.push((await createTag(this.#deps, actor, name)).id);
    const result = await saveArticle(this.#deps, actor, newTags?.length ? { ...save, content: { ...save.content, tagIds } } : save);
    const c = save.content;
    if (!leadToLibrary || !result.applied || c.leadMediaId === null) return result;
    const photo = await this.#deps.storage.media.findById(c.leadMediaId);
    if (!photo || (!actorCan(actor, 'media:edit-any') && photo.uploadedBy !== actor.id)) return result;
    const text = { caption: c.leadCaption ?? photo.caption, credit: c.leadCredit ?? photo.credit, alt: c.leadAlt ?? photo.alt };
    if (text.caption === photo.caption && text.credit === photo.credit && text.alt === photo.alt) return result;
    const keys = await updateMediaMetadata(this.#deps, actor, photo.id, text);
    return { ...result, invalidates: [...result.invalidates, ...keys] };
  }

  changeStatus(actor: Actor, input: StatusInput): Promise<StatusResult> {
    return changeStatus(this.#deps, actor, input);
  }

  // ---- revisions ----

  async revisions(actor: Actor, articleId: number): Promise<{ article: EditableArticle; revisions: Revision[]; canRestore: boolean }> {
    const article = await this.article(actor, articleId);
    return { article, revisions: await this.#storage.revisions.list(article.id), canRestore: canEdit(actor, article) };
  }

  async compare(actor: Actor, articleId: number, fromId: number, toId: number): Promise<{ article: EditableArticle; from: Revision; to: Revision; diff: FieldDiff[] }> {
    const article = await this.article(actor, articleId);
    const [from, to] = await Promise.all([this.#storage.revisions.get(article.id, fromId), this.#storage.revisions.get(article.id, toId)]);
    if (!from) throw new BroadsheetError('BS_ERR_REVISION_NOT_FOUND', { id: fromId });
    if (!to) throw new BroadsheetError('BS_ERR_REVISION_NOT_FOUND', { id: toId });
    return { article, from, to, diff: diffContent(from.content, to.content) };
  }

  restoreRevision(actor: Actor, input: { articleId: number; revisionId: number; baseVersion: number }): Promise<SaveResult> {
    return restoreRevision(this.#deps, actor, input);
  }

  // ---- rankings ----

  /**
   * Keeps an article out of the rankings, lets it back in, or releases a hold: the control and its
   * audit entry in one transaction. The caller recomputes the rankings afterwards.
   */
  async controlRanking(actor: Actor, articleId: number, action: RankingAction): Promise<void> {
    if (!actorCan(actor, 'ranking:manage')) forbid('only editors manage the rankings');
    const article = await this.article(actor, articleId);
    const now = this.#deps.clock.now();
    await this.#storage.transaction(async (tx) => {
      if (action === 'release') await tx.rankingControls.release(article.id, actor.id, now);
      else await tx.rankingControls.setExcluded(article.id, action === 'exclude', actor.id, now);
      await tx.audit.record({ at: now, userId: actor.id, action: `ranking.${action}`, target: `article:${article.id}`, detail: '' });
    });
  }

  /** Held and excluded articles, and the articles named by any of the given ids (for the rankings page). */
  async rankingControls(actor: Actor, listed: Iterable<number>): Promise<{ holds: Map<number, RankingHold>; excluded: Set<number>; articles: Map<number, Article> }> {
    if (!actorCan(actor, 'ranking:manage')) forbid('only editors manage the rankings');
    const [holds, excluded] = await Promise.all([this.#storage.rankingControls.holds(), this.#storage.rankingControls.excluded()]);
    const ids = new Set<number>([...holds.keys(), ...excluded, ...listed]);
    const found = await Promise.all([...ids].map((id) => this.#storage.articles.findAny(id)));
    return { holds, excluded, articles: new Map(found.filter((a) => a !== undefined).map((a) => [a.id, a])) };
  }

  // ---- media ----

  listMedia(query: string, page = 1, pageSize = 60, filter: { missingAlt?: boolean; uploadedBy?: number } = {}): Promise<ListPage<MediaWithUploader>> {
    return this.#storage.media.list(query, { limit: pageSize, offset: (page - 1) * pageSize, ...filter });
  }

  bulkUpdateMedia(actor: Actor, ids: readonly number[], patch: Partial<MediaMetadata>): Promise<string[]> {
    return bulkUpdateMedia(this.#deps, actor, ids, patch);
  }

  replaceMediaFile(actor: Actor, id: number, bytes: Buffer): Promise<string[]> {
    return replaceMediaFile(this.#deps, actor, id, bytes);
  }

  /** Moves a photo's focal point (per mille) and re-cuts its crops; returns what to invalidate. */
  setFocalPoint(actor: Actor, id: number, focal: { x: number; y: number }): Promise<string[]> {
    return setFocalPoint(this.#deps, actor, id, focal);
  }

  uploadMedia(actor: Actor, bytes: Buffer, meta: MediaMetadata): Promise<MediaAsset> {
    return uploadMedia(this.#deps, actor, bytes, meta);
  }

  updateMedia(actor: Actor, id: number, meta: MediaMetadata): Promise<string[]> {
    return updateMediaMetadata(this.#deps, actor, id, meta);
  }

  // ---- taxonomy ----

  searchTags(query: string, limit: number): Promise<(Tag & { readonly articles: number })[]> {
    return this.#storage.tags.search(query, limit);
  }

  async taxonomy(): Promise<{ sections: SectionIndex; tags: (Tag & { readonly articles: number })[]; series: Series[] }> {
    const [sections, tags, series] = await Promise.all([this.#storage.sections.listAll(), this.#storage.tags.search('', 2000), this.#storage.series.listAll()]);
    return { sections: new SectionIndex(sections), tags, series };
  }

  createTag(actor: Actor, name: string): Promise<Tag> {
    return createTag(this.#deps, actor, name);
  }

  renameTag(actor: Actor, id: number, name: string): Promise<string[]> {
    return renameTag(this.#deps, actor, id, name);
  }

  createSeries(actor: Actor, input: { title: string; description: string }): Promise<Series> {
    return createSeries(this.#deps, actor, input);
  }

  updateSeries(actor: Actor, id: number, input: { title: string; description: string }): Promise<string[]> {
    return updateSeries(this.#deps, actor, id, input);
  }

  createSection(actor: Actor, input: { name: string; slug?: string; parentId: number | null; description: string }): ReturnType<typeof createSection> {
    return createSection(this.#deps, actor, input);
  }

  updateSection(actor: Actor, id: number, input: { name: string; description: string }): Promise<string[]> {
    return updateSection(this.#deps, actor, id, input);
  }

  // ---- people ----

  /** Newsroom accounts (admins only). */
  async users(actor: Actor): Promise<User[]> {
    if (!actorCan(actor, 'user:manage')) forbid('only admins manage accounts');
    return this.#storage.users.list();
  }

  /** The latest audit entries with the names of who did them (admins only). */
  async auditLog(actor: Actor, limit = 200): Promise<{ entries: (AuditEntry & { readonly id: number })[]; names: Map<number, string> }> {
    if (!actorCan(actor, 'user:manage')) forbid('only admins read the audit log');
    const [entries, users] = await Promise.all([this.#storage.audit.recent(limit), this.#storage.users.list()]);
    return { entries, names: new Map(users.map((u) => [u.id, u.name])) };
  }
}

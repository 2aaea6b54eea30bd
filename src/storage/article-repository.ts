import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { seoFromStored, seoJson } from '../core/content/article-seo.ts';
import type { EditableArticle, StoredContent } from '../core/newsroom/article-content.ts';
import { isArticleAccess, type Article, type ArticleAccess, type ArticleStatus, type ArticleSummary, type ArticleUpdate, type ListPage, type ListScope, type NewArticle, type RankingMeta, type UpdateKind } from '../core/content/types.ts';
import type { ArticleRepository, ArticleState, ListOptions, NewsroomFilter, NewsroomListItem } from '../core/ports.ts';
import { chunks, containsText } from './rows.ts';
import type { DialectCapabilities } from './dialect.ts';
import type { Database } from './schema.ts';
import { groupBy, loadArticle, PUBLISHED, summaryQuery, toSummary, whereScope } from './article-rows.ts';

export class KyselyArticleRepository implements ArticleRepository {
  readonly #db: Kysely<Database>;
  readonly #caps: DialectCapabilities;
  constructor(db: Kysely<Database>, caps: DialectCapabilities) {
    this.#db = db;
    this.#caps = caps;
  }

  async list(scope: ListScope, options: ListOptions): Promise<ListPage<ArticleSummary>> {
    let items = whereScope(summaryQuery(this.#db), scope);
    const exclude = options.excludeIds ?? [];
    if (exclude.length > 0) items = items.where('a.id', 'not in', exclude);
    // Top stories in the editors' order (placed ones first), then newest first.
    if (scope.kind === 'top') items = items.orderBy(sql`a.top_position is null`).orderBy('a.top_position');
    const rows = await items
      .orderBy('a.published_at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    let count = whereScope(
      this.#db
        .selectFrom('articles as a')
        .leftJoin('series as s', 's.id', 'a.series_id')
        .leftJoin('media as m', 'm.id', 'a.lead_media_id')
        .where('a.status', '=', PUBLISHED)
        .where('a.published_at', 'is not', null)
        .select((eb) => eb.fn.countAll<number>().as('n')),
      scope,
    );
    if (exclude.length > 0) count = count.where('a.id', 'not in', exclude);
    const total = await count.executeTakeFirstOrThrow();
    return { items: rows.map(toSummary), total: Number(total.n) };
  }

  async summaries(ids: readonly number[]): Promise<ArticleSummary[]> {
    if (ids.length === 0) return [];
    const found = new Map<number, ArticleSummary>();
    for (const part of chunks(ids)) {
      const rows = await summaryQuery(this.#db).where('a.id', 'in', part).execute();
      for (const row of rows) found.set(row.id, toSummary(row));
    }
    return ids.flatMap((id) => {
      const s = found.get(id);
      return s ? [s] : [];
    });
  }

  findPublished(id: number): Promise<Article | undefined> {
    return this.#find(id, true);
  }

  findAny(id: number): Promise<Article | undefined> {
    return this.#find(id, false);
  }

  #find(id: number, publishedOnly: boolean): Promise<Article | undefined> {
    return loadArticle(this.#db, id, publishedOnly);
  }

  async publishedBetween(from: number, to: number, limit: number): Promise<ArticleSummary[]> {
    const rows = await summaryQuery(this.#db)
      .where('a.published_at', '>=', from)
      .where('a.published_at', '<', to)
      .orderBy('a.published_at')
      .orderBy('a.id')
      .limit(limit)
      .execute();
    return rows.map(toSummary);
  }

  async publishedTimes(): Promise<{ publishedAt: number; updatedAt: number | null }[]> {
    const rows = await this.#db
      .selectFrom('articles')
      .select(['published_at', 'updated_at'])
      .where('status', '=', PUBLISHED)
      .where('published_at', 'is not', null)
      .execute();
    return rows.map((r) => ({ publishedAt: Number(r.published_at), updatedAt: r.updated_at === null ? null : Number(r.updated_at) }));
  }

  async relatedByTags(articleId: number, tagIds: readonly number[], seriesId: number | null, limit: number): Promise<number[]> {
    if (tagIds.length === 0 && seriesId === null) return [];
    const scores = new Map<number, { score: number; publishedAt: number }>();
    if (tagIds.length > 0) {
      const rows = await this.#db
        .selectFrom('article_tags as t')
        .innerJoin('articles as a', 'a.id', 't.article_id')
        .select(['a.id', 'a.published_at', (eb) => eb.fn.countAll<number>().as('shared')])
        .where('t.tag_id', 'in', tagIds)
        .where('a.id', '!=', articleId)
        .where('a.status', '=', PUBLISHED)
        .where('a.published_at', 'is not', null)
        .groupBy(['a.id', 'a.published_at'])
        .orderBy('shared', 'desc')
        .orderBy('a.published_at', 'desc')
        .limit(limit * 4)
        .execute();
      for (const r of rows) scores.set(r.id, { score: Number(r.shared), publishedAt: Number(r.published_at) });
    }
    if (seriesId !== null) {
      const rows = await this.#db
        .selectFrom('articles as a')
        .select(['a.id', 'a.published_at'])
        .where('a.series_id', '=', seriesId)
        .where('a.id', '!=', articleId)
        .where('a.status', '=', PUBLISHED)
        .where('a.published_at', 'is not', null)
        .orderBy('a.published_at', 'desc')
        .limit(limit)
        .execute();
      for (const r of rows) scores.set(r.id, { score: (scores.get(r.id)?.score ?? 0) + 2, publishedAt: Number(r.published_at) });
    }
    return [...scores]
      .sort(([aId, a], [bId, b]) => b.score - a.score || b.publishedAt - a.publishedAt || bId - aId)
      .slice(0, limit)
      .map(([id]) => id);
  }

  async rankingMeta(ids: readonly number[]): Promise<RankingMeta[]> {
    const out: RankingMeta[] = [];
    for (const part of chunks(ids)) {
      const [rows, tagRows, authorRows] = await Promise.all([
        this.#db
          .selectFrom('articles')
          .select(['id', 'section_id', 'subsection_id', 'series_id', 'published_at'])
          .where('status', '=', PUBLISHED)
          .where('published_at', 'is not', null)
          .where('id', 'in', part)
          .execute(),
        this.#db
          .selectFrom('article_tags')
          .select(['article_id', 'tag_id'])
          .where('article_id', 'in', part)
          .orderBy('article_id')
          .orderBy('position')
          .execute(),
        this.#db
          .selectFrom('article_authors')
          .select(['article_id', 'author_id'])
          .where('article_id', 'in', part)
          .orderBy('article_id')
          .orderBy('position')
          .execute(),
      ]);
      const tags = groupBy(tagRows, (r) => r.article_id, (r) => r.tag_id);
      const authors = groupBy(authorRows, (r) => r.article_id, (r) => r.author_id);
      for (const r of rows) {
        out.push({
          id: r.id,
          sectionId: r.section_id,
          subsectionId: r.subsection_id,
          seriesId: r.series_id,
          publishedAt: r.published_at as number,
          tagIds: tags.get(r.id) ?? [],
          authorIds: authors.get(r.id) ?? [],
        });
      }
    }
    return out;
  }

  async publishedIds(): Promise<number[]> {
    const rows = await this.#db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', PUBLISHED)
      .where('published_at', 'is not', null)
      .execute();
    return rows.map((r) => r.id);
  }

  async findIdBySourceKey(sourceKey: string): Promise<number | undefined> {
    const row = await this.#db.selectFrom('articles').select('id').where('source_key', '=', sourceKey).executeTakeFirst();
    return row?.id;
  }

  async create(input: NewArticle & { readonly createdBy?: number | null; readonly scheduledFor?: number | null }): Promise<number> {
    const { id } = await this.#db
      .insertInto('articles')
      .values({
        ...(input.id !== undefined ? { id: input.id } : {}),
        access: input.access ?? 'public',
        status: input.status,
        section_id: input.sectionId,
        subsection_id: input.subsectionId,
        headline: input.headline,
        summary: input.summary,
        body_html: input.bodyHtml,
        teaser: input.teaser,
        dateline: input.dateline,
        lead_media_id: input.leadMediaId,
        lead_caption: input.leadCaption,
        lead_credit: input.leadCredit,
        lead_alt: input.leadAlt,
        slug: input.seo?.slug ?? '',
        seo_json: input.seo ? seoJson(input.seo) : '{}',
        series_id: input.seriesId,
        is_top_story: input.isTopStory ? 1 : 0,
        published_at: input.publishedAt,
        updated_at: input.updatedAt,
        created_at: input.createdAt,
        modified_at: input.createdAt,
        source_key: input.sourceKey,
        created_by: input.createdBy ?? null,
        scheduled_for: input.scheduledFor ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.#writeLinks(id, input.tagIds, input.authorIds);
    if (input.id !== undefined) await this.#caps.followExplicitIds(this.#db, 'articles');
    return id;
  }

  async #writeLinks(id: number, tagIds: readonly number[], authorIds: readonly number[]): Promise<void> {
    await this.#db.deleteFrom('article_tags').where('article_id', '=', id).execute();
    await this.#db.deleteFrom('article_authors').where('article_id', '=', id).execute();
    if (tagIds.length > 0) {
      await this.#db
        .insertInto('article_tags')
        .values(tagIds.map((tagId, position) => ({ article_id: id, tag_id: tagId, position })))
        .execute();
    }
    if (authorIds.length > 0) {
      await this.#db
        .insertInto('article_authors')
        .values(authorIds.map((authorId, position) => ({ article_id: id, author_id: authorId, position })))
        .execute();
    }
  }

  async findForEdit(id: number): Promise<EditableArticle | undefined> {
    const row = await this.#db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const [tags, authors] = await Promise.all([
      this.#db.selectFrom('article_tags').select('tag_id').where('article_id', '=', id).orderBy('position').execute(),
      this.#db.selectFrom('article_authors').select('author_id').where('article_id', '=', id).orderBy('position').execute(),
    ]);
    return {
      id: row.id,
      status: row.status as ArticleStatus,
      version: row.version,
      publishedAt: row.published_at,
      updatedAt: row.updated_at,
      scheduledFor: row.scheduled_for,
      createdBy: row.created_by,
      createdAt: row.created_at,
      modifiedAt: row.modified_at,
      access: isArticleAccess(row.access) ? row.access : 'paid',
      content: {
        headline: row.headline,
        summary: row.summary,
        bodyHtml: row.body_html,
        dateline: row.dateline,
        subsectionId: row.subsection_id,
        tagIds: tags.map((t) => t.tag_id),
        authorIds: authors.map((a) => a.author_id),
        seriesId: row.series_id,
        leadMediaId: row.lead_media_id,
        leadCaption: row.lead_caption,
        leadCredit: row.lead_credit,
        leadAlt: row.lead_alt,
        isTopStory: row.is_top_story === 1,
        seo: seoFromStored(row.slug, row.seo_json),
      },
    };
  }

  async listForNewsroom(filter: NewsroomFilter, options: { limit: number; offset: number }): Promise<ListPage<NewsroomListItem>> {
    const where = <Q extends SelectQueryBuilder<Database & { a: Database['articles'] }, 'a', object>>(q: Q): Q => {
      let out = q as SelectQueryBuilder<Database & { a: Database['articles'] }, 'a', object>;
      if (filter.status) out = out.where('a.status', '=', filter.status);
      if (filter.sectionId !== undefined) {
        const id = filter.sectionId;
        out = out.where((eb) => eb.or([eb('a.section_id', '=', id), eb('a.subsection_id', '=', id)]));
      }
      if (filter.authorId !== undefined) {
        const id = filter.authorId;
        out = out.where((eb) => eb('a.id', 'in', eb.selectFrom('article_authors').select('article_id').where('author_id', '=', id)));
      }
      if (filter.ownedBy) {
        const { userId, authorId } = filter.ownedBy;
        out = out.where((eb) =>
          eb.or([
            eb('a.created_by', '=', userId),
            ...(authorId !== null
              ? [eb('a.id', 'in', eb.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId))]
              : []),
          ]),
        );
      }
      if (filter.query) {
        out = out.where(containsText('a.headline', filter.query));
      }
      if (filter.publishedFrom !== undefined) out = out.where('a.published_at', '>=', filter.publishedFrom);
      if (filter.publishedBefore !== undefined) out = out.where('a.published_at', '<', filter.publishedBefore);
      return out as Q;
    };
    let listed = where(this.#db.selectFrom('articles as a'))
      .select(['a.id', 'a.headline', 'a.status', 'a.subsection_id', 'a.version', 'a.published_at', 'a.scheduled_for', 'a.modified_at', 'a.created_by', 'a.slug']);
    // Unpublished articles sort after published ones when sorting by publication (`is null` is false first on both databases).
    if (filter.sort === 'published') listed = listed.orderBy(sql`a.published_at is null`).orderBy('a.published_at', 'desc');
    else if (filter.sort === 'headline') listed = listed.orderBy(sql`lower(a.headline)`).orderBy('a.headline');
    else listed = listed.orderBy('a.modified_at', 'desc');
    const rows = await listed
      .orderBy('a.id', 'desc')
      .limit(options.limit)
      .offset(options.offset)
      .execute();
    const total = await where(this.#db.selectFrom('articles as a'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const ids = rows.map((r) => r.id);
    const names = ids.length === 0 ? [] : await this.#db
      .selectFrom('article_authors as aa')
      .innerJoin('authors as au', 'au.id', 'aa.author_id')
      .select(['aa.article_id', 'au.name'])
      .where('aa.article_id', 'in', ids)
      .orderBy('aa.article_id')
      .orderBy('aa.position')
      .execute();
    const byArticle = groupBy(names, (n) => n.article_id, (n) => n.name);
    return {
      total: Number(total.n),
      items: rows.map((r) => ({
        id: r.id,
        headline: r.headline,
        status: r.status as ArticleStatus,
        subsectionId: r.subsection_id,
        version: r.version,
        publishedAt: r.published_at,
        scheduledFor: r.scheduled_for,
        modifiedAt: r.modified_at,
        createdBy: r.created_by,
        authorNames: byArticle.get(r.id) ?? [],
        slug: r.slug,
      })),
    };
  }

  async updateContent(id: number, expectedVersion: number, c: StoredContent, at: number, publicUpdateAt?: number): Promise<number | undefined> {
    const result = await this.#db
      .updateTable('articles')
      .set((eb) => ({
        headline: c.headline,
        summary: c.summary,
        body_html: c.bodyHtml,
        teaser: c.teaser,
        dateline: c.dateline,
        section_id: c.sectionId,
        subsection_id: c.subsectionId,
        series_id: c.seriesId,
        lead_media_id: c.leadMediaId,
        lead_caption: c.leadCaption,
        lead_credit: c.leadCredit,
        lead_alt: c.leadAlt,
        slug: c.seo.slug,
        seo_json: seoJson(c.seo),
        is_top_story: c.isTopStory ? 1 : 0,
        // Leaving the top stories forgets the place on the front page.
        ...(c.isTopStory ? {} : { top_position: null }),
        modified_at: at,
        ...(publicUpdateAt !== undefined ? { updated_at: publicUpdateAt } : {}),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return undefined;
    await this.#writeLinks(id, c.tagIds, c.authorIds);
    return expectedVersion + 1;
  }

  async setAccess(id: number, access: ArticleAccess): Promise<void> {
    await this.#db.updateTable('articles').set({ access }).where('id', '=', id).execute();
  }

  async setTopStories(ids: readonly number[]): Promise<void> {
    await this.#db.updateTable('articles').set({ is_top_story: 0, top_position: null }).where('is_top_story', '=', 1).execute();
    for (const [position, id] of ids.entries()) {
      await this.#db.updateTable('articles').set({ is_top_story: 1, top_position: position }).where('id', '=', id).execute();
    }
  }

  async updateState(id: number, expectedVersion: number, state: ArticleState, at: number): Promise<number | undefined> {
    const result = await this.#db
      .updateTable('articles')
      .set((eb) => ({
        status: state.status,
        published_at: state.publishedAt,
        updated_at: state.updatedAt,
        scheduled_for: state.scheduledFor,
        modified_at: at,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? expectedVersion + 1 : undefined;
  }

  async publishedUsingMedia(mediaId: number): Promise<number[]> {
    // The lead photo, or a photo inside the body (stored as data-media-id="N").
    const rows = await this.#db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', PUBLISHED)
      .where((eb) => eb.or([eb('lead_media_id', '=', mediaId), eb('body_html', 'like', `%data-media-id="${mediaId}"%`)]))
      .execute();
    return rows.map((r) => r.id);
  }

  async dueScheduled(now: number, limit: number): Promise<{ id: number; version: number }[]> {
    return this.#db
      .selectFrom('articles')
      .select(['id', 'version'])
      .where('status', '=', 'scheduled')
      .where('scheduled_for', '<=', now)
      .orderBy('scheduled_for')
      .limit(limit)
      .execute();
  }

  async addUpdate(articleId: number, update: { kind: UpdateKind; note: string; at: number }): Promise<ArticleUpdate> {
    const row = await this.#db
      .insertInto('article_updates')
      .values({ article_id: articleId, kind: update.kind, note: update.note, created_at: update.at })
      .returning(['id', 'kind', 'note', 'created_at'])
      .executeTakeFirstOrThrow();
    return { id: row.id, kind: row.kind as UpdateKind, note: row.note, at: row.created_at };
  }
}

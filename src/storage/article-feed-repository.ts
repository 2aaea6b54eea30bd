import type { Kysely } from 'kysely';
import type { ArticleFeedItem, ArticleFeedRepository, ArticleQuery } from '../core/api/content-api-ports.ts';
import type { Author, Series, Tag } from '../core/content/types.ts';
import { PUBLISHED, summaryQuery, toSummary } from './article-rows.ts';
import type { Database } from './schema.ts';

/**
 * Published articles for the Content API, paged by keyset (order key, id) rather than offset, so a
 * client walking the pages sees every article once even while new ones are published. Only the
 * filters `ArticleQuery` names exist; none of them takes a column name from the client.
 */
export class KyselyArticleFeed implements ArticleFeedRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async page(q: ArticleQuery): Promise<ArticleFeedItem[]> {
    const key = q.order.startsWith('published') ? 'a.published_at' : 'a.modified_at';
    const desc = q.order.endsWith('desc');
    let query = summaryQuery(this.#db);
    if (q.sectionId !== undefined) query = query.where('a.section_id', '=', q.sectionId);
    if (q.subsectionId !== undefined) query = query.where('a.subsection_id', '=', q.subsectionId);
    if (q.seriesId !== undefined) query = query.where('a.series_id', '=', q.seriesId);
    if (q.tagId !== undefined) {
      const tagId = q.tagId;
      query = query.where((eb) => eb('a.id', 'in', eb.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId)));
    }
    if (q.authorId !== undefined) {
      const authorId = q.authorId;
      query = query.where((eb) => eb('a.id', 'in', eb.selectFrom('article_authors').select('article_id').where('author_id', '=', authorId)));
    }
    if (q.publishedFrom !== undefined) query = query.where('a.published_at', '>=', q.publishedFrom);
    if (q.publishedBefore !== undefined) query = query.where('a.published_at', '<', q.publishedBefore);
    if (q.updatedFrom !== undefined) query = query.where('a.modified_at', '>=', q.updatedFrom);
    if (q.updatedBefore !== undefined) query = query.where('a.modified_at', '<', q.updatedBefore);
    if (q.after) {
      const { at, id } = q.after;
      query = query.where((eb) =>
        desc ? eb.or([eb(key, '<', at), eb.and([eb(key, '=', at), eb('a.id', '<', id)])]) : eb.or([eb(key, '>', at), eb.and([eb(key, '=', at), eb('a.id', '>', id)])]),
      );
    }
    const rows = await query
      .orderBy(key, desc ? 'desc' : 'asc')
      .orderBy('a.id', desc ? 'desc' : 'asc')
      .limit(q.limit)
      .execute();
    return rows.map((row) => ({ ...toSummary(row), modifiedAt: Number(row.modified_at) }));
  }

  async tagsInUse(): Promise<(Tag & { articles: number })[]> {
    const rows = await this.#db
      .selectFrom('tags as t')
      .innerJoin('article_tags as at', 'at.tag_id', 't.id')
      .innerJoin('articles as a', 'a.id', 'at.article_id')
      .where('a.status', '=', PUBLISHED)
      .where('a.published_at', 'is not', null)
      .groupBy(['t.id', 't.slug', 't.name', 't.description'])
      .select(['t.id', 't.slug', 't.name', 't.description', (eb) => eb.fn.countAll<number>().as('n')])
      .orderBy('t.name')
      .execute();
    return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, description: r.description, articles: Number(r.n) }));
  }

  async authorsInUse(): Promise<(Author & { articles: number })[]> {
    const rows = await this.#db
      .selectFrom('authors as au')
      .innerJoin('article_authors as aa', 'aa.author_id', 'au.id')
      .innerJoin('articles as a', 'a.id', 'aa.article_id')
      .where('a.status', '=', PUBLISHED)
      .where('a.published_at', 'is not', null)
      .groupBy(['au.id', 'au.slug', 'au.name', 'au.title'])
      .select(['au.id', 'au.slug', 'au.name', 'au.title', (eb) => eb.fn.countAll<number>().as('n')])
      .orderBy('au.name')
      .execute();
    return rows.map((r) => ({ id: r.id, slug: r.slug, name: r.name, title: r.title, articles: Number(r.n) }));
  }

  async seriesInUse(): Promise<(Series & { articles: number })[]> {
    const rows = await this.#db
      .selectFrom('series as s')
      .innerJoin('articles as a', 'a.series_id', 's.id')
      .where('a.status', '=', PUBLISHED)
      .where('a.published_at', 'is not', null)
      .groupBy(['s.id', 's.slug', 's.title', 's.description'])
      .select(['s.id', 's.slug', 's.title', 's.description', (eb) => eb.fn.countAll<number>().as('n')])
      .orderBy('s.title')
      .execute();
    return rows.map((r) => ({ id: r.id, slug: r.slug, title: r.title, description: r.description, articles: Number(r.n) }));
  }
}

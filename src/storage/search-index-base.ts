import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { SearchFilters, SearchHit, SearchIndex, SearchRequest, SearchResult } from '../core/ports.ts';
import { searchDocument, type SearchDocument } from '../core/search/search-document.ts';
import { chunks } from './rows.ts';
import type { Database } from './schema.ts';

export const PUBLISHED = 'published';
/** Words of body text either side of the matches in a snippet. */
export const SNIPPET_WORDS = 28;
export const MINUTE = 60_000;

/** Filter tokens of the facets: s<section id>, t<tag id>, a<author id>. */
export function facetTokens(f: SearchFilters): string[] {
  return [
    ...(f.sectionId !== undefined ? [`s${f.sectionId}`] : []),
    ...(f.tagId !== undefined ? [`t${f.tagId}`] : []),
    ...(f.authorId !== undefined ? [`a${f.authorId}`] : []),
  ];
}

/** A document's filter tokens (SQLite's facets column; PostgreSQL's marked lexemes). */
export const documentFacets = (d: SearchDocument): string[] => [...d.sectionIds.map((x) => `s${x}`), ...d.tagIds.map((x) => `t${x}`), ...d.authorIds.map((x) => `a${x}`)];

/** A result, with `checkedSince` only when the phrase window left older articles unchecked. */
export const withSince = (found: { total: number; hits: SearchHit[] }, checkedSince: number | undefined): SearchResult =>
  checkedSince === undefined ? found : { ...found, checkedSince };

/**
 * What both search indexes share: keeping the index in step with the articles (refresh, rebuild,
 * count) from the same documents. Each dialect's file (sqlite/fts5-search-index.ts,
 * postgres/tsvector-search-index.ts) supplies the search and how a document is stored. Both answer
 * the same way: matches newest first, or the newest SEARCH_RELEVANCE_WINDOW matches by relevance;
 * counts exact up to SEARCH_COUNT_LIMIT; snippets only for the page shown. Every query's cost is
 * bounded by those two limits, never by how many articles say "government" (decision 010).
 */
export abstract class KyselySearchIndexBase implements SearchIndex {
  protected readonly db: Kysely<Database>;
  protected readonly inTransaction: boolean;

  constructor(db: Kysely<Database>, inTransaction: boolean) {
    this.db = db;
    this.inTransaction = inTransaction;
  }

  async search(request: SearchRequest): Promise<SearchResult> {
    if (request.query.clauses.length === 0) return { total: 0, hits: [] };
    if (request.filters.from !== undefined && request.filters.to !== undefined && request.filters.from >= request.filters.to) return { total: 0, hits: [] };
    return this.searchIndex(request);
  }

  /** A search with at least one clause and a date range that is not empty. */
  protected abstract searchIndex(request: SearchRequest): Promise<SearchResult>;
  /** Empties the index's tables. */
  protected abstract clear(): Promise<void>;
  /** Removes these articles' documents. */
  protected abstract remove(ids: readonly number[]): Promise<void>;
  /** Stores documents (at most 100 at a time). */
  protected abstract insert(docs: readonly SearchDocument[]): Promise<void>;

  async refresh(articleIds: readonly number[]): Promise<void> {
    for (const ids of chunks([...new Set(articleIds)], 200)) {
      const docs = await this.#documents(ids);
      if (ids.length > 0) await this.remove(ids);
      for (const part of chunks(docs, 100)) if (part.length > 0) await this.insert(part);
    }
  }

  async rebuild(onProgress?: (done: number) => void): Promise<number> {
    await this.clear();
    let done = 0;
    let after = 0;
    for (;;) {
      const ids = (
        await this.db.selectFrom('articles').select('id').where('status', '=', PUBLISHED).where('id', '>', after).orderBy('id').limit(500).execute()
      ).map((r) => r.id);
      if (ids.length === 0) break;
      for (const part of chunks(await this.#documents(ids), 100)) if (part.length > 0) await this.insert(part);
      done += ids.length;
      after = ids.at(-1) as number;
      onProgress?.(done);
      if (!this.inTransaction) await yieldToEventLoop();
    }
    return done;
  }

  async count(): Promise<number> {
    const row = await sql<{ n: number }>`select count(*) as n from article_search`.execute(this.db);
    return Number(row.rows[0]?.n ?? 0);
  }

  /** Documents for the published ones among `ids`. */
  async #documents(ids: readonly number[]): Promise<SearchDocument[]> {
    if (ids.length === 0) return [];
    const [rows, tagRows, authorRows] = await Promise.all([
      this.db
        .selectFrom('articles as a')
        .leftJoin('media as m', 'm.id', 'a.lead_media_id')
        .select(['a.id', 'a.headline', 'a.summary', 'a.body_html', 'a.lead_caption', 'a.published_at', 'a.section_id', 'a.subsection_id', 'm.caption as media_caption'])
        .where('a.id', 'in', ids)
        .where('a.status', '=', PUBLISHED)
        .where('a.published_at', 'is not', null)
        .execute(),
      this.db
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .select(['at.article_id', 't.id', 't.name'])
        .where('at.article_id', 'in', ids)
        .orderBy('at.position')
        .execute(),
      this.db.selectFrom('article_authors').select(['article_id', 'author_id']).where('article_id', 'in', ids).execute(),
    ]);
    const tags = new Map<number, { id: number; name: string }[]>();
    for (const t of tagRows) tags.set(t.article_id, [...(tags.get(t.article_id) ?? []), { id: t.id, name: t.name }]);
    const authors = new Map<number, number[]>();
    for (const a of authorRows) authors.set(a.article_id, [...(authors.get(a.article_id) ?? []), a.author_id]);
    return rows.map((r) =>
      searchDocument({
        id: r.id,
        headline: r.headline,
        summary: r.summary,
        bodyHtml: r.body_html,
        leadCaption: r.lead_caption ?? r.media_caption ?? '',
        tagNames: (tags.get(r.id) ?? []).map((t) => t.name),
        tagIds: (tags.get(r.id) ?? []).map((t) => t.id),
        authorIds: authors.get(r.id) ?? [],
        publishedAt: Number(r.published_at),
        sectionId: r.section_id,
        subsectionId: r.subsection_id,
      }),
    );
  }

}

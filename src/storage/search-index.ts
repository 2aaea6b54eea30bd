import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SearchFilters, SearchHit, SearchIndex, SearchRequest } from '../core/ports.ts';
import { searchDocument, type SearchDocument } from '../core/search/search-document.ts';
import { SNIPPET_MARK_END, SNIPPET_MARK_START, type ParsedQuery, type SearchTerm } from '../core/search/search-query.ts';
import type { DialectCapabilities } from './dialect.ts';
import { chunks } from './rows.ts';
import type { Database } from './schema.ts';

const PUBLISHED = 'published';
/** Words of body text either side of the matches in a snippet. */
const SNIPPET_WORDS = 28;

/** An FTS5 MATCH expression: every word quoted (words are letters and digits only, see search-query.ts). */
export function fts5Expression(query: ParsedQuery): string {
  const term = (t: SearchTerm) => `"${t.words.join(' ')}"`;
  const positive = query.clauses.map((c) => (c.length === 1 ? term(c[0] as SearchTerm) : `(${c.map(term).join(' OR ')})`)).join(' AND ');
  return [`(${positive})`, ...query.excluded.map(term)].join(' NOT ');
}

/** A string for PostgreSQL's websearch_to_tsquery built from the parsed query (never the raw input). */
export function websearchExpression(query: ParsedQuery): string {
  const term = (t: SearchTerm) => (t.words.length === 1 ? (t.words[0] as string) : `"${t.words.join(' ')}"`);
  const positive = query.clauses.map((c) => c.map(term).join(' or ')).join(' ');
  return [positive, ...query.excluded.map((t) => `-${term(t)}`)].join(' ');
}

/**
 * The search index on SQLite (FTS5) or PostgreSQL (tsvector + GIN): one class, the SQL that differs
 * chosen by the dialect's capability flag. Filters, embargo and order are the same SQL for both.
 */
export class KyselySearchIndex implements SearchIndex {
  readonly #db: Kysely<Database>;
  readonly #caps: DialectCapabilities;
  readonly #inTransaction: boolean;

  constructor(db: Kysely<Database>, caps: DialectCapabilities, inTransaction: boolean) {
    this.#db = db;
    this.#caps = caps;
    this.#inTransaction = inTransaction;
  }

  async search(request: SearchRequest): Promise<{ total: number; hits: SearchHit[] }> {
    if (request.query.clauses.length === 0) return { total: 0, hits: [] };
    return this.#caps.fullText === 'fts5' ? this.#searchFts5(request) : this.#searchPostgres(request);
  }

  #filters(f: SearchFilters, now: number): RawBuilder<unknown> {
    const parts: RawBuilder<unknown>[] = [sql`a.status = ${PUBLISHED}`, sql`a.published_at <= ${now}`];
    if (f.sectionId !== undefined) parts.push(sql`(a.section_id = ${f.sectionId} or a.subsection_id = ${f.sectionId})`);
    if (f.tagId !== undefined) parts.push(sql`exists (select 1 from article_tags t where t.article_id = a.id and t.tag_id = ${f.tagId})`);
    if (f.authorId !== undefined) parts.push(sql`exists (select 1 from article_authors w where w.article_id = a.id and w.author_id = ${f.authorId})`);
    if (f.from !== undefined) parts.push(sql`a.published_at >= ${f.from}`);
    if (f.to !== undefined) parts.push(sql`a.published_at < ${f.to}`);
    return sql.join(parts, sql` and `);
  }

  async #searchFts5(r: SearchRequest): Promise<{ total: number; hits: SearchHit[] }> {
    const match = fts5Expression(r.query);
    const where = sql`article_search match ${match} and ${this.#filters(r.filters, r.now)}`;
    // bm25 weights per column: headline, summary, body, captions, tags (lower is better in FTS5).
    const order = r.order === 'newest' ? sql`a.published_at desc, a.id desc` : sql`bm25(article_search, 10.0, 4.0, 1.0, 2.0, 4.0), a.published_at desc`;
    const rows = await sql<{ id: number; snippet: string }>`
      select a.id as id,
             snippet(article_search, 2, ${SNIPPET_MARK_START}, ${SNIPPET_MARK_END}, '…', ${SNIPPET_WORDS}) as snippet
      from article_search join articles a on a.id = article_search.rowid
      where ${where}
      order by ${order}
      limit ${r.limit} offset ${r.offset}`.execute(this.#db);
    const total = await sql<{ n: number }>`
      select count(*) as n from article_search join articles a on a.id = article_search.rowid where ${where}`.execute(this.#db);
    return { total: Number(total.rows[0]?.n ?? 0), hits: rows.rows.map((row) => ({ articleId: Number(row.id), snippet: row.snippet })) };
  }

  async #searchPostgres(r: SearchRequest): Promise<{ total: number; hits: SearchHit[] }> {
    const tsquery = sql`websearch_to_tsquery('english', ${websearchExpression(r.query)})`;
    const where = sql`s.document @@ ${tsquery} and ${this.#filters(r.filters, r.now)}`;
    const order = r.order === 'newest' ? sql`a.published_at desc, a.id desc` : sql`ts_rank_cd(s.document, ${tsquery}, 1) desc, a.published_at desc, a.id desc`;
    // Headlines (snippets) are costly: computed only for the page of results, after the sort.
    const options = `StartSel=${SNIPPET_MARK_START}, StopSel=${SNIPPET_MARK_END}, MaxWords=${SNIPPET_WORDS + 8}, MinWords=${Math.round(SNIPPET_WORDS / 2)}, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
    const rows = await sql<{ id: number; snippet: string }>`
      select ranked.id as id, ts_headline('english', left(s.body, 6000), ${tsquery}, ${options}) as snippet
      from (
        select a.id as id, row_number() over (order by ${order}) as position
        from article_search s join articles a on a.id = s.article_id
        where ${where}
        order by ${order}
        limit ${r.limit} offset ${r.offset}
      ) ranked
      join article_search s on s.article_id = ranked.id
      order by ranked.position`.execute(this.#db);
    const total = await sql<{ n: number }>`
      select count(*) as n from article_search s join articles a on a.id = s.article_id where ${where}`.execute(this.#db);
    return { total: Number(total.rows[0]?.n ?? 0), hits: rows.rows.map((row) => ({ articleId: Number(row.id), snippet: row.snippet })) };
  }

  async refresh(articleIds: readonly number[]): Promise<void> {
    for (const ids of chunks([...new Set(articleIds)], 200)) {
      const docs = await this.#documents(ids);
      await this.#remove(ids);
      await this.#insert(docs);
    }
  }

  async rebuild(onProgress?: (done: number) => void): Promise<number> {
    await sql`delete from article_search`.execute(this.#db);
    let done = 0;
    let after = 0;
    for (;;) {
      const ids = (
        await this.#db.selectFrom('articles').select('id').where('status', '=', PUBLISHED).where('id', '>', after).orderBy('id').limit(500).execute()
      ).map((r) => r.id);
      if (ids.length === 0) break;
      await this.#insert(await this.#documents(ids));
      done += ids.length;
      after = ids.at(-1) as number;
      onProgress?.(done);
      if (!this.#inTransaction) await yieldToEventLoop();
    }
    return done;
  }

  async count(): Promise<number> {
    const row = await sql<{ n: number }>`select count(*) as n from article_search`.execute(this.#db);
    return Number(row.rows[0]?.n ?? 0);
  }

  /** Documents for the published ones among `ids`. */
  async #documents(ids: readonly number[]): Promise<SearchDocument[]> {
    if (ids.length === 0) return [];
    const [rows, tagRows] = await Promise.all([
      this.#db
        .selectFrom('articles as a')
        .leftJoin('media as m', 'm.id', 'a.lead_media_id')
        .select(['a.id', 'a.headline', 'a.summary', 'a.body_html', 'a.lead_caption', 'm.caption as media_caption'])
        .where('a.id', 'in', ids)
        .where('a.status', '=', PUBLISHED)
        .execute(),
      this.#db
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .select(['at.article_id', 't.name'])
        .where('at.article_id', 'in', ids)
        .orderBy('at.position')
        .execute(),
    ]);
    const tags = new Map<number, string[]>();
    for (const t of tagRows) tags.set(t.article_id, [...(tags.get(t.article_id) ?? []), t.name]);
    return rows.map((r) =>
      searchDocument({
        id: r.id,
        headline: r.headline,
        summary: r.summary,
        bodyHtml: r.body_html,
        leadCaption: r.lead_caption ?? r.media_caption ?? '',
        tagNames: tags.get(r.id) ?? [],
      }),
    );
  }

  async #remove(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    if (this.#caps.fullText === 'fts5') await sql`delete from article_search where rowid in (${sql.join(ids)})`.execute(this.#db);
    else await sql`delete from article_search where article_id in (${sql.join(ids)})`.execute(this.#db);
  }

  async #insert(docs: readonly SearchDocument[]): Promise<void> {
    for (const part of chunks(docs, 100)) {
      if (part.length === 0) continue;
      if (this.#caps.fullText === 'fts5') {
        const values = part.map((d) => sql`(${d.articleId}, ${d.headline}, ${d.summary}, ${d.body}, ${d.captions}, ${d.tags})`);
        await sql`insert into article_search (rowid, headline, summary, body, captions, tags) values ${sql.join(values)}`.execute(this.#db);
      } else {
        const values = part.map(
          (d) => sql`(${d.articleId}, ${d.headline}, ${d.summary}, ${d.body}, ${d.captions}, ${d.tags},
            setweight(to_tsvector('english', ${d.headline}), 'A') || setweight(to_tsvector('english', ${d.summary}), 'B') ||
            setweight(to_tsvector('english', ${d.tags}), 'B') || setweight(to_tsvector('english', ${d.captions}), 'C') ||
            setweight(to_tsvector('english', ${d.body}), 'D'))`,
        );
        await sql`insert into article_search (article_id, headline, summary, body, captions, tags, document) values ${sql.join(values)}
          on conflict (article_id) do update set headline = excluded.headline, summary = excluded.summary, body = excluded.body,
          captions = excluded.captions, tags = excluded.tags, document = excluded.document`.execute(this.#db);
      }
    }
  }
}

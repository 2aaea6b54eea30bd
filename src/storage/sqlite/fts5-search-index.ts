import { sql } from 'kysely';
import type { SearchHit, SearchRequest, SearchResult } from '../../core/ports.ts';
import type { SearchDocument } from '../../core/search/search-document.ts';
import { hasPhrase, SEARCH_PHRASE_WINDOW, SEARCH_RELEVANCE_WINDOW, SNIPPET_MARK_END, SNIPPET_MARK_START, type ParsedQuery, type SearchTerm } from '../../core/search/search-query.ts';
import { documentFacets, facetTokens, KyselySearchIndexBase, MINUTE, PUBLISHED, SNIPPET_WORDS, withSince } from '../search-index-base.ts';

/** Columns a reader's words are searched in (never `facets`, which holds filter tokens). */
const TEXT_COLUMNS = '{headline summary body captions tags}';
/** SQLite keys: publication minute × 2^24 + article id (ids below 16,777,216; minutes to year 33,000). */
const ID_SPACE = 16_777_216;
/** Relevance weights by field, heaviest first (the body, weight BODY_WEIGHT, is everything else). */
const FIELD_WEIGHTS: readonly (readonly [string, number])[] = [
  ['{headline}', 10],
  ['{summary tags}', 4],
  ['{captions}', 2],
];
const BODY_WEIGHT = 1;
/** Terms of a query that count towards relevance (each costs a seek per field); the rest only filter. */
const RANKED_TERMS = 8;

/** The FTS5 rowid of an article: newest-first is then FTS5's native descending rowid order. */
export function searchKey(publishedAt: number, articleId: number): number {
  if (!Number.isSafeInteger(articleId) || articleId <= 0 || articleId >= ID_SPACE) {
    throw new Error(`article id ${articleId} is outside what the SQLite search index keys (1 to ${ID_SPACE - 1})`);
  }
  return Math.floor(publishedAt / MINUTE) * ID_SPACE + articleId;
}

/** The lowest key of the minute containing `at`. */
const minuteKey = (at: number) => Math.floor(at / MINUTE) * ID_SPACE;

/** An FTS5 MATCH expression: every word quoted (words are letters and digits only, see search-query.ts). */
export function fts5Expression(query: ParsedQuery, facets: readonly string[] = [], loose = false): string {
  // Loose: a phrase's words anywhere in the article (the phrase window's first step).
  const term = (t: SearchTerm) => (loose && t.words.length > 1 ? `(${t.words.map((w) => `"${w}"`).join(' AND ')})` : `"${t.words.join(' ')}"`);
  const positive = query.clauses.map((c) => (c.length === 1 ? term(c[0] as SearchTerm) : `(${c.map(term).join(' OR ')})`)).join(' AND ');
  const filtered = [`${TEXT_COLUMNS} : (${positive})`, ...facets.map((f) => `facets : "${f}"`)].join(' AND ');
  return [`(${filtered})`, ...query.excluded.map((t) => `${TEXT_COLUMNS} : "${t.words.join(' ')}"`)].join(' NOT ');
}

/** The search index on SQLite: an FTS5 table keyed by publication minute and article id. */
export class Fts5SearchIndex extends KyselySearchIndexBase {
  protected async searchIndex(r: SearchRequest): Promise<SearchResult> {
    const match = fts5Expression(r.query, facetTokens(r.filters));
    // The key range is the date filter and the embargo (to the minute; the page is checked to the ms below).
    const low = r.filters.from !== undefined ? minuteKey(r.filters.from) : 0;
    const high = Math.min(minuteKey(r.now) + ID_SPACE - 1, r.filters.to !== undefined ? minuteKey(r.filters.to) - 1 : Number.MAX_SAFE_INTEGER);
    // Keys are bound as BigInt: better-sqlite3 binds other numbers above 2^31 as REAL, and FTS5's
    // rowid = ? then matches the wrong row.
    let floor = low;
    let olderUnchecked = false;
    if (hasPhrase(r.query)) {
      // The phrase window: positions are checked only from the SEARCH_PHRASE_WINDOW-th newest article
      // holding all the words (cheap to find: no positions) up to now.
      const loose = fts5Expression(r.query, facetTokens(r.filters), true);
      const edge = (
        await sql<{ k: number }>`select rowid as k from article_search where article_search match ${loose}
          and article_search.rowid between ${BigInt(low)} and ${BigInt(high)} order by rowid desc limit 2 offset ${(r.phraseWindow ?? SEARCH_PHRASE_WINDOW) - 1}`.execute(this.db)
      ).rows;
      if (edge[0]) floor = Number(edge[0].k);
      olderUnchecked = edge.length === 2;
    }
    const where = sql`article_search match ${match} and article_search.rowid between ${BigInt(floor)} and ${BigInt(high)}`;
    // One scan: the newest window of matches (FTS5 walks its recency keys downwards and stops). The
    // window is also the count, and every page a reader can reach.
    const candidates = (
      await sql<{ k: number }>`select rowid as k from article_search where ${where} order by rowid desc limit ${SEARCH_RELEVANCE_WINDOW + 1}`.execute(this.db)
    ).rows.map((row) => ({ k: Number(row.k), score: 0 }));
    const total = candidates.length;
    const checkedSince = olderUnchecked && total <= SEARCH_RELEVANCE_WINDOW ? Math.floor(floor / ID_SPACE) * MINUTE : undefined;
    if (r.order !== 'newest' && candidates.length > 1) await this.#fieldScores(r.query, candidates);
    if (r.order !== 'newest') candidates.sort((x, y) => y.score - x.score || y.k - x.k);
    const keys = candidates.slice(r.offset, r.offset + r.limit).map((row) => Number(row.k));
    if (keys.length === 0) return withSince({ total, hits: [] }, checkedSince);
    // Snippets for the page only, in one statement: FTS5 walks the matches between the page's lowest
    // and highest key (a range it is handed, at most the window) and computes a snippet only for the
    // rows of the page. (rowid IN (...) alone is not handed to FTS5, and one `rowid = ?` query per
    // result cost 0.3 ms each, most of it finding the term's doclist again.) CROSS JOIN keeps FTS5 the
    // outer loop; the article row is checked to the millisecond for the embargo.
    const page = new Set(keys);
    const rows = (
      await sql<{ k: number; id: number; snippet: string }>`
        select article_search.rowid as k, a.id as id, snippet(article_search, 2, ${SNIPPET_MARK_START}, ${SNIPPET_MARK_END}, '…', ${SNIPPET_WORDS}) as snippet
        from article_search cross join articles a on a.id = article_search.rowid % ${ID_SPACE}
        where article_search match ${match} and article_search.rowid between ${BigInt(Math.min(...keys))} and ${BigInt(Math.max(...keys))}
          and article_search.rowid in (${sql.join(keys.map((k) => BigInt(k)))}) and a.status = ${PUBLISHED} and a.published_at <= ${r.now}`.execute(this.db)
    ).rows;
    const byKey = new Map(rows.filter((row) => page.has(Number(row.k))).map((row) => [Number(row.k), row]));
    const hits: SearchHit[] = [];
    for (const key of keys) {
      const row = byKey.get(key);
      if (row) hits.push({ articleId: Number(row.id), snippet: row.snippet });
    }
    return withSince({ total, hits }, checkedSince);
  }

  /**
   * Relevance on SQLite: each scored term adds the heaviest field it is found in (headline 10,
   * summary or tags 4, captions 2, the body 1); ties go to the newer article. A clause of one term
   * always matched, so it adds at least the body's 1; each alternative of an OR clause is scored on
   * its own (0 where absent), so an article sharing more of the words ranks higher (related articles
   * search that way). The first RANKED_TERMS terms are scored. Not bm25: FTS5's bm25 counts every
   * article holding each term before it scores one (12 ms for a word in most articles, however few
   * rows are scored), while these are a few seeks each into the window's key range (decision 010).
   */
  async #fieldScores(query: ParsedQuery, candidates: { k: number; score: number }[]): Promise<void> {
    const low = BigInt(candidates.at(-1)?.k as number);
    const high = BigInt(candidates[0]?.k as number);
    const inWindow = new Set(candidates.map((c) => c.k));
    const terms = query.clauses.flatMap((clause) => clause.map((term) => ({ term, floor: clause.length === 1 ? BODY_WEIGHT : 0 }))).slice(0, RANKED_TERMS);
    for (const { term, floor } of terms) {
      const expression = `"${term.words.join(' ')}"`;
      const best = new Map<number, number>();
      // An alternative may be absent: where it is only in the body, the text columns as a whole say so.
      const fields = floor === 0 ? [...FIELD_WEIGHTS, [TEXT_COLUMNS, BODY_WEIGHT] as const] : FIELD_WEIGHTS;
      for (const [columns, weight] of fields) {
        const rows = (
          await sql<{ k: number }>`select rowid as k from article_search
            where article_search match ${`${columns} : ${expression}`} and article_search.rowid between ${low} and ${high}`.execute(this.db)
        ).rows;
        for (const row of rows) {
          const k = Number(row.k);
          if (inWindow.has(k) && !best.has(k)) best.set(k, weight);
        }
      }
      for (const c of candidates) c.score += best.get(c.k) ?? floor;
    }
  }


  protected async clear(): Promise<void> {
    await sql`delete from article_search`.execute(this.db);
    await sql`delete from search_keys`.execute(this.db);
  }

  protected async remove(ids: readonly number[]): Promise<void> {
    await sql`delete from article_search where rowid in (select search_key from search_keys where article_id in (${sql.join(ids)}))`.execute(this.db);
    await sql`delete from search_keys where article_id in (${sql.join(ids)})`.execute(this.db);
  }

  protected async insert(part: readonly SearchDocument[]): Promise<void> {
    const keyed = part.map((d) => ({ d, key: searchKey(d.publishedAt, d.articleId) }));
    const values = keyed.map(({ d, key }) => sql`(${BigInt(key)}, ${d.headline}, ${d.summary}, ${d.body}, ${d.captions}, ${d.tags}, ${documentFacets(d).join(' ')})`);
    await sql`insert into article_search (rowid, headline, summary, body, captions, tags, facets) values ${sql.join(values)}`.execute(this.db);
    await sql`insert into search_keys (article_id, search_key) values ${sql.join(keyed.map(({ d, key }) => sql`(${d.articleId}, ${BigInt(key)})`))}`.execute(this.db);
  }
}

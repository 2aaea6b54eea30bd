import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { BroadsheetError } from '../core/errors.ts';
import type { SearchFilters, SearchHit, SearchIndex, SearchRequest, SearchResult } from '../core/ports.ts';
import { searchDocument, type SearchDocument } from '../core/search/search-document.ts';
import {
  hasPhrase,
  SEARCH_PHRASE_WINDOW,
  SEARCH_RELEVANCE_WINDOW,
  SNIPPET_MARK_END,
  SNIPPET_MARK_START,
  type ParsedQuery,
  type SearchTerm,
} from '../core/search/search-query.ts';
import type { DialectCapabilities } from './dialect.ts';
import { chunks } from './rows.ts';
import type { Database } from './schema.ts';

const PUBLISHED = 'published';
/** Longest a PostgreSQL search query may run. */
const SEARCH_TIMEOUT_MS = 2_000;
/** Words of body text either side of the matches in a snippet. */
const SNIPPET_WORDS = 28;

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
const MINUTE = 60_000;

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

/** A string for PostgreSQL's websearch_to_tsquery built from the parsed query (never the raw input). */
export function websearchExpression(query: ParsedQuery, loose = false): string {
  const term = (t: SearchTerm) => (t.words.length === 1 ? (t.words[0] as string) : `"${t.words.join(' ')}"`);
  // Loose: a phrase's words anywhere (the phrase window's first step). websearch syntax has no
  // brackets, so a phrase among alternatives stays a phrase: still a superset of the exact matches.
  const positive = query.clauses.map((c) => (loose && c.length === 1 ? (c[0] as SearchTerm).words.join(' ') : c.map(term).join(' or '))).join(' ');
  return [positive, ...query.excluded.map((t) => `-${term(t)}`)].join(' ');
}

/** Filter tokens of the facets column: s<section id>, t<tag id>, a<author id>. */
function facetTokens(f: SearchFilters): string[] {
  return [
    ...(f.sectionId !== undefined ? [`s${f.sectionId}`] : []),
    ...(f.tagId !== undefined ? [`t${f.tagId}`] : []),
    ...(f.authorId !== undefined ? [`a${f.authorId}`] : []),
  ];
}

/** A PostgreSQL integer[] literal from trusted numbers. */
const intArray = (values: readonly number[]) => sql`${`{${values.map((v) => Math.trunc(v)).join(',')}}`}::integer[]`;

/** A result, with `checkedSince` only when the phrase window left older articles unchecked. */
const withSince = (found: { total: number; hits: SearchHit[] }, checkedSince: number | undefined): SearchResult =>
  checkedSince === undefined ? found : { ...found, checkedSince };

/**
 * The search index on SQLite (FTS5) or PostgreSQL (tsvector + GIN): one class, the SQL that differs
 * chosen by the dialect's capability flag. Both answer the same way: matches newest first, or the
 * newest SEARCH_RELEVANCE_WINDOW matches by relevance; counts exact up to SEARCH_COUNT_LIMIT; snippets
 * only for the page shown. Every query's cost is bounded by those two limits, never by how many
 * articles say "government" (docs/decisions/010-search.md).
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

  async search(request: SearchRequest): Promise<SearchResult> {
    if (request.query.clauses.length === 0) return { total: 0, hits: [] };
    if (request.filters.from !== undefined && request.filters.to !== undefined && request.filters.from >= request.filters.to) return { total: 0, hits: [] };
    return this.#caps.fullText === 'fts5' ? this.#searchFts5(request) : this.#searchPostgres(request);
  }

  async #searchFts5(r: SearchRequest): Promise<SearchResult> {
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
          and article_search.rowid between ${BigInt(low)} and ${BigInt(high)} order by rowid desc limit 2 offset ${(r.phraseWindow ?? SEARCH_PHRASE_WINDOW) - 1}`.execute(this.#db)
      ).rows;
      if (edge[0]) floor = Number(edge[0].k);
      olderUnchecked = edge.length === 2;
    }
    const where = sql`article_search match ${match} and article_search.rowid between ${BigInt(floor)} and ${BigInt(high)}`;
    // One scan: the newest window of matches (FTS5 walks its recency keys downwards and stops). The
    // window is also the count, and every page a reader can reach.
    const candidates = (
      await sql<{ k: number }>`select rowid as k from article_search where ${where} order by rowid desc limit ${SEARCH_RELEVANCE_WINDOW + 1}`.execute(this.#db)
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
          and article_search.rowid in (${sql.join(keys.map((k) => BigInt(k)))}) and a.status = ${PUBLISHED} and a.published_at <= ${r.now}`.execute(this.#db)
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
            where article_search match ${`${columns} : ${expression}`} and article_search.rowid between ${low} and ${high}`.execute(this.#db)
        ).rows;
        for (const row of rows) {
          const k = Number(row.k);
          if (inWindow.has(k) && !best.has(k)) best.set(k, weight);
        }
      }
      for (const c of candidates) c.score += best.get(c.k) ?? floor;
    }
  }

  async #searchPostgres(r: SearchRequest): Promise<SearchResult> {
    const tsquery = sql`websearch_to_tsquery('english', ${websearchExpression(r.query)})`;
    const f = r.filters;
    const filters: RawBuilder<unknown>[] = [sql`s.published_at <= ${r.now}`];
    if (f.sectionId !== undefined) filters.push(sql`s.section_ids @> array[${f.sectionId}]::integer[]`);
    if (f.tagId !== undefined) filters.push(sql`s.tag_ids @> array[${f.tagId}]::integer[]`);
    if (f.authorId !== undefined) filters.push(sql`s.author_ids @> array[${f.authorId}]::integer[]`);
    if (f.from !== undefined) filters.push(sql`s.published_at >= ${f.from}`);
    if (f.to !== undefined) filters.push(sql`s.published_at < ${f.to}`);
    // One scan, as for SQLite: the newest window of matches, then ranked when asked. ts_rank runs on
    // the window's rows only, joined back by key: in the scan's select list it would run on every
    // match before the sort (2,467 of them for two common words: 19 ms of a 26 ms query).
    const ranked = r.order !== 'newest';
    const phrase = hasPhrase(r.query);
    let olderUnchecked = false;
    let floor: number | undefined;
    // A search may not hold the database for long: past the limit the reader is asked to narrow it.
    // Inside a caller's transaction the limit is not set: `set local` would last for the rest of it.
    const run = async (db: Kysely<Database>) => {
      if (!this.#inTransaction) await sql`set local statement_timeout = ${sql.lit(SEARCH_TIMEOUT_MS)}`.execute(db);
      const parts = [...filters];
      if (phrase) {
        // The phrase window, as for SQLite: positions are checked only back to the
        // SEARCH_PHRASE_WINDOW-th newest article holding all the words.
        const loose = sql`websearch_to_tsquery('english', ${websearchExpression(r.query, true)})`;
        const edge = (
          await sql<{ published_at: string; id: number }>`select s.published_at, s.article_id as id from article_search s
            where s.document @@ ${loose} and ${sql.join(filters, sql` and `)}
            order by s.published_at desc, s.article_id desc offset ${(r.phraseWindow ?? SEARCH_PHRASE_WINDOW) - 1} limit 2`.execute(db)
        ).rows;
        if (edge[0]) {
          floor = Number(edge[0].published_at);
          parts.push(sql`(s.published_at, s.article_id) >= (${floor}, ${edge[0].id})`);
        }
        olderUnchecked = edge.length === 2;
      }
      const window = sql`select s.article_id as id, s.published_at from article_search s
        where s.document @@ ${tsquery} and ${sql.join(parts, sql` and `)}
        order by s.published_at desc, s.article_id desc limit ${SEARCH_RELEVANCE_WINDOW + 1}`;
      return ranked
        ? sql<{ id: number; published_at: string; rank: number }>`select w.id, w.published_at, ts_rank(d.document, ${tsquery}, 1) as rank
            from (${window}) w join article_search d on d.article_id = w.id`.execute(db)
        : sql<{ id: number; published_at: string; rank: number }>`select w.id, w.published_at, 0 as rank from (${window}) w`.execute(db);
    };
    let found;
    try {
      found = this.#inTransaction ? await run(this.#db) : await this.#db.transaction().execute(run);
    } catch (err) {
      if ((err as { code?: unknown }).code === '57014') throw new BroadsheetError('BS_ERR_SEARCH_TOO_SLOW', {}, { cause: err });
      throw err;
    }
    const candidates = found.rows.map((row) => ({ id: Number(row.id), at: Number(row.published_at), rank: Number(row.rank) }));
    const total = candidates.length;
    const checkedSince = olderUnchecked && total <= SEARCH_RELEVANCE_WINDOW ? floor : undefined;
    candidates.sort(ranked ? (x, y) => y.rank - x.rank || y.at - x.at || y.id - x.id : (x, y) => y.at - x.at || y.id - x.id);
    const ids = candidates.slice(r.offset, r.offset + r.limit).map((c) => c.id);
    if (ids.length === 0) return withSince({ total, hits: [] }, checkedSince);
    // Headlines (snippets) are costly: computed only for the page of results.
    const options = `StartSel=${SNIPPET_MARK_START}, StopSel=${SNIPPET_MARK_END}, MaxWords=${SNIPPET_WORDS + 8}, MinWords=${Math.round(SNIPPET_WORDS / 2)}, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
    const snippets = await sql<{ id: number; snippet: string }>`
      select t.article_id as id, ts_headline('english', left(t.body, 6000), ${tsquery}, ${options}) as snippet
      from article_search_text t join articles a on a.id = t.article_id
      where t.article_id in (${sql.join(ids)}) and a.status = ${PUBLISHED}`.execute(this.#db);
    const byId = new Map(snippets.rows.map((row) => [Number(row.id), row.snippet]));
    return withSince({ total, hits: ids.flatMap((id) => (byId.has(id) ? [{ articleId: id, snippet: byId.get(id) as string }] : [])) }, checkedSince);
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
    if (this.#caps.fullText === 'fts5') await sql`delete from search_keys`.execute(this.#db);
    else await sql`delete from article_search_text`.execute(this.#db);
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
    const [rows, tagRows, authorRows] = await Promise.all([
      this.#db
        .selectFrom('articles as a')
        .leftJoin('media as m', 'm.id', 'a.lead_media_id')
        .select(['a.id', 'a.headline', 'a.summary', 'a.body_html', 'a.lead_caption', 'a.published_at', 'a.section_id', 'a.subsection_id', 'm.caption as media_caption'])
        .where('a.id', 'in', ids)
        .where('a.status', '=', PUBLISHED)
        .where('a.published_at', 'is not', null)
        .execute(),
      this.#db
        .selectFrom('article_tags as at')
        .innerJoin('tags as t', 't.id', 'at.tag_id')
        .select(['at.article_id', 't.id', 't.name'])
        .where('at.article_id', 'in', ids)
        .orderBy('at.position')
        .execute(),
      this.#db.selectFrom('article_authors').select(['article_id', 'author_id']).where('article_id', 'in', ids).execute(),
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

  async #remove(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    if (this.#caps.fullText === 'fts5') {
      await sql`delete from article_search where rowid in (select search_key from search_keys where article_id in (${sql.join(ids)}))`.execute(this.#db);
      await sql`delete from search_keys where article_id in (${sql.join(ids)})`.execute(this.#db);
    } else {
      await sql`delete from article_search where article_id in (${sql.join(ids)})`.execute(this.#db);
      await sql`delete from article_search_text where article_id in (${sql.join(ids)})`.execute(this.#db);
    }
  }

  async #insert(docs: readonly SearchDocument[]): Promise<void> {
    for (const part of chunks(docs, 100)) {
      if (part.length === 0) continue;
      if (this.#caps.fullText === 'fts5') {
        const keyed = part.map((d) => ({ d, key: searchKey(d.publishedAt, d.articleId) }));
        const facets = (d: SearchDocument) => [...d.sectionIds.map((x) => `s${x}`), ...d.tagIds.map((x) => `t${x}`), ...d.authorIds.map((x) => `a${x}`)].join(' ');
        const values = keyed.map(({ d, key }) => sql`(${BigInt(key)}, ${d.headline}, ${d.summary}, ${d.body}, ${d.captions}, ${d.tags}, ${facets(d)})`);
        await sql`insert into article_search (rowid, headline, summary, body, captions, tags, facets) values ${sql.join(values)}`.execute(this.#db);
        await sql`insert into search_keys (article_id, search_key) values ${sql.join(keyed.map(({ d, key }) => sql`(${d.articleId}, ${BigInt(key)})`))}`.execute(this.#db);
      } else {
        const values = part.map(
          (d) => sql`(${d.articleId}, ${d.publishedAt}, ${intArray(d.sectionIds)}, ${intArray(d.tagIds)}, ${intArray(d.authorIds)},
            setweight(to_tsvector('english', ${d.headline}), 'A') || setweight(to_tsvector('english', ${d.summary}), 'B') ||
            setweight(to_tsvector('english', ${d.tags}), 'B') || setweight(to_tsvector('english', ${d.captions}), 'C') ||
            setweight(to_tsvector('english', ${d.body}), 'D'))`,
        );
        await sql`insert into article_search (article_id, published_at, section_ids, tag_ids, author_ids, document)
          values ${sql.join(values)}
          on conflict (article_id) do update set published_at = excluded.published_at, section_ids = excluded.section_ids,
          tag_ids = excluded.tag_ids, author_ids = excluded.author_ids, document = excluded.document`.execute(this.#db);
        await sql`insert into article_search_text (article_id, body) values ${sql.join(part.map((d) => sql`(${d.articleId}, ${d.body})`))}
          on conflict (article_id) do update set body = excluded.body`.execute(this.#db);
      }
    }
  }
}

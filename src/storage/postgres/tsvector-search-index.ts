import { sql, type Kysely, type RawBuilder } from 'kysely';
import { BroadsheetError } from '../../core/errors.ts';
import type { SearchRequest, SearchResult } from '../../core/ports.ts';
import type { SearchDocument } from '../../core/search/search-document.ts';
import { textSnippet, tsqueryLexemes } from '../../core/search/text-snippet.ts';
import { hasPhrase, SEARCH_PHRASE_WINDOW, SEARCH_RELEVANCE_WINDOW, type ParsedQuery, type SearchTerm } from '../../core/search/search-query.ts';
import type { Database } from '../schema.ts';
import { documentFacets, facetTokens, KyselySearchIndexBase, PUBLISHED, SNIPPET_WORDS, withSince } from '../search-index-base.ts';

/**
 * Characters of a PostgreSQL body a snippet is cut from (as ts_headline was given): the cutting runs
 * in the request's event loop, so a very long article does not cost more than an ordinary one.
 */
const SNIPPET_TEXT_LIMIT = 6_000;

/** A string for PostgreSQL's websearch_to_tsquery built from the parsed query (never the raw input). */
export function websearchExpression(query: ParsedQuery, loose = false): string {
  const term = (t: SearchTerm) => (t.words.length === 1 ? (t.words[0] as string) : `"${t.words.join(' ')}"`);
  // Loose: a phrase's words anywhere (the phrase window's first step). websearch syntax has no
  // brackets, so a phrase among alternatives stays a phrase: still a superset of the exact matches.
  const positive = query.clauses.map((c) => (loose && c.length === 1 ? (c[0] as SearchTerm).words.join(' ') : c.map(term).join(' or '))).join(' ');
  return [positive, ...query.excluded.map((t) => `-${term(t)}`)].join(' ');
}

/**
 * PostgreSQL keeps the filter tokens as lexemes of the document, marked with a character no reader
 * word can hold (the query parser keeps letters and digits only, and the text parser splits on it).
 */
const FACET_MARK = '§';
/** A PostgreSQL match: its article, when it came out, whether it passed the check, its ts_rank. */
interface Match {
  readonly id: number;
  readonly at: number;
  readonly hit: boolean;
  readonly rank: number;
  /** Its place among the matches read, newest first, from 1. */
  readonly n: number;
}

/** What #estimate knows of the document's lexemes: PostgreSQL's most common ones and their shares. */
interface LexemeStats {
  readonly frequency: ReadonlyMap<string, number>;
  readonly rarest: number;
  readonly articles: number;
}
/** How long a process uses the lexeme statistics before reading them again (autovacuum renews them). */
const STATS_MAX_AGE_MS = 10 * 60_000;

/** PostgreSQL first tests this many of the newest articles in time order (see #newestMatches). */
const PROBE_ROWS = 500;
/**
 * Time order goes on while at least this share of the articles read match: testing a row costs
 * about 2 µs on the machine of docs/benchmarks.md, and a match read through the GIN index about 5,
 * with a tier's overshoot on top.
 */
const ORDERED_DENSITY = 0.2;
/** The most articles one time-ordered step tests. */
const ORDERED_MAX_ROWS = 20_000;
/** A tier names at most this many months; an older remainder is "every month but those read". */
const LISTED_MONTHS = 36;
/** A month, on average. */
const MONTH_MS = 30.44 * 86_400_000;
/** A tier's months are the estimate of what is needed times this (an estimate from a few matches). */
const TIER_MARGIN = 1.2;
/** Each further tier covers at most this many times the months before it. */
const TIER_GROWTH = 16;
/** Months since year 0, UTC. */
const monthIndex = (at: number) => {
  const d = new Date(at);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
/** A month's lexeme in a PostgreSQL document: `§m202611`. */
const monthLexeme = (month: number) => `${FACET_MARK}m${Math.floor(month / 12)}${String((month % 12) + 1).padStart(2, '0')}`;
/** The quoted tsquery lexemes of months `from` to `to`, newest first. */
const monthRange = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => `'${monthLexeme(to - i)}'`);


/**
 * The search index on PostgreSQL: a tsvector document per article with a GIN index, read newest
 * first in time order or in tiers of months (see #newestMatches).
 */
export class TsvectorSearchIndex extends KyselySearchIndexBase {
  readonly #searchDb: Kysely<Database>;
  readonly #probeRows: number;
  /** PostgreSQL's statistics of the document's lexemes (per process; see #lexemeStats). */
  #stats: { at: number; promise: Promise<LexemeStats | undefined> } | undefined;

  /**
   * `searchDb`: where searches outside a transaction run (connections with a statement timeout).
   * `probeRows`: how many of the newest articles are tested in time order before the GIN index is
   * used (see #newestMatches; tests set it low to reach the tiers with few articles).
   */
  constructor(db: Kysely<Database>, inTransaction: boolean, searchDb: Kysely<Database> = db, options: { probeRows?: number } = {}) {
    super(db, inTransaction);
    this.#searchDb = searchDb;
    this.#probeRows = options.probeRows ?? PROBE_ROWS;
  }

  protected async searchIndex(r: SearchRequest): Promise<SearchResult> {
    const f = r.filters;
    const ranked = r.order !== 'newest';
    const phrase = hasPhrase(r.query);
    const facets = facetTokens(f).map((t) => `'${FACET_MARK}${t}'`);
    // The reader's words become a tsquery once, in the first statement; the rest are handed its text.
    // An empty one (every word a stopword the parser dropped) matches nothing, never "every article
    // in the section" once the filters are added to it.
    const run = async (db: Kysely<Database>) => {
      // The first article's time ends the tiers below (one index probe).
      const parsed = (
        await sql<{ q: string; loose: string; marks: string; first: string | null }>`select websearch_to_tsquery('english', ${websearchExpression(r.query)})::text as q,
          websearch_to_tsquery('english', ${websearchExpression(r.query, true)})::text as loose,
          websearch_to_tsquery('english', ${websearchExpression({ ...r.query, excluded: [] })})::text as marks,
          (select min(published_at) from article_search) as first`.execute(db)
      ).rows[0] as { q: string; loose: string; marks: string; first: string | null };
      if (parsed.marks === '' || parsed.first === null) return { q: parsed.q, marks: parsed.marks, rows: [], olderUnchecked: false, floor: undefined };
      const withFacets = (q: string) => [`(${q})`, ...facets].join(' & ');
      // The date range, and the embargo to the millisecond: [low, high). Nothing is older than the
      // first article, so the tiers stop there.
      const low = Math.max(f.from ?? Number.NEGATIVE_INFINITY, Number(parsed.first));
      const toFirst = low === Number(parsed.first);
      const high = Math.min(r.now + 1, f.to ?? Number.POSITIVE_INFINITY);
      const rankBy = ranked ? { rank: parsed.q } : {};
      if (!phrase) {
        const { matches: rows } = await this.#newestMatches(db, { match: withFacets(parsed.q), ...rankBy, need: SEARCH_RELEVANCE_WINDOW + 1, low, high, toFirst, first: Number(parsed.first) });
        return { q: parsed.q, marks: parsed.marks, rows, olderUnchecked: false, floor: undefined };
      }
      // The phrase window, as for SQLite: positions are checked only in the SEARCH_PHRASE_WINDOW newest
      // articles holding all the words (found without positions), in the same pass that finds them.
      const window = r.phraseWindow ?? SEARCH_PHRASE_WINDOW;
      const considered = await this.#newestMatches(db, { match: withFacets(parsed.loose), check: parsed.q, ...rankBy, need: window + 1, low, high, toFirst, first: Number(parsed.first) });
      const olderUnchecked = considered.count > window;
      const rows = considered.matches.filter((row) => row.hit && row.n <= window).slice(0, SEARCH_RELEVANCE_WINDOW + 1);
      return { q: parsed.q, marks: parsed.marks, rows, olderUnchecked, floor: olderUnchecked ? considered.matches.find((row) => row.n === window)?.at : undefined };
    };
    // Outside a caller's transaction a search runs on one of the search connections, whose statement
    // timeout (SEARCH_STATEMENT_TIMEOUT_MS) keeps it from holding the database: past it the reader is
    // asked to narrow the search. Inside a caller's transaction no limit applies (the site's own
    // searches, the search page and related articles, run outside one).
    let found;
    try {
      found = this.inTransaction ? await run(this.db) : await this.#searchDb.connection().execute(run);
    } catch (err) {
      if ((err as { code?: unknown }).code === '57014') throw new BroadsheetError('BS_ERR_SEARCH_TOO_SLOW', {}, { cause: err });
      throw err;
    }
    const candidates = found.rows;
    const total = candidates.length;
    const checkedSince = found.olderUnchecked && total <= SEARCH_RELEVANCE_WINDOW ? found.floor : undefined;
    candidates.sort(ranked ? (x, y) => y.rank - x.rank || y.at - x.at || y.id - x.id : (x, y) => y.at - x.at || y.id - x.id);
    const ids = candidates.slice(r.offset, r.offset + r.limit).map((c) => c.id);
    if (ids.length === 0) return withSince({ total, hits: [] }, checkedSince);
    // Snippets for the page only, cut here from the plain body (see textSnippet), the matched words
    // being those whose stem is one of the query's own lexemes, as PostgreSQL stemmed them.
    const bodies = await sql<{ id: number; body: string }>`
      select t.article_id as id, left(t.body, ${SNIPPET_TEXT_LIMIT}) as body from article_search_text t join articles a on a.id = t.article_id
      where t.article_id in (${sql.join(ids)}) and a.status = ${PUBLISHED}`.execute(this.inTransaction ? this.db : this.#searchDb);
    const lexemes = tsqueryLexemes(found.marks);
    const byId = new Map(bodies.rows.map((row) => [Number(row.id), textSnippet(row.body, lexemes, SNIPPET_WORDS)]));
    return withSince({ total, hits: ids.flatMap((id) => (byId.has(id) ? [{ articleId: id, snippet: byId.get(id) as string }] : [])) }, checkedSince);
  }

  /**
   * The newest `need` matches of `match` in [low, high), newest first (with `check`, each says
   * whether it also matches that; with `rank`, each has its ts_rank), and how many were read (with
   * `check`, only those that pass it and each statement's last two are handed back). Two ways of
   * reading, chosen here rather than by the planner, whose row estimates cannot see that recent
   * matches are what is wanted:
   *
   * - In time order (the `published_at` index): first the newest `probeRows` articles of the range,
   *   each tested, then further steps sized by the share that matched, while that share is at least
   *   ORDERED_DENSITY. A word in many articles fills the window here, reading only the newest rows,
   *   which every search reads and PostgreSQL keeps in its buffers. Skipped when PostgreSQL's
   *   statistics say under half that share matches (#estimate).
   * - Then through the GIN index, in tiers of calendar months going back: the query ANDed with the
   *   months' lexemes (`§m202611`) as a second condition, so only that tier's matches are handed
   *   over and only their rows are read. (ORed inside the query, the months became the entries GIN
   *   walks, each being rarer than the words: 13.5 ms where the second condition takes 2.) The
   *   first tier is as many months as the matches so far say are needed (times
   *   TIER_MARGIN), each next one at least twice and at most TIER_GROWTH times the months so far,
   *   the last the months left. Without tiers, a query whose matches are few but spread over the
   *   years (two words found together in 2,500 articles) read every match's row, most of them old
   *   and not in PostgreSQL's buffers, to keep the newest 501.
   *
   * In the tiers the time bounds are written so that no index can use them (`published_at + 0`):
   * ANDed with the `published_at` index the GIN bitmap cost more than it saved, and the planner,
   * counting the months twice (lexemes and range), chose that.
   */
  async #newestMatches(
    db: Kysely<Database>,
    o: { match: string; check?: string; rank?: string; need: number; low: number; high: number; toFirst: boolean; first: number },
  ): Promise<{ matches: Match[]; count: number }> {
    const hit = (alias: string) => (o.check !== undefined ? sql`${sql.ref(alias)}.document @@ ${o.check}::tsquery` : sql`true`);
    // ts_rank for the rows returned (only those that pass `check`), in the statement that reads them.
    const rank = (alias: string) => {
      if (o.rank === undefined) return sql`0`;
      const score = sql`ts_rank(${sql.ref(alias)}.document, ${o.rank}::tsquery, 1)`;
      return o.check !== undefined ? sql`case when ${hit(alias)} then ${score} else 0 end` : score;
    };
    type Row = { id: number; published_at: string; hit: boolean; rank: number; edge: boolean; n: string; total: string };
    /**
     * A statement's matches (id, published_at, hit, rank, newest first) as rows to hand back. With a
     * check (a phrase), only those that pass it and the statement's last two come back, each with its
     * place and the statement's count: a phrase's window is thousands of articles holding its words,
     * of which a few pass, and parsing every row cost Node more than the database took to send it.
     * `matches` must not be flattened into this (a limit or `offset 0` in it): the check and ts_rank
     * would be computed above the window functions, every row's 3 KB vector copied through them
     * (a tier of 1,900 rows: 28 ms instead of 14).
     */
    const returned = (matches: RawBuilder<unknown>) =>
      o.check === undefined
        ? sql`select m.id, m.published_at, m.hit, m.rank, false as edge, 0 as n, 0 as total from (${matches}) m order by m.published_at desc, m.id desc`
        : sql`select y.id, y.published_at, y.hit, y.rank, false as edge, y.n, y.total from (
            select m.*, row_number() over (order by m.published_at desc, m.id desc) as n, count(*) over () as total from (${matches}) m) y
            where y.hit or y.n >= y.total - 1 order by y.n`;
    const out: Match[] = [];
    let count = 0;
    // Each statement sees the articles as they are when it starts: one published in between could
    // come twice, across an edge (it is returned once; the count may then be one too many).
    const add = (rows: Row[]) => {
      const seen = new Set(out.map((m) => m.id));
      const total = o.check === undefined ? rows.length : Number(rows[0]?.total ?? 0);
      rows.forEach((row, i) => {
        if (!seen.has(Number(row.id))) out.push({ id: Number(row.id), at: Number(row.published_at), hit: row.hit, rank: Number(row.rank), n: count + (o.check === undefined ? i + 1 : Number(row.n)) });
      });
      count += total;
    };
    const done = () => ({ matches: out, count });
    // Time order: steps of `rows` articles older than the edge (the oldest article read so far), each
    // tested. Skipped when PostgreSQL's own statistics say few articles match (as its planner would
    // judge): the tiers then start at the range's end, sized by that estimate.
    let edge: { id: number; published_at: string } | undefined;
    let read = 0;
    let rows = this.#probeRows;
    const estimate = await this.#estimate(db, o.match, o.high - o.first);
    let perMonth = estimate !== undefined && estimate.share < ORDERED_DENSITY / 2 ? estimate.share * estimate.articlesPerMonth : undefined;
    for (; perMonth === undefined; ) {
      const range = sql`s.published_at < ${o.high} and s.published_at >= ${o.low} ${edge ? sql`and (s.published_at, s.article_id) < (${Number(edge.published_at)}, ${edge.id})` : sql``}`;
      const matches = sql`select c.article_id as id, c.published_at, ${hit('c')} as hit, ${rank('c')} as rank
            from (select s.article_id, s.published_at, s.document from article_search s where ${range}
              order by s.published_at desc, s.article_id desc limit ${rows}) c
            where c.document @@ ${o.match}::tsquery order by c.published_at desc, c.article_id desc limit ${o.need - count}`;
      const edgeRow = sql<Row>`select s.article_id as id, s.published_at, false as hit, 0 as rank, true as edge, 0 as n, 0 as total from article_search s where ${range}
            order by s.published_at desc, s.article_id desc offset ${rows - 1} limit 1`;
      // The step's own last article is the next edge. The probe's comes in the probe's statement (500
      // index entries: cheap); a later step's is read only when that step did not fill up: finding it
      // reads as many index entries as the step has rows (2 ms for 12,000), and a step sized from the
      // density usually fills.
      const first = edge === undefined;
      const step = (await sql<Row>`(${returned(matches)})${first ? sql` union all (${edgeRow})` : sql``}`.execute(db)).rows;
      add(step.filter((row) => !row.edge));
      read += rows;
      if (count >= o.need) return done();
      edge = first ? step.find((row) => row.edge) : (await edgeRow.execute(db)).rows[0];
      if (!edge) return done(); // the range is read to its start
      const density = count / read;
      if (density < ORDERED_DENSITY) break;
      rows = Math.min(ORDERED_MAX_ROWS, Math.ceil(((o.need - count) / density) * 1.5));
    }
    // Where the tiers start: below the time-ordered reading's edge, or at the range's end.
    const below = edge ? { at: Number(edge.published_at), id: edge.id } : { at: o.high, id: 0 };
    const top = monthIndex(below.at - (edge ? 0 : 1));
    const bottom = monthIndex(o.low);
    // Matches a month, going by the articles read in time order (or by the statistics).
    perMonth ??= (count / Math.max(1, o.high - below.at)) * MONTH_MS;
    let newest = top;
    let months = perMonth <= 0 ? Number.POSITIVE_INFINITY : Math.max(1, Math.ceil(((o.need - count) / perMonth) * TIER_MARGIN));
    for (;;) {
      const oldest = newest - months + 1;
      const last = oldest <= bottom;
      // The last tier: everything but the months read when the range goes back to the first article
      // (a rare word's few matches need no month list to be found) or when the months left are many;
      // else the months left.
      const rest = last && (o.toFirst || newest - bottom + 1 > LISTED_MONTHS);
      const lexemes = rest ? monthRange(newest + 1, top) : monthRange(last ? bottom : oldest, newest);
      // Months to read are a second condition (a second GIN scan key), months left out part of the
      // query's own: see the method's comment.
      const excluded = rest && lexemes.length > 0 ? ` & !(${lexemes.join(' | ')})` : '';
      const listed = !rest && lexemes.length > 0 ? sql`and s.document @@ ${lexemes.join(' | ')}::tsquery` : sql``;
      const tierRows = sql`from article_search s where s.document @@ ${o.match + excluded}::tsquery ${listed}
            and (s.published_at + 0, s.article_id) < (${below.at}, ${below.id}) and s.published_at + 0 >= ${o.low}
          order by s.published_at desc, s.article_id desc limit ${o.need - count}`;
      // A phrase is checked only in the rows kept: a tier reads more matches than it keeps (whole
      // months), and the check reads through each row's 3 KB vector. The kept rows are read again by
      // tuple id, in the same statement (the same snapshot). Without a check, the read again costs
      // more than ts_rank on the extra rows.
      const matches =
        o.check === undefined
          ? sql`select s.article_id as id, s.published_at, true as hit, ${rank('s')} as rank ${tierRows}`
          : sql`select k.id, k.published_at, ${hit('t')} as hit, ${rank('t')} as rank
              from (select s.ctid as tid, s.article_id as id, s.published_at ${tierRows}) k join article_search t on t.ctid = k.tid offset 0`;
      add((await sql<Row>`${returned(matches)}`.execute(db)).rows);
      if (count >= o.need || last) return done();
      const covered = top - oldest + 1;
      const growth = count === 0 ? TIER_GROWTH : Math.min(TIER_GROWTH, Math.max(2, (o.need / count) * 1.5));
      months = Math.ceil(covered * growth) - covered;
      newest = oldest - 1;
    }
  }

  /**
   * The share of articles matching `match` and how many articles a month the edition publishes, from
   * PostgreSQL's statistics of the document's lexemes (as its planner estimates: lexemes multiplied
   * as if independent, one absent from the most common ones at half the rarest frequency), for a
   * query of lexemes joined by `&` only; undefined when there are no statistics yet.
   */
  async #estimate(db: Kysely<Database>, match: string, span: number): Promise<{ share: number; articlesPerMonth: number } | undefined> {
    if (/[|!<]/.test(match)) return undefined;
    const stats = await this.#lexemeStats(db);
    if (!stats || stats.articles <= 0) return undefined;
    let share = 1;
    for (const lexeme of tsqueryLexemes(match)) share *= stats.frequency.get(lexeme) ?? stats.rarest / 2;
    const months = Math.max(1, span / MONTH_MS);
    return { share, articlesPerMonth: stats.articles / months };
  }

  /** The statistics, read once per STATS_MAX_AGE_MS per process. */
  #lexemeStats(db: Kysely<Database>): Promise<LexemeStats | undefined> {
    const now = Date.now();
    if (this.#stats && now - this.#stats.at < STATS_MAX_AGE_MS) return this.#stats.promise;
    const promise = (async () => {
      const row = (
        await sql<{ elems: string[] | null; freqs: number[] | null; articles: number }>`select
            (select most_common_elems::text::text[] from pg_stats where schemaname = current_schema() and tablename = 'article_search' and attname = 'document') as elems,
            (select most_common_elem_freqs from pg_stats where schemaname = current_schema() and tablename = 'article_search' and attname = 'document') as freqs,
            (select reltuples from pg_class where oid = 'article_search'::regclass) as articles`.execute(db)
      ).rows[0];
      if (!row?.elems || !row.freqs || row.elems.length === 0) return undefined;
      const elems = row.elems;
      const freqs = row.freqs.slice(0, elems.length).map(Number);
      return { frequency: new Map(elems.map((e, i) => [e, freqs[i] as number])), rarest: Math.min(...freqs), articles: Number(row.articles) };
    })();
    this.#stats = { at: now, promise };
    promise.catch(() => {
      if (this.#stats?.promise === promise) this.#stats = undefined;
    });
    return promise;
  }

  protected async clear(): Promise<void> {
    await sql`delete from article_search`.execute(this.db);
    await sql`delete from article_search_text`.execute(this.db);
  }

  protected async remove(ids: readonly number[]): Promise<void> {
    await sql`delete from article_search where article_id in (${sql.join(ids)})`.execute(this.db);
    await sql`delete from article_search_text where article_id in (${sql.join(ids)})`.execute(this.db);
  }

  protected async insert(part: readonly SearchDocument[]): Promise<void> {
    const values = part.map(
      (d) => sql`(${d.articleId}, ${d.publishedAt},
        setweight(to_tsvector('english', ${d.headline}), 'A') || setweight(to_tsvector('english', ${d.summary}), 'B') ||
        setweight(to_tsvector('english', ${d.tags}), 'B') || setweight(to_tsvector('english', ${d.captions}), 'C') ||
        setweight(to_tsvector('english', ${d.body}), 'D') || array_to_tsvector(${[...documentFacets(d).map((t) => FACET_MARK + t), monthLexeme(monthIndex(d.publishedAt))]}::text[]))`,
    );
    await sql`insert into article_search (article_id, published_at, document)
      values ${sql.join(values)}
      on conflict (article_id) do update set published_at = excluded.published_at, document = excluded.document`.execute(this.db);
    await sql`insert into article_search_text (article_id, body) values ${sql.join(part.map((d) => sql`(${d.articleId}, ${d.body})`))}
      on conflict (article_id) do update set body = excluded.body`.execute(this.db);
  }
}

/**
 * What a reader typed into the search box, reduced to something no database can misread: words of
 * letters and digits only, grouped into phrases ("..."), exclusions (-word) and alternatives (OR).
 * Each storage adapter compiles this into its own syntax (FTS5 MATCH, PostgreSQL tsquery), so no
 * character the reader typed ever reaches a query parser: quotes, operators, SQL fragments and
 * control characters are separators, and the worst a hostile query can do is find nothing.
 */

/** Around each match in a snippet (control characters: no stored text contains them). */
export const SNIPPET_MARK_START = '\u0002';
export const SNIPPET_MARK_END = '\u0003';

/**
 * A search looks at the newest this-many matches: relevance ranks them, and they are the count
 * ("more than 500" past it) and every page a reader can reach (25 pages of 20). A news reader
 * wants the best of the recent matches; ranking or counting all 90,000 articles that say
 * "government" would cost a database scan per query. Narrowing words, a section or dates bring
 * older articles into the window.
 */
export const SEARCH_RELEVANCE_WINDOW = 500;
/**
 * A quoted phrase is checked word-by-position only in the newest this-many articles that hold all
 * its words: checking positions costs per article holding the words, and for common words that is
 * most of the archive. A date range moves the window back (docs/decisions/010-search.md).
 */
export const SEARCH_PHRASE_WINDOW = 2_000;

/** True when some term the query requires is a phrase of two or more words. */
export function hasPhrase(query: ParsedQuery): boolean {
  return query.clauses.some((clause) => clause.some((term) => term.words.length > 1));
}

/** Matches are counted up to this many (the window); past it the count says "more than". */
export const SEARCH_COUNT_LIMIT = SEARCH_RELEVANCE_WINDOW;

/** Longest query we search for; longer ones are cut at a word boundary (and the reader told). */
export const MAX_QUERY_CHARS = 200;
/** Words we search for at most (each is a term the index must intersect). */
export const MAX_QUERY_WORDS = 16;

/** One or more words that must appear together, in order (a phrase when more than one). */
export interface SearchTerm {
  readonly words: readonly string[];
}

export interface ParsedQuery {
  /** The query as we understood it, normalized (what the search box shows back). */
  readonly text: string;
  /** Every clause must match; a clause matches when any of its terms does. */
  readonly clauses: readonly (readonly SearchTerm[])[];
  /** Terms that must not appear. */
  readonly excluded: readonly SearchTerm[];
  /** True when the query was cut to MAX_QUERY_CHARS or MAX_QUERY_WORDS. */
  readonly truncated: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Words too common to search for on their own. PostgreSQL's English configuration drops them and
 * FTS5 does not; leaving them out of single-word terms makes both databases answer alike.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  'a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with'.split(' '),
);
// Controls, format characters (bidi overrides, zero-width), surrogates and private use become spaces.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/gu;

function wordsOf(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.slice(0, 64));
}

/** Parses a raw query. Never throws; an empty result (no clauses) means "nothing to search for". */
export function parseSearchQuery(raw: string): ParsedQuery {
  let text = raw.normalize('NFKC').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  let truncated = false;
  if (text.length > MAX_QUERY_CHARS) {
    const cut = text.slice(0, MAX_QUERY_CHARS);
    const space = cut.lastIndexOf(' ');
    text = (space > MAX_QUERY_CHARS / 2 ? cut.slice(0, space) : cut).trim();
    truncated = true;
  }

  // Tokens: "quoted phrases", -exclusions, OR, and bare words (punctuation splits words).
  const clauses: SearchTerm[][] = [];
  const excluded: SearchTerm[] = [];
  let wordCount = 0;
  let joinNext = false;
  const tokens = text.match(/-?"[^"]*"?|\S+/g) ?? [];
  for (const token of tokens) {
    if (token === 'OR' && clauses.length > 0) {
      joinNext = true;
      continue;
    }
    // AND is what juxtaposition means already.
    if (token === 'AND') continue;
    const negated = token.startsWith('-') && token.length > 1;
    const body = negated ? token.slice(1) : token;
    // A quoted phrase, or a bare token with punctuation inside ("U.S.", "covid-19"): its words in order.
    let words = wordsOf(body);
    // A lone common word ("the", or "U.S." split into "u" "s" stays a phrase) is no help to the search.
    if (words.length === 1 && STOPWORDS.has(words[0] as string)) words = [];
    if (words.length === 0) continue;
    if (wordCount + words.length > MAX_QUERY_WORDS) {
      truncated = true;
      break;
    }
    wordCount += words.length;
    const term: SearchTerm = { words };
    if (negated) excluded.push(term);
    else if (joinNext) (clauses.at(-1) as SearchTerm[]).push(term);
    else clauses.push([term]);
    joinNext = false;
  }
  return { text, clauses, excluded, truncated };
}

/** The query as plain words in order (for similarity searches and logs). */
export function queryWords(query: ParsedQuery): string[] {
  return query.clauses.flatMap((c) => c.flatMap((t) => t.words));
}

/** A query of "any of these words", for finding articles like another one. */
export function anyOf(words: readonly string[]): ParsedQuery {
  const unique = [...new Set(words.flatMap(wordsOf))].slice(0, MAX_QUERY_WORDS);
  return { text: unique.join(' '), clauses: unique.length > 0 ? [unique.map((w) => ({ words: [w] }))] : [], excluded: [], truncated: false };
}

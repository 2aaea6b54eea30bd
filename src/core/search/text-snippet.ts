import stemWord from 'wink-porter2-stemmer';
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from './search-query.ts';

/** A character of a word beyond ASCII (a word is letters and digits, as the query parser keeps). */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
/** Code units of the word character at `i`, or 0 when none starts there (ASCII tested by hand: fast). */
function wordCharAt(text: string, i: number): number {
  if (i >= text.length) return 0;
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) ? 1 : 0;
  const cp = text.codePointAt(i) as number;
  return WORD_CHAR.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}
/** Stems already computed: a body's words repeat, and so do the words of an edition. */
const stems = new Map<string, string>();
const STEM_MEMORY = 20_000;

/** The Porter2 (Snowball English) stem of a word, as PostgreSQL's `english` configuration makes it. */
export function englishStem(word: string): string {
  // Remembered as written: most words come in one or two casings, and lowering each costs a string.
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = stemWord(word.toLowerCase());
    if (stems.size >= STEM_MEMORY) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

/**
 * The lexemes of a PostgreSQL tsquery's text (`'hous' & 'summit' <-> 'talk'`): every quoted
 * lexeme, with doubled quotes undone. Called on a query of positive terms only.
 */
export function tsqueryLexemes(text: string): Set<string> {
  return new Set([...text.matchAll(/'((?:[^']|'')*)'/g)].map((m) => (m[1] as string).replaceAll("''", "'")));
}

/**
 * A snippet of `text` around the words whose English stem is one of `lexemes`: `size` words, with
 * the matched words between SNIPPET_MARK_START and SNIPPET_MARK_END and an ellipsis where the text
 * was cut. The window starts a few words before a match: the first one holding every lexeme, else
 * the one holding the most different lexemes, then the most matches; with no match, the text's
 * opening words.
 *
 * PostgreSQL's ts_headline does the same work by parsing and stemming the whole text in the
 * database (5–6 ms for a page of twenty bodies); here only words that could stem to a lexeme (same
 * first letter) are stemmed, most of them from memory, and the text is read only as far as the
 * first window holding every lexeme (a page of snippets is cut on the request's event loop).
 */
export function textSnippet(text: string, lexemes: ReadonlySet<string>, size: number): string {
  const initials = new Set<number>();
  for (const l of lexemes) for (const c of [l.charAt(0), l.charAt(0).toUpperCase()]) initials.add(c.charCodeAt(0));
  const starts: number[] = [];
  const ends: number[] = [];
  /** Word index of each match, and its lexeme. */
  const at: number[] = [];
  const lexemeOf: string[] = [];
  const lead = Math.floor(size / 4);
  let best = { from: 0, distinct: 0, count: 0 };
  let next = 0; // the first match whose window is not judged yet
  let lo = 0; // the first match inside the window being judged
  /** Judges the window of `size` words from word `from`; true when it holds every lexeme. */
  const judge = (from: number): boolean => {
    while ((at[lo] as number) < from) lo++;
    const seen = new Set<string>();
    let count = 0;
    for (let j = lo; j < at.length && (at[j] as number) < from + size; j++) {
      seen.add(lexemeOf[j] as string);
      count++;
    }
    if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) best = { from, distinct: seen.size, count };
    return seen.size === lexemes.size;
  };
  let i = 0;
  /** The next word's start and end, or false at the text's end. */
  const nextWord = (): boolean => {
    for (; i < text.length; i++) if (wordCharAt(text, i) > 0) break;
    if (i >= text.length) return false;
    const start = i;
    for (let w = wordCharAt(text, i); w > 0; w = wordCharAt(text, i)) i += w;
    starts.push(start);
    ends.push(i);
    return true;
  };
  let done = false;
  while (!done && nextWord()) {
    const index = starts.length - 1;
    const start = starts[index] as number;
    if (initials.has(text.charCodeAt(start))) {
      const stem = englishStem(text.slice(start, ends[index]));
      if (lexemes.has(stem)) {
        at.push(index);
        lexemeOf.push(stem);
      }
    }
    // Windows that end at this word can be judged now (their starts only grow).
    while (!done && next < at.length && Math.max(0, (at[next] as number) - lead) + size <= index + 1) done = judge(Math.max(0, (at[next++] as number) - lead));
  }
  const n = starts.length;
  if (n === 0) return '';
  // Near the text's end a window starts earlier, so as to still hold `size` words.
  for (; !done && next < at.length; next++) if (judge(Math.max(0, Math.min((at[next] as number) - lead, n - size)))) break;
  const to = Math.min(n, best.from + size);
  let out = best.from > 0 ? '…' : '';
  // From the text's start when nothing is cut there (keeping an opening quote), and to its end likewise.
  let pos = best.from === 0 ? 0 : (starts[best.from] as number);
  for (const k of at) {
    if (k < best.from || k >= to) continue;
    out += `${text.slice(pos, starts[k])}${SNIPPET_MARK_START}${text.slice(starts[k], ends[k])}${SNIPPET_MARK_END}`;
    pos = ends[k] as number;
  }
  // Words after the window: some were read, or reading stopped before the text's end.
  if (to < n || (done && nextWord())) return `${out}${text.slice(pos, ends[to - 1])}…`;
  return `${out}${text.slice(pos)}`.trim();
}

import stemWord from 'wink-porter2-stemmer';
import { SNIPPET_MARK_END, SNIPPET_MARK_START } from './search-query.ts';

/** Words of the text, with where each starts and ends. */
const WORD = /[\p{L}\p{N}]+/gu;
/** Stems already computed: a body's words repeat, and so do the words of an edition. */
const stems = new Map<string, string>();
const STEM_MEMORY = 20_000;

/** The Porter2 (Snowball English) stem of a word, as PostgreSQL's `english` configuration makes it. */
export function englishStem(word: string): string {
  const lower = word.toLowerCase();
  let stem = stems.get(lower);
  if (stem === undefined) {
    stem = stemWord(lower);
    if (stems.size >= STEM_MEMORY) stems.clear();
    stems.set(lower, stem);
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
 * was cut. The window chosen holds the most different lexemes, then the most matches, and starts a
 * few words before its first match; with no match, the text's opening words.
 *
 * PostgreSQL's ts_headline does the same work by parsing and stemming the whole text in the
 * database (5–6 ms for a page of twenty bodies); here only words that could stem to a lexeme (same
 * first letter) are stemmed, most of them from memory.
 */
export function textSnippet(text: string, lexemes: ReadonlySet<string>, size: number): string {
  const initials = new Set([...lexemes].map((l) => l.charAt(0)));
  const words: { start: number; end: number; lexeme: string | undefined }[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    const first = word.charAt(0).toLowerCase();
    const stem = initials.has(first) ? englishStem(word) : undefined;
    words.push({ start: m.index, end: m.index + word.length, lexeme: stem !== undefined && lexemes.has(stem) ? stem : undefined });
  }
  if (words.length === 0) return '';
  const lead = Math.floor(size / 4);
  let best = { from: 0, distinct: 0, count: 0 };
  for (let i = 0; i < words.length; i++) {
    if (words[i]?.lexeme === undefined) continue;
    const from = Math.max(0, Math.min(i - lead, words.length - size));
    const seen = new Set<string>();
    let count = 0;
    for (let k = from; k < Math.min(words.length, from + size); k++) {
      const lexeme = words[k]?.lexeme;
      if (lexeme !== undefined) {
        seen.add(lexeme);
        count++;
      }
    }
    if (seen.size > best.distinct || (seen.size === best.distinct && count > best.count)) best = { from, distinct: seen.size, count };
  }
  const to = Math.min(words.length, best.from + size);
  let out = best.from > 0 ? '…' : '';
  // From the text's start when nothing is cut there (keeping an opening quote), and to its end likewise.
  let at = best.from === 0 ? 0 : (words[best.from] as { start: number }).start;
  for (let k = best.from; k < to; k++) {
    const w = words[k] as { start: number; end: number; lexeme: string | undefined };
    if (w.lexeme === undefined) continue;
    out += `${text.slice(at, w.start)}${SNIPPET_MARK_START}${text.slice(w.start, w.end)}${SNIPPET_MARK_END}`;
    at = w.end;
  }
  if (to < words.length) return `${out}${text.slice(at, (words[to - 1] as { end: number }).end)}…`;
  return `${out}${text.slice(at)}`.trim();
}

/** Field limits, shared by every way an article is written (importer, seed, newsroom). */
export const ARTICLE_LIMITS = Object.freeze({
  headline: 300,
  summary: 1000,
  dateline: 120,
  bodyHtml: 500_000,
  caption: 1000,
  credit: 200,
  alt: 400,
  tags: 20,
  authors: 10,
  updateNote: 2000,
});

import type { ArticleAccess } from './types.ts';

/**
 * List excerpt: about `max` characters, cut at a word boundary and marked with "...".
 * Text that already fits is returned whole.
 */
export function excerpt(text: string, max = 100): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max + 1);
  const lastSpace = cut.lastIndexOf(' ');
  // A single very long word: cut it rather than return nothing.
  const head = lastSpace > max * 0.5 ? cut.slice(0, lastSpace) : clean.slice(0, max);
  return `${head.replace(/[\s,;:.\-–—]+$/, '')}...`;
}

/** The teaser stored with an article: its dek, else the opening of its body text. */
export function teaserFor(summary: string, bodyText: string): string {
  const source = summary.trim() !== '' ? summary : bodyText;
  return source.replace(/\s+/g, ' ').trim().slice(0, 400);
}

/**
 * The teaser a list, feed, API or search result may show: a walled article's comes from its dek alone,
 * never from its body (docs/members.md, "The paywall").
 */
export function publicTeaser(access: ArticleAccess, storedTeaser: string, summary: string): string {
  return access === 'public' ? storedTeaser : teaserFor(summary, '');
}

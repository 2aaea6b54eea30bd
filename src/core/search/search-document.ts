import { htmlToText } from '../content/sanitize.ts';

/** What the search index holds of a published article: plain text per field (weighted differently). */
export interface SearchDocument {
  readonly articleId: number;
  readonly headline: string;
  readonly summary: string;
  /** The body as plain text (tags dropped, entities decoded). */
  readonly body: string;
  /** The lead photo's caption and any captions inside the body. */
  readonly captions: string;
  /** Tag names, space separated. */
  readonly tags: string;
  /** What filters match on: when it came out, where it is filed, its tags and authors. */
  readonly publishedAt: number;
  readonly sectionIds: readonly number[];
  readonly tagIds: readonly number[];
  readonly authorIds: readonly number[];
}

/** Builds the document for an article from its stored fields. */
export function searchDocument(input: {
  readonly id: number;
  readonly headline: string;
  readonly summary: string;
  readonly bodyHtml: string;
  readonly leadCaption: string;
  readonly tagNames: readonly string[];
  readonly publishedAt: number;
  readonly sectionId: number;
  readonly subsectionId: number;
  readonly tagIds: readonly number[];
  readonly authorIds: readonly number[];
}): SearchDocument {
  const figcaptions = [...input.bodyHtml.matchAll(/<figcaption[^>]*>([\s\S]*?)<\/figcaption>/gi)].map((m) => htmlToText(m[1] ?? ''));
  return {
    articleId: input.id,
    headline: input.headline,
    summary: input.summary,
    body: htmlToText(input.bodyHtml),
    captions: [input.leadCaption, ...figcaptions].filter(Boolean).join(' '),
    tags: input.tagNames.join(' '),
    publishedAt: input.publishedAt,
    sectionIds: [...new Set([input.sectionId, input.subsectionId])],
    tagIds: input.tagIds,
    authorIds: input.authorIds,
  };
}

import type { ArticleSeo } from './article-seo.ts';

/** What a search result or a shared link shows for an article. */
export interface Presentation {
  readonly title: string;
  readonly description: string;
}

interface Source {
  readonly headline: string;
  readonly summary: string;
  /** The body's opening, when there is no summary. */
  readonly teaser: string;
  readonly seo: ArticleSeo;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/**
 * The search-result title and description: the editor's SEO fields, else the headline and the summary
 * (else the body's opening). Shared by the page head and the editor's preview, so the preview is what
 * search engines are given.
 */
export function searchPresentation(a: Source): Presentation {
  return { title: a.seo.title || a.headline, description: cut(a.seo.description || a.summary || a.teaser, 200) };
}

/** A shared link's title and description: the social fields, else the search ones. */
export function sharePresentation(a: Source): Presentation {
  const search = searchPresentation(a);
  return { title: a.seo.socialTitle || search.title, description: cut(a.seo.socialDescription || search.description, 200) };
}

import type { SectionIndex } from '../content/article-path.ts';
import { cacheKeys } from '../content/cache-keys.ts';
import type { Repositories } from '../ports.ts';
import { bodyPhotoIds } from '../content/body-photos.ts';
import type { MediaAsset } from '../content/types.ts';
import type { Deps } from '../reader/reader-pages.ts';
import type { StaticPage } from './page-ports.ts';
import { CORRECTIONS_POLICY_SLUG } from './static-pages.ts';

/** A static page as the reader site shows it, with the navigation and what it depends on. */
export interface StaticPageView {
  readonly sections: SectionIndex;
  readonly page: StaticPage;
  readonly deps: string[];
}

/** The published page at /pages/{slug}/, or undefined (drafts are not public). */
export async function publishedPage(repos: Pick<Repositories, 'pages'>, slug: string, navigation: () => Promise<SectionIndex>): Promise<StaticPageView | undefined> {
  const page = await repos.pages.findBySlug(slug);
  if (!page || page.status !== 'published') return undefined;
  return { sections: await navigation(), page, deps: [cacheKeys.navigation, cacheKeys.page(page.id)] };
}

/**
 * The corrections policy's path when that page is published: correction notices link to it. The
 * article page depends on the policy page, so publishing or withdrawing it updates the link.
 */
export async function correctionsPolicyPath(repos: Pick<Repositories, 'pages'>, deps: Deps): Promise<string | undefined> {
  const page = await repos.pages.findBySlug(CORRECTIONS_POLICY_SLUG);
  if (!page) return undefined;
  deps.add(cacheKeys.page(page.id));
  return page.status === 'published' ? `/pages/${page.slug}/` : undefined;
}

/** The library's photos used inside a body (stored bodies are sanitized), for re-pointing at render. */
export async function bodyPhotos(repos: Pick<Repositories, 'media'>, sanitizedBody: string): Promise<Map<number, MediaAsset>> {
  const out = new Map<number, MediaAsset>();
  for (const id of bodyPhotoIds(sanitizedBody).slice(0, 100)) {
    const asset = await repos.media.findById(id);
    if (asset) out.set(id, asset);
  }
  return out;
}

import { BroadsheetError } from '../errors.ts';
import { plainText } from './plain-text.ts';
import { SLUG_PATTERN } from './slug.ts';

/**
 * How an article presents itself outside its page: the URL slug (`/{section}/{sub}/{date}-{id}/{slug}/`;
 * empty means no slug), the title and description search engines show, and the title, description and
 * image of a shared link. Empty fields fall back to the headline, summary and lead photo.
 */
export interface ArticleSeo {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly socialTitle: string;
  readonly socialDescription: string;
  readonly socialMediaId: number | null;
}

export const EMPTY_SEO: ArticleSeo = Object.freeze({ slug: '', title: '', description: '', socialTitle: '', socialDescription: '', socialMediaId: null });

export const SEO_LIMITS = Object.freeze({ slug: 80, title: 120, description: 320, socialTitle: 120, socialDescription: 320 });

/** Checks and trims the fields; throws BS_ERR_CONTENT_INVALID naming the field. */
export function normalizeSeo(input: Partial<ArticleSeo> | undefined): ArticleSeo {
  const v = { ...EMPTY_SEO, ...input };
  const slug = v.slug.trim().toLowerCase();
  if (slug !== '' && (slug.length > SEO_LIMITS.slug || !SLUG_PATTERN.test(slug))) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'slug', detail: `lower-case letters, digits and single hyphens, at most ${SEO_LIMITS.slug} characters` });
  }
  const id = v.socialMediaId;
  if (id !== null && !(Number.isSafeInteger(id) && id > 0)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'social image', detail: 'choose a photo from the library' });
  return {
    slug,
    title: plainText('SEO title', v.title, { max: SEO_LIMITS.title, oneLine: true }),
    description: plainText('SEO description', v.description, { max: SEO_LIMITS.description }),
    socialTitle: plainText('social title', v.socialTitle, { max: SEO_LIMITS.socialTitle, oneLine: true }),
    socialDescription: plainText('social description', v.socialDescription, { max: SEO_LIMITS.socialDescription }),
    socialMediaId: id,
  };
}

/** The stored JSON of everything but the slug (which has its own column, for list links). */
export function seoJson(seo: ArticleSeo): string {
  const { slug: _slug, ...rest } = seo;
  return JSON.stringify(rest);
}

/** Reads the stored JSON back; fields it lacks (older rows) are empty. */
export function seoFromStored(slug: string, json: string): ArticleSeo {
  let parsed: Partial<ArticleSeo> = {};
  try {
    const value: unknown = JSON.parse(json);
    if (value && typeof value === 'object') parsed = value as Partial<ArticleSeo>;
  } catch {
    parsed = {};
  }
  const text = (x: unknown) => (typeof x === 'string' ? x : '');
  return {
    slug,
    title: text(parsed.title),
    description: text(parsed.description),
    socialTitle: text(parsed.socialTitle),
    socialDescription: text(parsed.socialDescription),
    socialMediaId: typeof parsed.socialMediaId === 'number' ? parsed.socialMediaId : null,
  };
}

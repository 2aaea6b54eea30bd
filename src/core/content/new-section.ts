import { BroadsheetError } from '../errors.ts';
import type { NewSection } from '../ports.ts';
import { RESERVED_SLUGS, SLUG_PATTERN } from './slug.ts';

/** Checks a section before it is created: a URL-safe slug that the site's own paths do not use. */
export function newSection(input: NewSection): NewSection {
  if (!SLUG_PATTERN.test(input.slug) || input.slug.length > 60) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'slug', detail: 'lower-case letters, digits and single hyphens, at most 60' });
  }
  // Only top-level slugs share the URL space with /tag/, /series/, /api/ and the rest.
  if (input.parentId === null && RESERVED_SLUGS.has(input.slug)) {
    throw new BroadsheetError('BS_ERR_SECTION_SLUG_RESERVED', { slug: input.slug });
  }
  // A sub-section called "page" or "feed" would collide with /{section}/page/N/ and /{section}/feed/.
  if (input.parentId !== null && (input.slug === 'page' || input.slug === 'feed')) {
    throw new BroadsheetError('BS_ERR_SECTION_SLUG_RESERVED', { slug: input.slug });
  }
  const name = input.name.trim();
  if (name.length === 0 || name.length > 80) {
    throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'name', detail: 'required, at most 80 characters' });
  }
  return { ...input, name };
}

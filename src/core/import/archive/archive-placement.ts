import { RESERVED_SLUGS, SLUG_PATTERN, slugify } from '../../content/slug.ts';
import { BroadsheetError } from '../../errors.ts';
import type { ArchiveCategory, ArchiveHeader, ArchiveItem } from './archive-model.ts';

/*
 * Where an archive's posts go: every article sits in a sub-section ("politics/elections"). The
 * operator may say where each category goes in a mapping file; without one, a top-level category
 * becomes a section, its child a sub-section, a deeper category the sub-section of its second-level
 * ancestor, and a post with no category (or only "Uncategorized") goes to the default.
 */

/** Category slug (WordPress), "tag:slug" (Ghost's primary tag) or "*" (everything else) → "section/sub" or "section". */
export type SectionMapping = ReadonlyMap<string, string>;

export const DEFAULT_PLACE = 'news/general';

/** A sub-section's path and the names to give its section and itself if they have to be created. */
export interface Place {
  readonly path: string;
  readonly sectionName: string;
  readonly subName: string;
}

const PATH = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\/[a-z0-9]+(?:-[a-z0-9]+)*)?$/;

/** Reads a mapping file (JSON object of strings); throws naming the key that is wrong. */
export function parseMapping(text: string, file: string): SectionMapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file, line: '$', detail: `is not JSON: ${(err as Error).message}` });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file, line: '$', detail: 'must be an object of "category": "section/sub-section"' });
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed)) {
    const path = typeof value === 'string' ? value.trim().replace(/^\/+|\/+$/g, '').toLowerCase() : '';
    if (!PATH.test(path) || path.split('/').some((s) => RESERVED_SLUGS.has(s))) {
      throw new BroadsheetError('BS_ERR_IMPORT_MALFORMED', { file, line: JSON.stringify(key), detail: `"${String(value)}" is not a section path like "politics/elections"` });
    }
    out.set(key, path);
  }
  return out;
}

/** A slug our URLs can carry: the category's own when it is one, else made from its name. */
export function usableSlug(slug: string, name: string, fallback: string): string {
  for (const candidate of [slug.toLowerCase(), slugify(slug), slugify(name)]) {
    if (SLUG_PATTERN.test(candidate) && candidate.length <= 80 && !RESERVED_SLUGS.has(candidate)) return candidate;
  }
  return fallback;
}

const title = (slug: string) => slug.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');

export function placer(header: ArchiveHeader, mapping: SectionMapping): (item: ArchiveItem) => Place {
  const bySlug = new Map(header.categories.map((c) => [c.slug, c]));
  const tagSlug = new Map(header.tags.map((t) => [t.key, t.slug]));
  const depth = (c: ArchiveCategory): number => {
    let d = 0;
    for (let p = c.parentSlug; p && d < 20; p = bySlug.get(p)?.parentSlug ?? null) d++;
    return d;
  };
  const chain = (c: ArchiveCategory): ArchiveCategory[] => {
    const out = [c];
    for (let p = c.parentSlug ? bySlug.get(c.parentSlug) : undefined; p && out.length < 20; p = p.parentSlug ? bySlug.get(p.parentSlug) : undefined) out.unshift(p);
    return out;
  };
  const named = (path: string, sectionName?: string, subName?: string): Place => {
    const [s, sub = 'general'] = path.split('/') as [string, string?];
    return { path: `${s}/${sub}`, sectionName: sectionName ?? title(s), subName: subName ?? (sub === 'general' ? 'General' : title(sub)) };
  };
  const fallback = named(mapping.get('*') ?? DEFAULT_PLACE, mapping.has('*') ? undefined : 'News');
  return (item) => {
    const categories = item.categorySlugs.map((s) => bySlug.get(s)).filter((c): c is ArchiveCategory => !!c && c.slug !== 'uncategorized');
    // The operator's word first: the item's own categories, then their ancestors; Ghost: its tags.
    for (const c of categories) for (const a of chain(c).reverse()) if (mapping.has(a.slug)) return named(mapping.get(a.slug) as string);
    for (const key of item.tagKeys) {
      const slug = tagSlug.get(key) ?? key;
      if (mapping.has(`tag:${slug}`)) return named(mapping.get(`tag:${slug}`) as string);
    }
    const deepest = [...categories].sort((a, b) => depth(b) - depth(a))[0];
    if (!deepest) return fallback;
    const [top, second] = chain(deepest);
    const topSlug = usableSlug((top as ArchiveCategory).slug, (top as ArchiveCategory).name, 'section');
    if (!second) return named(topSlug, (top as ArchiveCategory).name);
    return named(`${topSlug}/${usableSlug(second.slug, second.name, 'general')}`, (top as ArchiveCategory).name, second.name);
  };
}

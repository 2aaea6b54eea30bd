import type { Archive } from './archive-model.ts';
import type { Storage } from '../../ports.ts';
import { usableSlug } from './archive-placement.ts';
import type { ImportSummary } from './import-summary.ts';

/** An archive's people and tags as rows here: export key → id, and old slug → slug here. */
export interface Taxonomy {
  readonly authorIds: ReadonlyMap<string, number>;
  readonly tagIds: ReadonlyMap<string, number>;
  readonly tagSlugs: ReadonlyMap<string, string>;
  readonly authorSlugs: ReadonlyMap<string, string>;
}

/**
 * Bylines and tags, found by slug or created (one transaction; nothing in a dry run). A byline
 * created here takes the export's biography; an existing one keeps its own. Ghost's internal
 * (#hash) tags never reach here: the source leaves them out.
 */
export async function taxonomyOf(storage: Storage, archive: Archive, options: { readonly dryRun: boolean }, summary: ImportSummary): Promise<Taxonomy> {
  const { header } = archive;
  const authorIds = new Map<string, number>();
  const tagIds = new Map<string, number>();
  const tagSlugs = new Map<string, string>();
  const authorSlugs = new Map<string, string>();
  const work = async (tx: typeof storage | Parameters<Parameters<typeof storage.transaction>[0]>[0]) => {
    for (const [i, a] of header.authors.entries()) {
      const slug = usableSlug(a.slug, a.name, `author-${i + 1}`);
      authorSlugs.set(a.slug, slug);
      const existing = await tx.authors.findBySlug(slug);
      if (existing) authorIds.set(a.key, existing.id);
      else {
        summary.created.authors++;
        if (options.dryRun) continue;
        const created = await tx.authors.ensure({ slug, name: a.name, title: '' });
        if (a.bio) await tx.authors.updateProfile(created.id, { name: a.name, title: '', bio: a.bio.slice(0, 1000), photoMediaId: null });
        authorIds.set(a.key, created.id);
      }
    }
    for (const [i, t] of header.tags.entries()) {
      const slug = usableSlug(t.slug, t.name, `tag-${i + 1}`);
      tagSlugs.set(t.slug, slug);
      const existing = (await tx.tags.findBySlug(slug)) ?? (await tx.tags.aliasOf(slug));
      if (existing) tagIds.set(t.key, existing.id);
      else {
        summary.created.tags++;
        if (options.dryRun) continue;
        const created = await tx.tags.ensure(slug, t.name.slice(0, 60) || slug);
        if (t.description) await tx.tags.describe(created.id, t.description.slice(0, 500));
        tagIds.set(t.key, created.id);
      }
    }
  };
  if (options.dryRun) await work(storage);
  else await storage.transaction(work);
  return { authorIds, tagIds, tagSlugs, authorSlugs };
}

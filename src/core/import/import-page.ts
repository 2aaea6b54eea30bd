import { articlePath, SectionIndex } from '../content/article-path.ts';
import { createArticle, type ArticleDraft } from '../content/create-article.ts';
import { plainText } from '../content/plain-text.ts';
import { escapeHtml } from '../content/sanitize.ts';
import { slugify } from '../content/slug.ts';
import type { Section } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import { normalizeContent } from '../newsroom/article-content.ts';
import type { Repositories, Storage } from '../ports.ts';
import type { StoredImage } from '../media/store-image.ts';
import type { EditionTime } from '../time/edition-time.ts';
import type { ParsedPage } from './page-text.ts';

export interface ImportResult {
  readonly id: number;
  readonly path: string;
  /** False when the same story was imported before; nothing was written. */
  readonly created: boolean;
  readonly invalidates: readonly string[];
}

/**
 * Picks the sub-section for an imported page: the one named on the command line
 * ("politics/politics-government", or "politics" for its first sub-section), else the
 * section matching the page's first related tag.
 */
export function resolveSubsection(sections: SectionIndex, page: ParsedPage, requested: string | undefined): Section {
  const firstChild = (s: Section) => (s.parentId === null ? sections.children(s.id)[0] : s);
  if (requested !== undefined) {
    const found = sections.byPath(requested.replace(/^\/+|\/+$/g, ''));
    const sub = found && firstChild(found);
    if (!sub) {
      throw new BroadsheetError('BS_ERR_SECTION_UNKNOWN', { section: requested }, {
        help: `Known sections: ${sections.all.map((s) => s.path).join(', ')}`,
      });
    }
    return sub;
  }
  for (const tag of page.tags) {
    const slug = slugify(tag);
    const match = sections.all.find((s) => s.slug === slug || s.name.toLowerCase() === tag.toLowerCase());
    const sub = match && firstChild(match);
    if (sub) return sub;
  }
  throw new BroadsheetError('BS_ERR_SECTION_UNKNOWN', { section: page.tags[0] ?? '(no related tags)' }, {
    help: 'Name the section with --section, e.g. --section politics/politics-government',
  });
}

/** A page that passed every check the import makes; writing it can only fail for reasons outside the page. */
export interface ImportPlan {
  readonly page: ParsedPage;
  readonly subsection: Section;
  readonly tags: readonly { readonly slug: string; readonly name: string }[];
  readonly bylines: readonly { readonly slug: string; readonly name: string; readonly title: string }[];
}

function draftOf(plan: ImportPlan, extra: { leadMediaId: number | null; tagIds: number[]; authorIds: number[] }): ArticleDraft {
  const { page } = plan;
  return {
    status: 'published',
    subsection: plan.subsection,
    headline: page.headline,
    summary: '',
    bodyHtml: page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
    dateline: page.dateline,
    leadMediaId: extra.leadMediaId,
    leadCaption: page.caption,
    leadCredit: null,
    leadAlt: null,
    seriesId: null,
    isTopStory: false,
    publishedAt: page.publishedAt,
    tagIds: [...new Set(extra.tagIds)],
    authorIds: [...new Set(extra.authorIds)],
    sourceKey: page.sourceKey,
    revisionKind: 'import',
    updates: Array.from({ length: page.updateMarker }, () => ({ kind: 'update' as const, note: '', at: page.publishedAt })),
  };
}

/**
 * Every check an import makes, without writing anything: placement, the article's field rules
 * (the same `normalizeContent` the newsroom uses), tag and byline names. A dry run is this and
 * nothing more, so it says "ok" exactly when the real run would write the page.
 */
export function planImport(sections: SectionIndex, page: ParsedPage, requestedSection: string | undefined): ImportPlan {
  const subsection = resolveSubsection(sections, page, requestedSection);
  const tags = page.tags.map((name) => {
    const clean = plainText('tag', name, { max: 60, required: true, oneLine: true });
    return { slug: slugify(clean) || 'tag', name: clean };
  });
  const bylines = page.bylines.map((b) => {
    const name = plainText('byline', b.name, { max: 100, required: true, oneLine: true });
    const slug = slugify(name);
    if (!slug) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'byline', detail: `"${name}" has no letters or digits` });
    return { slug, name, title: plainText('byline title', b.title, { max: 100, oneLine: true }) };
  });
  const plan = { page, subsection, tags, bylines };
  // Placeholder ids: the rules checked here do not depend on which rows the names become.
  const draft = draftOf(plan, { leadMediaId: null, tagIds: [], authorIds: [] });
  normalizeContent({ ...draft, subsectionId: subsection.id, leadMediaId: null, tagIds: [], authorIds: [] }, new SectionIndex([subsection]));
  for (const u of draft.updates) plainText('updates', u.note, { max: 2000 });
  return plan;
}

/** Writes one planned page inside the caller's transaction (found, not duplicated, when imported before). */
async function writePlanned(tx: Repositories, plan: ImportPlan, image: StoredImage | undefined, time: EditionTime, now: number): Promise<ImportResult> {
  const sections = new SectionIndex(await tx.sections.listAll());
  const existing = await tx.articles.findIdBySourceKey(plan.page.sourceKey);
  if (existing !== undefined) {
    const found = await tx.articles.findPublished(existing);
    const path = found ? articlePath(found, sections, time) : `(article ${existing}, not published)`;
    return { id: existing, path, created: false, invalidates: [] };
  }
  const tagIds = [];
  for (const t of plan.tags) tagIds.push((await tx.tags.ensure(t.slug, t.name)).id);
  const authorIds = [];
  for (const b of plan.bylines) authorIds.push((await tx.authors.ensure({ slug: b.slug, name: b.name, title: b.title })).id);
  const media = image ? ((await tx.media.findByKey(image.asset.key)) ?? (await tx.media.create(image.asset))) : undefined;
  const result = await createArticle(tx, draftOf(plan, { leadMediaId: media?.id ?? null, tagIds, authorIds }), now);
  const path = articlePath({ id: result.id, subsectionId: plan.subsection.id, publishedAt: plan.page.publishedAt }, sections, time);
  return { id: result.id, path, created: true, invalidates: result.invalidates };
}

/**
 * Imports planned pages in one transaction: every page lands, with its tags, bylines, lead photo
 * and update history, or none does. Photos are stored first (`loadImage`, only for pages not
 * imported before); if anything fails, the files this run wrote are removed again.
 */
export async function importPlanned(
  deps: { readonly storage: Storage; readonly time: EditionTime; readonly now: () => number },
  items: readonly { readonly plan: ImportPlan; readonly loadImage?: () => Promise<StoredImage | undefined> }[],
): Promise<ImportResult[]> {
  const images: (StoredImage | undefined)[] = [];
  try {
    for (const item of items) {
      const known = await deps.storage.articles.findIdBySourceKey(item.plan.page.sourceKey);
      images.push(known === undefined && item.loadImage ? await item.loadImage() : undefined);
    }
    const now = deps.now();
    return await deps.storage.transaction(async (tx) => {
      const results: ImportResult[] = [];
      for (const [i, item] of items.entries()) results.push(await writePlanned(tx, item.plan, images[i], deps.time, now));
      return results;
    });
  } catch (err) {
    await Promise.all(images.map((img) => img?.discard().catch(() => undefined)));
    throw err;
  }
}

/** Plans and imports one page (tests and callers with a single page). */
export async function importPage(
  deps: { readonly storage: Storage; readonly time: EditionTime; readonly now: () => number },
  page: ParsedPage,
  options: { readonly section?: string; readonly loadImage?: () => Promise<StoredImage | undefined> },
): Promise<ImportResult> {
  const plan = planImport(new SectionIndex(await deps.storage.sections.listAll()), page, options.section);
  const [result] = await importPlanned(deps, [{ plan, ...(options.loadImage ? { loadImage: options.loadImage } : {}) }]);
  return result as ImportResult;
}

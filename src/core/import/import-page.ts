import { articlePath, SectionIndex } from '../content/article-path.ts';
import { createArticle } from '../content/create-article.ts';
import { escapeHtml } from '../content/sanitize.ts';
import { slugify } from '../content/slug.ts';
import type { Section } from '../content/types.ts';
import { BroadsheetError } from '../errors.ts';
import type { Storage } from '../ports.ts';
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

/**
 * Imports one parsed page as a published article, in one transaction: its tags, bylines,
 * lead photo and update history land together or not at all. A page imported before
 * (same headline and time) is found, not duplicated.
 */
export async function importPage(
  deps: { readonly storage: Storage; readonly time: EditionTime; readonly now: () => number },
  page: ParsedPage,
  options: {
    readonly section?: string;
    /** Stores the page's lead photo; called only when the page is new. */
    readonly loadImage?: () => Promise<StoredImage | undefined>;
  },
): Promise<ImportResult> {
  const sections = new SectionIndex(await deps.storage.sections.listAll());
  const existing = await deps.storage.articles.findIdBySourceKey(page.sourceKey);
  if (existing !== undefined) {
    const found = await deps.storage.articles.findPublished(existing);
    const path = found ? articlePath(found, sections, deps.time) : `(article ${existing}, not published)`;
    return { id: existing, path, created: false, invalidates: [] };
  }
  const subsection = resolveSubsection(sections, page, options.section);
  const now = deps.now();
  const image = options.loadImage ? await options.loadImage() : undefined;
  try {
    const result = await deps.storage.transaction(async (tx) => {
      const tagIds = [];
      for (const name of page.tags) tagIds.push((await tx.tags.ensure(slugify(name) || 'tag', name)).id);
      const authorIds = [];
      for (const b of page.bylines) {
        authorIds.push((await tx.authors.ensure({ slug: slugify(b.name), name: b.name, title: b.title })).id);
      }
      const media = image ? ((await tx.media.findByKey(image.asset.key)) ?? (await tx.media.create(image.asset))) : undefined;
      return createArticle(
        tx,
        {
          status: 'published',
          subsection,
          headline: page.headline,
          summary: '',
          bodyHtml: page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
          dateline: page.dateline,
          leadMediaId: media?.id ?? null,
          leadCaption: page.caption,
          leadCredit: null,
          leadAlt: null,
          seriesId: null,
          isTopStory: false,
          publishedAt: page.publishedAt,
          tagIds: [...new Set(tagIds)],
          authorIds: [...new Set(authorIds)],
          sourceKey: page.sourceKey,
          revisionKind: 'import',
          updates: Array.from({ length: page.updateMarker }, () => ({ kind: 'update' as const, note: '', at: page.publishedAt })),
        },
        now,
      );
    });
    const path = articlePath({ id: result.id, subsectionId: subsection.id, publishedAt: page.publishedAt }, sections, deps.time);
    return { id: result.id, path, created: true, invalidates: result.invalidates };
  } catch (err) {
    await image?.discard();
    throw err;
  }
}

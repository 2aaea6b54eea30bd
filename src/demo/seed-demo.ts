import { createArticle } from '../core/content/create-article.ts';
import { seedPages } from './pages.ts';
import { newSection } from '../core/content/new-section.ts';
import { escapeHtml } from '../core/content/sanitize.ts';
import { slugify } from '../core/content/slug.ts';
import type { MediaAsset, Section } from '../core/content/types.ts';
import { storeImage, type StoredImage } from '../core/media/store-image.ts';
import type { ImageProcessor, MediaFiles, Storage } from '../core/ports.ts';
import { bucketStart, FIVE_MINUTES, rollUp, type BucketCount } from '../core/ranking/buckets.ts';
import { TIME } from '../core/time/edition-time.ts';
import { MOTIF_ALT, MOTIFS, motifJpeg, type Motif } from './images.ts';
import { DEMO_AUTHORS, DEMO_SECTIONS, DEMO_SERIES, type DemoAuthorKey, type DemoSeriesKey } from './sections.ts';
import { DEMO_STORIES } from './stories.ts';

export interface SeedResult {
  readonly articles: number;
  readonly sections: number;
  readonly subsections: number;
  readonly viewRows: number;
}

/** True when the database already has content (a second start reuses it). */
export async function hasContent(storage: Storage): Promise<boolean> {
  return (await storage.sections.listAll()).length > 0;
}

/**
 * Fills an empty database with the demo edition: sections, tags, series, bylines, 65
 * fictional stories spread over the last 30 days with generated lead images, update
 * histories, and a view history so the rankings have something to show.
 */
export async function seedDemo(deps: {
  readonly storage: Storage;
  readonly files: MediaFiles;
  readonly processor: ImageProcessor;
  readonly now: number;
}): Promise<SeedResult | undefined> {
  const { storage, now } = deps;
  if (await hasContent(storage)) return undefined;

  // Image files first (they are outside the database); removed again if the seed fails.
  const images = new Map<Motif, StoredImage>();
  for (const motif of MOTIFS) {
    const bytes = await motifJpeg(motif);
    images.set(motif, await storeImage(deps, bytes, { alt: MOTIF_ALT[motif], caption: '', credit: 'Demo illustration' }, now));
  }

  try {
    return await storage.transaction(async (tx) => {
      // Another process may have seeded while the images were drawn.
      if ((await tx.sections.listAll()).length > 0) return undefined;
      const subsections = new Map<string, Section>();
      let position = 0;
      for (const section of DEMO_SECTIONS) {
        const root = await tx.sections.create(newSection({
          slug: section.slug, name: section.name, parentId: null, position: position++, description: section.description,
        }));
        for (const sub of section.subsections) {
          const created = await tx.sections.create(newSection({ slug: sub.slug, name: sub.name, parentId: root.id, position: position++, description: '' }));
          subsections.set(created.path, created);
        }
      }
      const media = new Map<Motif, MediaAsset>();
      for (const [motif, image] of images) media.set(motif, await tx.media.create(image.asset));
      const authors = new Map<DemoAuthorKey, number>();
      for (const [key, a] of Object.entries(DEMO_AUTHORS) as [DemoAuthorKey, { name: string; title: string }][]) {
        authors.set(key, (await tx.authors.ensure({ slug: slugify(a.name), name: a.name, title: a.title })).id);
      }
      const series = new Map<DemoSeriesKey, number>();
      for (const [key, s] of Object.entries(DEMO_SERIES) as [DemoSeriesKey, (typeof DEMO_SERIES)[DemoSeriesKey]][]) {
        series.set(key, (await tx.series.create({ ...s, createdAt: now - 30 * TIME.DAY })).id);
      }
      const tags = new Map<string, number>();
      const tagId = async (name: string) => {
        const known = tags.get(name);
        if (known !== undefined) return known;
        const id = (await tx.tags.ensure(slugify(name), name)).id;
        tags.set(name, id);
        return id;
      };

      const published: { id: number; at: number; top: boolean }[] = [];
      for (const story of DEMO_STORIES) {
        const subsection = subsections.get(story.s);
        if (!subsection) throw new Error(`demo story "${story.h}" names unknown section ${story.s}`);
        const at = minute(now - story.ago * TIME.HOUR);
        const [first = '', ...rest] = story.p;
        const { id } = await createArticle(
          tx,
          {
            status: 'published',
            subsection,
            headline: story.h,
            summary: story.d,
            bodyHtml: [first, ...rest].map((p) => `<p>${escapeHtml(p)}</p>`).join('\n'),
            dateline: story.dl,
            leadMediaId: media.get(story.img)?.id ?? null,
            leadCaption: story.cap,
            leadCredit: null,
            leadAlt: null,
            seriesId: story.sr ? (series.get(story.sr) ?? null) : null,
            isTopStory: story.top === true,
            publishedAt: at,
            tagIds: await Promise.all(story.t.map(tagId)),
            authorIds: (story.a ?? []).map((k) => authors.get(k) as number),
            sourceKey: null,
            ...(story.acc ? { access: story.acc } : {}),
            updates: (story.upd ?? []).map((u) => ({ kind: u.kind ?? 'update', note: u.note, at: minute(now - u.ago * TIME.HOUR) })),
          },
          now,
        );
        published.push({ id, at, top: story.top === true });
      }

      const { recent, older } = viewHistory(published, now);
      const hourly = [...older, ...rollUp(recent, '1h')];
      await seedPages(tx, now);
      await tx.plans.createPlan(
        { slug: 'digital', name: 'Digital', benefits: 'Every article, including subscriber stories\nThe archive\nThe morning briefing', monthlyPrice: 980, yearlyPrice: 9800, currency: 'jpy', active: true, stripeMonthlyPrice: '', stripeYearlyPrice: '' },
        now,
      );
      await tx.views.addCounts('5m', recent);
      await tx.views.addCounts('1h', hourly);
      await tx.views.addCounts('1d', rollUp(hourly, '1d'));
      return { articles: published.length, sections: DEMO_SECTIONS.length, subsections: subsections.size, viewRows: recent.length + hourly.length };
    });
  } catch (err) {
    for (const image of images.values()) await image.discard().catch(() => undefined);
    throw err;
  }
}

function minute(at: number): number {
  return at - (at % TIME.MINUTE);
}

/** The last hours are counted per five minutes (the hour and trending lists read those); older ones per hour. */
const RECENT_MS = 6 * TIME.HOUR;

/**
 * View counts from each article's publication to now: a heavy-tailed popularity (Zipf-like over a
 * shuffled order) decaying with age, with noise. Deterministic for a given `now`.
 */
function viewHistory(articles: readonly { id: number; at: number; top: boolean }[], now: number): { recent: BucketCount[]; older: BucketCount[] } {
  let seed = 20250618;
  const rand = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const order = articles.map((a) => ({ a, key: rand() })).sort((x, y) => x.key - y.key);
  const recent: BucketCount[] = [];
  const older: BucketCount[] = [];
  const recentFrom = bucketStart(now - RECENT_MS, '1h');
  order.forEach(({ a }, rank) => {
    const weight = (a.top ? 2 : 1) / Math.pow(rank + 1, 1.1);
    const expected = (at: number, span: number) => (900 * weight * Math.exp(-Math.max(0, at - a.at) / (40 * TIME.HOUR)) + 2 * weight) * (span / TIME.HOUR);
    for (let bucket = bucketStart(a.at, '1h'); bucket < recentFrom; bucket += TIME.HOUR) {
      const views = Math.round(expected(bucket, TIME.HOUR) * (0.6 + 0.8 * rand()));
      if (views > 0) older.push({ articleId: a.id, bucketStart: bucket, views });
    }
    for (let bucket = Math.max(recentFrom, bucketStart(a.at, '5m')); bucket <= now; bucket += FIVE_MINUTES) {
      const views = Math.round(expected(bucket, FIVE_MINUTES) * (0.6 + 0.8 * rand()));
      if (views > 0) recent.push({ articleId: a.id, bucketStart: bucket, views });
    }
  });
  return { recent, older };
}

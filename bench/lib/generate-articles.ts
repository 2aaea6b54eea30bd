/**
 * Many published articles, fast, for benchmarks: bulk inserts straight into the tables (the
 * newsroom's save path would take minutes for 100k), spread over the demo edition's sections,
 * tags and authors. Text is drawn from a small newsroom vocabulary with Zipf-like word
 * frequencies, so searches and excerpts behave like real copy. Deterministic for a seed.
 */
import type { Insertable } from 'kysely';
import type { KyselyStorage } from '../../src/storage/open-storage.ts';
import type { ArticlesTable } from '../../src/storage/schema.ts';
import { teaserFor } from '../../src/core/content/excerpt.ts';
import { prng } from '../../src/core/util/prng.ts';

const VOCABULARY = (
  'government minister ministry official officials said says plan plans policy budget tax taxes rate rates bank yen ' +
  'dollar market markets stocks shares trade exports imports growth economy economic inflation prices price wages ' +
  'workers labor union company companies firm firms profit profits sales quarter year years month week day ' +
  'prefecture city town village mayor governor assembly council election elections vote voters party parties ' +
  'opposition coalition diet lawmakers bill law court ruling judge police suspect arrest investigation case ' +
  'typhoon earthquake rain snow heat weather flood evacuation residents emergency disaster relief recovery ' +
  'school schools students university teachers children parents education research researchers study science ' +
  'hospital patients doctors health medical virus vaccine treatment care elderly population birth births aging ' +
  'railway train trains station airport flights airline tourism tourists visitors hotel festival temple shrine ' +
  'baseball soccer sumo tennis team teams player players coach season match game games league championship win ' +
  'film music artist artists exhibition museum novel author culture food restaurant rice fish fisheries farmers ' +
  'energy power nuclear plant plants solar wind electricity gas oil climate emissions carbon environment ocean ' +
  'defense security military forces ship ships missile summit talks leaders agreement alliance relations foreign ' +
  'china korea united states europe asia pacific region regional international global national local central ' +
  'new first last next major small large record high low rising falling expected announced launched approved ' +
  'public private digital online technology software data chip chips semiconductor robot robots car cars electric ' +
  'construction housing land building buildings bridge road roads port water supply shortage demand support'
).split(' ');

/**
 * Beyond the newsroom words, a long tail of made-up words (names, places, rare terms), so word
 * frequencies over a whole edition follow Zipf's law as real copy does: a few words in nearly
 * every article, most words in few.
 */
export const TAIL_WORDS = 20_000;
const SYLLABLES = 'ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ya yu yo ra ri ru re ro wa ban den gor lin mar nor pel ros tan vel'.split(' ');
function tailWords(): string[] {
  const random = prng(99);
  const seen = new Set(VOCABULARY);
  const out: string[] = [];
  while (out.length < TAIL_WORDS) {
    const n = 2 + Math.floor(random() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  }
  return out;
}
/** Every word the generator writes, most frequent first. */
export const WORDS: readonly string[] = [...VOCABULARY, ...tailWords()];

const DATELINES = ['TOKYO', 'OSAKA', 'SAPPORO', 'FUKUOKA', 'NAGOYA', 'SENDAI', 'KYOTO', 'HIROSHIMA', 'WASHINGTON', 'BEIJING', 'SEOUL'];

/** Re-exported for the benchmarks that draw their own workloads. */
export { prng };

/** Samples ranks 0..n-1 with probability proportional to 1/(rank+1)^s. */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cdf[k] = total;
  }
  for (let k = 0; k < n; k++) cdf[k] = (cdf[k] as number) / total;
  return () => {
    const u = random();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function sentence(word: () => string, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(word());
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export interface GeneratedEdition {
  /** Ids of the generated articles, in insertion order. */
  readonly ids: number[];
  /** Articles that each carry one tag of their own and no other (for scoped-list benchmarks). */
  readonly isolated: { articleId: number; tagId: number }[];
}

/**
 * Inserts `count` published articles dated over the last `days` days before `now`. The last
 * `isolated` of them each carry a tag of their own and no other. Needs the demo edition's sections,
 * tags and authors in place (seed it first).
 */
export async function generateArticles(
  storage: KyselyStorage,
  options: { count: number; now: number; days?: number; seed?: number; isolated?: number; onProgress?: (done: number) => void },
): Promise<GeneratedEdition> {
  const db = storage.connection.db;
  const random = prng(options.seed ?? 1);
  const pickWord = zipfSampler(WORDS.length, 1.0, random);
  const word = () => WORDS[pickWord()] as string;
  const days = options.days ?? 30;
  const isolated = options.isolated ?? 0;

  const subsections = await db.selectFrom('sections').select(['id', 'parent_id']).where('parent_id', 'is not', null).execute();
  const tags = await db.selectFrom('tags').select('id').execute();
  const authors = await db.selectFrom('authors').select('id').execute();
  if (subsections.length === 0 || tags.length === 0 || authors.length === 0) throw new Error('seed the demo edition before generating articles');
  const ownTags =
    isolated > 0
      ? await db
          .insertInto('tags')
          .values(Array.from({ length: isolated }, (_, i) => ({ slug: `bench-solo-${options.seed ?? 1}-${i + 1}`, name: `Bench solo ${i + 1}` })))
          .returning('id')
          .execute()
      : [];

  const ids: number[] = [];
  const isolatedOut: { articleId: number; tagId: number }[] = [];
  const CHUNK = 500;
  for (let done = 0; done < options.count; done += CHUNK) {
    const n = Math.min(CHUNK, options.count - done);
    const rows: Insertable<ArticlesTable>[] = [];
    for (let i = 0; i < n; i++) {
      const sub = subsections[Math.floor(random() * subsections.length)] as { id: number; parent_id: number | null };
      // Publication order follows insertion order (as ids do in a newsroom), with an hour of jitter.
      const published = Math.round(options.now - (1 - (done + i) / options.count) * days * 86_400_000 - random() * 3_600_000);
      const paragraphs = Array.from({ length: 4 + Math.floor(random() * 6) }, () =>
        Array.from({ length: 2 + Math.floor(random() * 3) }, () => sentence(word, 8 + Math.floor(random() * 14))).join(' '),
      );
      const dateline = DATELINES[Math.floor(random() * DATELINES.length)] as string;
      const summary = sentence(word, 14 + Math.floor(random() * 10));
      const body = paragraphs.map((p, k) => `<p>${k === 0 ? `${dateline} — ` : ''}${p}</p>`).join('');
      rows.push({
        status: 'published',
        section_id: sub.parent_id as number,
        subsection_id: sub.id,
        headline: sentence(word, 6 + Math.floor(random() * 6)).slice(0, -1),
        summary,
        body_html: body,
        teaser: teaserFor(summary, paragraphs.join(' ')),
        dateline,
        lead_media_id: null,
        lead_caption: null,
        lead_credit: null,
        lead_alt: null,
        series_id: null,
        is_top_story: 0,
        published_at: published,
        updated_at: null,
        created_at: published,
        modified_at: published,
        source_key: null,
        scheduled_for: null,
        created_by: null,
      });
    }
    await storage.connection.db.transaction().execute(async (trx) => {
      const inserted = await trx.insertInto('articles').values(rows).returning('id').execute();
      const links = [];
      const bylines = [];
      for (const [k, { id }] of inserted.entries()) {
        ids.push(id);
        const index = done + k;
        if (index >= options.count - isolated) {
          const tagId = (ownTags[isolatedOut.length] as { id: number }).id;
          isolatedOut.push({ articleId: id, tagId });
          links.push({ article_id: id, tag_id: tagId, position: 0 });
        } else {
          const first = Math.floor(random() * tags.length);
          const second = (first + 1 + Math.floor(random() * (tags.length - 1))) % tags.length;
          links.push({ article_id: id, tag_id: (tags[first] as { id: number }).id, position: 0 });
          if (second !== first && random() < 0.6) links.push({ article_id: id, tag_id: (tags[second] as { id: number }).id, position: 1 });
        }
        bylines.push({ article_id: id, author_id: (authors[Math.floor(random() * authors.length)] as { id: number }).id, position: 0 });
      }
      await trx.insertInto('article_tags').values(links).execute();
      await trx.insertInto('article_authors').values(bylines).execute();
    });
    options.onProgress?.(Math.min(options.count, done + CHUNK));
  }
  return { ids, isolated: isolatedOut };
}

import type { Kysely } from 'kysely';
import type { RankingControlRepository, RankingHold, ViewRepository } from '../core/ranking/ranking-ports.ts';
import { rollUp, type BucketCount, type Granularity, type ViewBatch } from '../core/ranking/buckets.ts';
import { pacer } from '../core/util/pacer.ts';
import { chunks } from './rows.ts';
import type { Database } from './schema.ts';

const TABLES = { '5m': 'view_buckets_5m', '1h': 'view_buckets', '1d': 'view_buckets_1d' } as const satisfies Record<Granularity, keyof Database>;

type Db = Kysely<Database>;

/** Rows per page when reading buckets (2,000 held the event loop for 10-11 ms; 500 for under 3). */
const READ_PAGE = 500;

/** After a review releases a held article, it is not held again for this long. */
const RELEASE_GRACE_MS = 24 * 3_600_000;

async function addTo(db: Db, table: (typeof TABLES)[Granularity], counts: readonly BucketCount[], pause?: () => Promise<void>): Promise<void> {
  for (const part of chunks(counts, 250)) {
    if (pause) await pause();
    await db
      .insertInto(table)
      .values(part.map((c) => ({ bucket_start: c.bucketStart, article_id: c.articleId, views: c.views })))
      .onConflict((oc) => oc.columns(['bucket_start', 'article_id']).doUpdateSet((eb) => ({ views: eb(`${table}.views`, '+', eb.ref('excluded.views')) })))
      .execute();
  }
}

/** Marks an archived bucket; the start is zero-padded so markers sort by time. */
function archiveMarker(granularity: Granularity, start: number): string {
  return `archive:${granularity}:${String(start).padStart(15, '0')}`;
}

export class KyselyViewRepository implements ViewRepository {
  readonly #db: Db;
  /** When the repository is already inside a transaction, writes join it instead of opening one. */
  readonly #inTransaction: boolean;

  constructor(db: Db, inTransaction: boolean) {
    this.#db = db;
    this.#inTransaction = inTransaction;
  }

  #atomically<T>(work: (db: Db) => Promise<T>): Promise<T> {
    return this.#inTransaction ? work(this.#db) : this.#db.transaction().execute(work);
  }

  applyBatch(batch: ViewBatch, options: { pause?: () => Promise<void> } = {}): Promise<boolean> {
    const { pause } = options;
    return this.#atomically(async (db) => {
      // The batch id is written in the same transaction as the counts: a batch applies once.
      const fresh = await db
        .insertInto('view_batches')
        .values({ id: batch.id, applied_at: Date.now() })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(fresh.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await addTo(db, TABLES['5m'], batch.counts, pause);
      await addTo(db, TABLES['1h'], rollUp(batch.counts, '1h'), pause);
      await addTo(db, TABLES['1d'], rollUp(batch.counts, '1d'), pause);
      for (const part of chunks(batch.subnets, 250)) {
        if (pause) await pause();
        await db
          .insertInto('view_subnets')
          .values(part.map((s) => ({ hour: s.hour, article_id: s.articleId, subnet: s.subnet, views: s.views })))
          .onConflict((oc) => oc.columns(['hour', 'article_id', 'subnet']).doUpdateSet((eb) => ({ views: eb('view_subnets.views', '+', eb.ref('excluded.views')) })))
          .execute();
      }
      return true;
    });
  }

  addCounts(granularity: Granularity, counts: readonly BucketCount[]): Promise<void> {
    return this.#atomically((db) => addTo(db, TABLES[granularity], counts));
  }

  setBucket(granularity: Granularity, start: number, counts: ReadonlyMap<number, number>): Promise<void> {
    const table = TABLES[granularity];
    return this.#atomically(async (db) => {
      await db.deleteFrom(table).where('bucket_start', '=', start).execute();
      const rows = [...counts].filter(([, v]) => v > 0).map(([articleId, views]) => ({ bucket_start: start, article_id: articleId, views }));
      for (const part of chunks(rows, 300)) await db.insertInto(table).values(part).execute();
    });
  }

  archiveBucket(granularity: Granularity, start: number, counts: ReadonlyMap<number, number>): Promise<boolean> {
    return this.#atomically(async (db) => {
      const fresh = await db
        .insertInto('view_batches')
        .values({ id: archiveMarker(granularity, start), applied_at: Date.now() })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      if (Number(fresh.numInsertedOrUpdatedRows ?? 0) === 0) return false;
      await addTo(db, TABLES[granularity], [...counts].map(([articleId, views]) => ({ bucketStart: start, articleId, views })));
      return true;
    });
  }

  async archivedBuckets(granularity: Granularity, from: number, to: number): Promise<Set<number>> {
    const rows = await this.#db
      .selectFrom('view_batches')
      .select('id')
      .where('id', '>=', archiveMarker(granularity, from))
      .where('id', '<', archiveMarker(granularity, to))
      .execute();
    return new Set(rows.map((r) => Number(r.id.slice(r.id.lastIndexOf(':') + 1))));
  }

  /**
   * Calls `page` with the last row of the previous page (undefined first) until a page comes back
   * short, handing each page to `take` and letting other work run between pages (paced, see
   * pacer.ts; not inside a caller's transaction): SQLite reads a result set in one synchronous call.
   */
  async #eachPage<R>(page: (last: R | undefined) => Promise<R[]>, take: (rows: readonly R[]) => void, pause: () => Promise<void>): Promise<void> {
    let last: R | undefined;
    for (;;) {
      const rows = await page(last);
      take(rows);
      last = rows.at(-1);
      if (!last || rows.length < READ_PAGE) return;
      if (!this.#inTransaction) await pause();
    }
  }

  /** Pages through the range in key order: an open hour holds a row per article read in it. */
  async read(granularity: Granularity, from: number, to: number): Promise<Map<number, Map<number, number>>> {
    const out = new Map<number, Map<number, number>>();
    await this.#eachPage(
      (last: { bucket_start: number; article_id: number; views: number } | undefined) =>
        this.#db
          .selectFrom(TABLES[granularity])
          .select(['bucket_start', 'article_id', 'views'])
          .where('bucket_start', '>=', from)
          .where('bucket_start', '<', to)
          .$if(last !== undefined, (q) => q.where((eb) => eb(eb.refTuple('bucket_start', 'article_id'), '>', eb.tuple(last?.bucket_start as number, last?.article_id as number))))
          .orderBy('bucket_start')
          .orderBy('article_id')
          .limit(READ_PAGE)
          .execute(),
      (rows) => {
        for (const r of rows) {
          let bucket = out.get(r.bucket_start);
          if (!bucket) out.set(r.bucket_start, (bucket = new Map()));
          bucket.set(r.article_id, r.views);
        }
      },
      pacer(),
    );
    return out;
  }

  /**
   * An hour at a time in key-ordered pages, summed here: one GROUP BY over a day of (hour, article,
   * subnet) rows sorted them all in one synchronous call (8 ms on a 10,000-article edition, more as
   * traffic grows).
   */
  async subnetShares(from: number, to: number): Promise<Map<number, { total: number; top: number }>> {
    const pause = pacer();
    const sums = new Map<number, Map<string, number>>();
    for (let hour = from; hour < to; hour += 3_600_000) {
      await this.#eachPage(
        (last: { article_id: number; subnet: string; views: number } | undefined) =>
          this.#db
            .selectFrom('view_subnets')
            .select(['article_id', 'subnet', 'views'])
            .where('hour', '=', hour)
            .$if(last !== undefined, (q) => q.where((eb) => eb(eb.refTuple('article_id', 'subnet'), '>', eb.tuple(last?.article_id as number, last?.subnet as string))))
            .orderBy('article_id')
            .orderBy('subnet')
            .limit(READ_PAGE)
            .execute(),
        (rows) => {
          for (const r of rows) {
            let bySubnet = sums.get(r.article_id);
            if (!bySubnet) sums.set(r.article_id, (bySubnet = new Map()));
            bySubnet.set(r.subnet, (bySubnet.get(r.subnet) ?? 0) + Number(r.views));
          }
        },
        pause,
      );
      if (!this.#inTransaction) await pause();
    }
    const out = new Map<number, { total: number; top: number }>();
    for (const [articleId, bySubnet] of sums) {
      let total = 0;
      let top = 0;
      for (const views of bySubnet.values()) {
        total += views;
        top = Math.max(top, views);
      }
      out.set(articleId, { total, top });
    }
    return out;
  }

  async series(articleId: number, granularity: Granularity, from: number, to: number): Promise<BucketCount[]> {
    const rows = await this.#db
      .selectFrom(TABLES[granularity])
      .select(['bucket_start', 'views'])
      .where('article_id', '=', articleId)
      .where('bucket_start', '>=', from)
      .where('bucket_start', '<', to)
      .orderBy('bucket_start')
      .execute();
    return rows.map((r) => ({ bucketStart: r.bucket_start, articleId, views: r.views }));
  }

  async prune(granularity: Granularity, before: number): Promise<void> {
    await this.#db.deleteFrom(TABLES[granularity]).where('bucket_start', '<', before).execute();
    if (granularity === '1h') {
      await this.#db.deleteFrom('view_subnets').where('hour', '<', before).execute();
      await this.#db.deleteFrom('view_batches').where('applied_at', '<', before).execute();
    }
  }
}

export class KyselyRankingControlRepository implements RankingControlRepository {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  async excluded(): Promise<Set<number>> {
    const rows = await this.#db.selectFrom('ranking_exclusions').select('article_id').execute();
    return new Set(rows.map((r) => r.article_id));
  }

  async setExcluded(articleId: number, excluded: boolean, userId: number | null, at: number): Promise<void> {
    if (!excluded) {
      await this.#db.deleteFrom('ranking_exclusions').where('article_id', '=', articleId).execute();
      return;
    }
    await this.#db
      .insertInto('ranking_exclusions')
      .values({ article_id: articleId, user_id: userId, created_at: at })
      .onConflict((oc) => oc.column('article_id').doNothing())
      .execute();
  }

  async holds(): Promise<Map<number, RankingHold>> {
    const rows = await this.#db.selectFrom('ranking_holds').selectAll().execute();
    return new Map(
      rows.map((r) => [
        r.article_id,
        { status: r.status as RankingHold['status'], sharePermille: r.share_permille, detectedAt: r.detected_at, reviewedAt: r.reviewed_at },
      ]),
    );
  }

  async hold(articleId: number, sharePermille: number, at: number): Promise<boolean> {
    const inserted = await this.#db
      .insertInto('ranking_holds')
      .values({ article_id: articleId, status: 'held', share_permille: sharePermille, detected_at: at, reviewed_by: null, reviewed_at: null })
      // A reviewed article may be held again, but not for a day after its release.
      .onConflict((oc) =>
        oc
          .column('article_id')
          .doUpdateSet({ status: 'held', share_permille: sharePermille, detected_at: at, reviewed_by: null, reviewed_at: null })
          .where('ranking_holds.status', '=', 'released')
          .where('ranking_holds.reviewed_at', '<', at - RELEASE_GRACE_MS),
      )
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async release(articleId: number, userId: number | null, at: number): Promise<void> {
    await this.#db
      .updateTable('ranking_holds')
      .set({ status: 'released', reviewed_by: userId, reviewed_at: at })
      .where('article_id', '=', articleId)
      .execute();
  }
}

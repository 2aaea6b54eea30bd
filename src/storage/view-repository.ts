import type { Kysely } from 'kysely';
import type { ViewIncrement, ViewRepository } from '../core/ports.ts';
import { chunks } from './rows.ts';
import type { Database } from './schema.ts';

export class KyselyViewRepository implements ViewRepository {
  readonly #db: Kysely<Database>;
  /** When the repository is already inside a transaction, writes join it instead of opening one. */
  readonly #inTransaction: boolean;

  constructor(db: Kysely<Database>, inTransaction: boolean) {
    this.#db = db;
    this.#inTransaction = inTransaction;
  }

  async add(increments: readonly ViewIncrement[]): Promise<void> {
    if (increments.length === 0) return;
    const write = async (db: Kysely<Database>) => {
      for (const part of chunks(increments, 300)) {
        await db
          .insertInto('view_buckets')
          .values(part.map((i) => ({ bucket_start: i.bucketStart, article_id: i.articleId, views: i.views })))
          .onConflict((oc) =>
            oc.columns(['bucket_start', 'article_id']).doUpdateSet((eb) => ({
              views: eb('view_buckets.views', '+', eb.ref('excluded.views')),
            })),
          )
          .execute();
      }
    };
    if (this.#inTransaction) await write(this.#db);
    else await this.#db.transaction().execute(write);
  }

  async totalsSince(since: number): Promise<Map<number, number>> {
    const rows = await this.#db
      .selectFrom('view_buckets')
      .select(['article_id', (eb) => eb.fn.sum<number>('views').as('views')])
      .where('bucket_start', '>=', since)
      .groupBy('article_id')
      .execute();
    return new Map(rows.map((r) => [r.article_id, Number(r.views)]));
  }
}

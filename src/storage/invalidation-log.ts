import type { Kysely } from 'kysely';
import type { InvalidationLog } from '../core/ports.ts';
import type { Database } from './schema.ts';

export class KyselyInvalidationLog implements InvalidationLog {
  readonly #db: Kysely<Database>;
  readonly #onAppend: ((keys: readonly string[]) => Promise<void>) | undefined;
  /** `onAppend` runs with the keys on the same connection (inside the writer's transaction). */
  constructor(db: Kysely<Database>, onAppend?: (keys: readonly string[]) => Promise<void>) {
    this.#db = db;
    this.#onAppend = onAppend;
  }

  async append(keys: readonly string[], at: number): Promise<void> {
    if (keys.length === 0) return;
    await this.#db.insertInto('invalidations').values({ keys: keys.join(' '), created_at: at }).execute();
    await this.#onAppend?.(keys);
  }

  async since(afterId: number, limit: number): Promise<{ id: number; keys: string[]; createdAt: number }[]> {
    const rows = await this.#db
      .selectFrom('invalidations')
      .select(['id', 'keys', 'created_at'])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ id: r.id, keys: r.keys.split(' ').filter(Boolean), createdAt: r.created_at }));
  }

  async latestId(): Promise<number> {
    const row = await this.#db
      .selectFrom('invalidations')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    return Number(row?.id ?? 0);
  }

  async prune(before: number): Promise<void> {
    await this.#db.deleteFrom('invalidations').where('created_at', '<', before).execute();
  }
}

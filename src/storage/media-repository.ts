import type { Kysely } from 'kysely';
import type { MediaAsset, NewMediaAsset } from '../core/content/types.ts';
import type { MediaRepository } from '../core/ports.ts';
import { toMediaAsset } from './rows.ts';
import type { Database } from './schema.ts';

export class KyselyMediaRepository implements MediaRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(input: NewMediaAsset): Promise<MediaAsset> {
    const row = await this.#db
      .insertInto('media')
      .values({
        storage_key: input.key,
        mime: input.mime,
        width: input.width,
        height: input.height,
        bytes: input.bytes,
        sha256: input.sha256,
        alt: input.alt,
        caption: input.caption,
        credit: input.credit,
        variants: JSON.stringify(input.variants),
        created_at: input.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMediaAsset(row);
  }

  async findByKey(key: string): Promise<MediaAsset | undefined> {
    const row = await this.#db.selectFrom('media').selectAll().where('storage_key', '=', key).executeTakeFirst();
    return row ? toMediaAsset(row) : undefined;
  }

  async findById(id: number): Promise<MediaAsset | undefined> {
    const row = await this.#db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toMediaAsset(row) : undefined;
  }
}

import type { Kysely, Selectable } from 'kysely';
import type { ApiKey, ApiKeyRepository } from '../core/api/api-keys.ts';
import type { ApiKeysTable, Database } from './schema.ts';

function toKey(r: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: r.id,
    name: r.name,
    prefix: r.key_prefix,
    origins: JSON.parse(r.origins) as string[],
    ratePerMinute: r.rate_per_minute,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

export class KyselyApiKeyRepository implements ApiKeyRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async list(): Promise<ApiKey[]> {
    return (await this.#db.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toKey);
  }

  async create(input: { name: string; hash: string; prefix: string; origins: readonly string[]; ratePerMinute: number; at: number; userId: number }): Promise<number> {
    const row = await this.#db
      .insertInto('api_keys')
      .values({ name: input.name, key_hash: input.hash, key_prefix: input.prefix, origins: JSON.stringify(input.origins), rate_per_minute: input.ratePerMinute, created_at: input.at, created_by: input.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async findByHash(hash: string): Promise<ApiKey | undefined> {
    const row = await this.#db.selectFrom('api_keys').selectAll().where('key_hash', '=', hash).executeTakeFirst();
    return row ? toKey(row) : undefined;
  }

  async revoke(id: number, at: number): Promise<boolean> {
    const r = await this.#db.updateTable('api_keys').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async touch(id: number, at: number): Promise<void> {
    await this.#db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}

import type { Kysely, Selectable } from 'kysely';
import type { Permission } from '../core/access/roles.ts';
import type { AccessToken, AccessTokenRepository, IdempotencyRecord, IdempotencyRepository, TokenKind } from '../core/api/access-token-ports.ts';
import type { AccessTokensTable, Database } from './schema.ts';

function toToken(r: Selectable<AccessTokensTable>): AccessToken {
  return {
    id: r.id,
    kind: r.kind as TokenKind,
    userId: r.user_id,
    name: r.name,
    prefix: r.token_prefix,
    scopes: JSON.parse(r.scopes) as Permission[],
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

export class KyselyAccessTokenRepository implements AccessTokenRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(input: { kind: TokenKind; userId: number; name: string; hash: string; prefix: string; scopes: readonly Permission[]; at: number; expiresAt: number }): Promise<number> {
    const row = await this.#db
      .insertInto('access_tokens')
      .values({
        kind: input.kind, user_id: input.userId, name: input.name, token_hash: input.hash, token_prefix: input.prefix,
        scopes: JSON.stringify(input.scopes), created_at: input.at, expires_at: input.expiresAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async list(userId?: number): Promise<AccessToken[]> {
    let q = this.#db.selectFrom('access_tokens').selectAll();
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toToken);
  }

  async findById(id: number): Promise<AccessToken | undefined> {
    const row = await this.#db.selectFrom('access_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  async findByHash(hash: string): Promise<AccessToken | undefined> {
    const row = await this.#db.selectFrom('access_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  async revoke(id: number, at: number): Promise<boolean> {
    const r = await this.#db.updateTable('access_tokens').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async touch(id: number, at: number): Promise<void> {
    await this.#db.updateTable('access_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
  }
}

export class KyselyIdempotencyRepository implements IdempotencyRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async reserve(tokenId: number, key: string, requestHash: string, at: number): Promise<IdempotencyRecord | undefined> {
    // The primary key makes the reservation atomic: of two concurrent requests with one key, one inserts.
    const inserted = await this.#db
      .insertInto('idempotency_keys')
      .values({ token_id: tokenId, idem_key: key, request_hash: requestHash, created_at: at })
      .onConflict((oc) => oc.columns(['token_id', 'idem_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1) return undefined;
    const row = await this.#db.selectFrom('idempotency_keys').selectAll().where('token_id', '=', tokenId).where('idem_key', '=', key).executeTakeFirst();
    if (!row) return this.reserve(tokenId, key, requestHash, at); // purged in between: try again
    return { requestHash: row.request_hash, statusCode: row.status_code, response: row.response, createdAt: Number(row.created_at) };
  }

  async complete(tokenId: number, key: string, statusCode: number, response: string): Promise<void> {
    await this.#db.updateTable('idempotency_keys').set({ status_code: statusCode, response }).where('token_id', '=', tokenId).where('idem_key', '=', key).execute();
  }

  async release(tokenId: number, key: string): Promise<void> {
    await this.#db.deleteFrom('idempotency_keys').where('token_id', '=', tokenId).where('idem_key', '=', key).where('status_code', 'is', null).execute();
  }

  async purge(before: number): Promise<number> {
    const r = await this.#db.deleteFrom('idempotency_keys').where('created_at', '<', before).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}

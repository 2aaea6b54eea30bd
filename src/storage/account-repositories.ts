import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../core/access/roles.ts';
import type { User, UserStatus } from '../core/access/types.ts';
import type { OneTimeTokenRepository, SessionRecord, SessionRepository, ThrottleLimit, ThrottleRepository, ThrottleReservation, TokenPurpose, UserRecord, UserRepository } from '../core/access/account-ports.ts';
import type { Database, UsersTable } from './schema.ts';

function toUser(row: Selectable<UsersTable>): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    status: row.status as UserStatus,
    authorId: row.author_id,
    createdAt: row.created_at,
    twoFactor: row.totp_secret !== null,
  };
}

export class KyselyUserRepository implements UserRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async findById(id: number): Promise<UserRecord | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...toUser(row), passwordHash: row.password_hash, totpSecret: row.totp_secret, totpPending: row.totp_pending, totpStep: row.totp_step === null ? null : Number(row.totp_step) } : undefined;
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.#db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
    return row ? { ...toUser(row), passwordHash: row.password_hash, totpSecret: row.totp_secret, totpPending: row.totp_pending, totpStep: row.totp_step === null ? null : Number(row.totp_step) } : undefined;
  }

  async setTotp(id: number, patch: { secret?: string | null; pending?: string | null; step?: number | null }, at: number): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({
        ...(patch.secret !== undefined ? { totp_secret: patch.secret } : {}),
        ...(patch.pending !== undefined ? { totp_pending: patch.pending } : {}),
        ...(patch.step !== undefined ? { totp_step: patch.step } : {}),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  async list(): Promise<User[]> {
    const rows = await this.#db.selectFrom('users').selectAll().orderBy('name').orderBy('id').execute();
    return rows.map(toUser);
  }

  async create(input: { email: string; name: string; role: Role; authorId: number | null; createdAt: number }): Promise<User> {
    const row = await this.#db
      .insertInto('users')
      .values({
        email: input.email.trim().toLowerCase(),
        name: input.name,
        role: input.role,
        status: 'active',
        password_hash: null,
        author_id: input.authorId,
        created_at: input.createdAt,
        updated_at: input.createdAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toUser(row);
  }

  async update(
    id: number,
    patch: { name?: string; role?: Role; status?: UserStatus; passwordHash?: string; authorId?: number | null },
    at: number,
  ): Promise<void> {
    await this.#db
      .updateTable('users')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.passwordHash !== undefined ? { password_hash: patch.passwordHash } : {}),
        ...(patch.authorId !== undefined ? { author_id: patch.authorId } : {}),
        updated_at: at,
      })
      .where('id', '=', id)
      .execute();
  }

  async countActiveAdmins(): Promise<number> {
    const row = await this.#db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

export class KyselySessionRepository implements SessionRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(tokenHash: string, s: SessionRecord): Promise<void> {
    await this.#db
      .insertInto('sessions')
      .values({ token_hash: tokenHash, user_id: s.userId, created_at: s.createdAt, last_seen_at: s.lastSeenAt, expires_at: s.expiresAt })
      .execute();
  }

  async find(tokenHash: string): Promise<SessionRecord | undefined> {
    const row = await this.#db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? { userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at, expiresAt: row.expires_at } : undefined;
  }

  async touch(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    await this.#db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('token_hash', '=', tokenHash).execute();
  }

  async delete(tokenHash: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteForUser(userId: number, keepTokenHash?: string): Promise<void> {
    let q = this.#db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepTokenHash) q = q.where('token_hash', '!=', keepTokenHash);
    await q.execute();
  }

  async prune(now: number): Promise<void> {
    await this.#db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }
}

export class KyselyTokenRepository implements OneTimeTokenRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async create(tokenHash: string, t: { userId: number; purpose: TokenPurpose; createdAt: number; expiresAt: number }): Promise<void> {
    await this.#db
      .insertInto('one_time_tokens')
      .values({ token_hash: tokenHash, user_id: t.userId, purpose: t.purpose, created_at: t.createdAt, expires_at: t.expiresAt, used_at: null })
      .execute();
  }

  async peek(tokenHash: string, purpose: TokenPurpose, now: number): Promise<number | undefined> {
    const row = await this.#db
      .selectFrom('one_time_tokens')
      .select('user_id')
      .where('token_hash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row?.user_id;
  }

  async consume(tokenHash: string, purpose: TokenPurpose, now: number): Promise<number | undefined> {
    // One conditional update: of two requests racing with the same token, exactly one wins.
    const row = await this.#db
      .updateTable('one_time_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('purpose', '=', purpose)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    return row?.user_id;
  }

  async revokeForUser(userId: number): Promise<void> {
    await this.#db.deleteFrom('one_time_tokens').where('user_id', '=', userId).where('used_at', 'is', null).execute();
  }
}

/** Thrown inside a reservation's transaction to roll back every count it made. */
class Refused {
  constructor(readonly retryAt: number) {}
}

export class KyselyThrottleRepository implements ThrottleRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async reserve(limits: readonly ThrottleLimit[], now: number, windowMs: number): Promise<ThrottleReservation> {
    // Keys in one order, so two reservations sharing keys lock their rows in the same order
    // (PostgreSQL holds each upserted row until commit; no deadlock between them).
    const sorted = [...limits].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const work = async (db: Kysely<Database>): Promise<Map<string, number>> => {
      const windows = new Map<string, number>();
      let retryAt = 0;
      for (const { key, limit } of sorted) {
        // One upsert: the count goes up and comes back in the same statement, so of N concurrent
        // attempts each sees a different count, whichever process sent it.
        const row = await db
          .insertInto('throttle')
          .values({ key, failures: 1, window_start: now })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet((eb) => ({
              failures: eb.case().when('throttle.window_start', '<=', now - windowMs).then(1).else(eb('throttle.failures', '+', 1)).end(),
              window_start: eb.case().when('throttle.window_start', '<=', now - windowMs).then(now).else(eb.ref('throttle.window_start')).end(),
            })),
          )
          .returning(['failures', 'window_start'])
          .executeTakeFirstOrThrow();
        windows.set(key, row.window_start);
        if (row.failures > limit) retryAt = Math.max(retryAt, row.window_start + windowMs);
      }
      if (retryAt > 0) throw new Refused(retryAt);
      return windows;
    };
    try {
      const windows = this.#db.isTransaction ? await work(this.#db) : await this.#db.transaction().execute(work);
      return { granted: true, windows };
    } catch (err) {
      if (err instanceof Refused) return { granted: false, retryAt: err.retryAt };
      throw err;
    }
  }

  async release(key: string, windowStart: number): Promise<void> {
    await this.#db
      .updateTable('throttle')
      .set((eb) => ({ failures: eb('failures', '-', 1) }))
      .where('key', '=', key)
      .where('window_start', '=', windowStart)
      .where('failures', '>', 0)
      .execute();
  }

  async prune(before: number): Promise<void> {
    await this.#db.deleteFrom('throttle').where('window_start', '<=', before).execute();
  }
}

import { sql, type Kysely, type Migration, type RawBuilder } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Two-step sign-in (TOTP). The secret is stored sealed with a key derived from the site secret
 * (AES-256-GCM), the one being set up separately until its first code confirms it, and the last
 * time-step used so a code is never accepted twice. A password-checked login waits for its code as a
 * one-time token of a new purpose, so the tokens table is rebuilt with the wider check (SQLite cannot
 * alter a check constraint; the rebuild is the same on both databases).
 */
export function twoFactorMigration(caps: DialectCapabilities): Migration {
  const tokensTable = async (db: Kysely<unknown>, name: string, purposes: RawBuilder<unknown>) =>
    db.schema
      .createTable(name)
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull().check(purposes))
      .addColumn('created_at', caps.instantType, (c) => c.notNull())
      .addColumn('expires_at', caps.instantType, (c) => c.notNull())
      .addColumn('used_at', caps.instantType)
      .execute();
  // Rows of the purposes both shapes allow are kept; an unfinished second step is just dropped.
  const rebuild = async (db: Kysely<unknown>, purposes: RawBuilder<unknown>) => {
    await tokensTable(db, 'one_time_tokens_next', purposes);
    await sql`insert into one_time_tokens_next select * from one_time_tokens where purpose in ('invite', 'reset')`.execute(db);
    await db.schema.dropTable('one_time_tokens').execute();
    await db.schema.alterTable('one_time_tokens_next').renameTo('one_time_tokens').execute();
  };
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('users').addColumn('totp_secret', 'text').execute();
      await db.schema.alterTable('users').addColumn('totp_pending', 'text').execute();
      await db.schema.alterTable('users').addColumn('totp_step', 'bigint').execute();
      await rebuild(db, sql`purpose in ('invite', 'reset', 'second-factor')`);
    },
    async down(db: Kysely<unknown>) {
      await rebuild(db, sql`purpose in ('invite', 'reset')`);
      await db.schema.alterTable('users').dropColumn('totp_step').execute();
      await db.schema.alterTable('users').dropColumn('totp_pending').execute();
      await db.schema.alterTable('users').dropColumn('totp_secret').execute();
    },
  };
}

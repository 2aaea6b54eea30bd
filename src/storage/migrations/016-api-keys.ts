import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/** Content API keys: one per client (an app, a partner site), stored hashed, revocable, with their own limits and origins. */
export function apiKeysMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_hash', 'text', (c) => c.notNull().unique())
        .addColumn('key_prefix', 'text', (c) => c.notNull())
        .addColumn('origins', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('rate_per_minute', 'integer', (c) => c.notNull())
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('last_used_at', caps.instantType)
        .addColumn('revoked_at', caps.instantType)
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('api_keys').execute();
    },
  };
}

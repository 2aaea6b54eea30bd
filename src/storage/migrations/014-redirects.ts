import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/** Old addresses that answer 301 to where their content lives now (an archive's links, moved pages). */
export function redirectsMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('redirects')
        .addColumn('from_path', 'text', (c) => c.primaryKey())
        .addColumn('to_path', 'text', (c) => c.notNull())
        .addColumn('created_at', caps.instantType, (c) => c.notNull())
        .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('redirects').execute();
    },
  };
}

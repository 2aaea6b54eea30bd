import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * What the archive importers need: a ledger of what each export's items became (so a re-run skips
 * what landed and a killed run resumes), and an article's access level (members-only posts keep
 * their flag for the members work; every article is public until then).
 */
export function archiveImportMigration(_caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('import_ledger')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('target_id', 'integer', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_ledger_pk', ['source', 'kind', 'source_id'])
        .execute();
      await db.schema.alterTable('articles').addColumn('access', 'text', (c) => c.notNull().defaultTo('public')).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('articles').dropColumn('access').execute();
      await db.schema.dropTable('import_ledger').execute();
    },
  };
}

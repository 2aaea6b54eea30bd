import type { Kysely, Migration } from 'kysely';

/**
 * Tags get a description (shown on the tag page), and a merged tag's slug is kept as an alias of the
 * tag it went into, so its old address redirects there instead of breaking.
 */
export function tagCurationMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('tags').addColumn('description', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema
        .createTable('tag_aliases')
        .addColumn('slug', 'text', (c) => c.primaryKey())
        .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('tag_aliases').execute();
      await db.schema.alterTable('tags').dropColumn('description').execute();
    },
  };
}

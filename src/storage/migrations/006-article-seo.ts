import type { Kysely, Migration } from 'kysely';

/**
 * An article's slug (its own column: list links need it) and its search and social presentation
 * (one JSON column: read only when the article's own page is rendered, never filtered on).
 * Both default to empty, so every existing article keeps its URL.
 */
export function articleSeoMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('articles').addColumn('slug', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('articles').addColumn('seo_json', 'text', (c) => c.notNull().defaultTo('{}')).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('articles').dropColumn('seo_json').execute();
      await db.schema.alterTable('articles').dropColumn('slug').execute();
    },
  };
}

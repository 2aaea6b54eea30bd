import type { Kysely, Migration } from 'kysely';

/**
 * The front page's order: top stories sort by `top_position` (an editor's drag on the curation
 * screen), then by publication. Null for articles never placed, so existing top stories keep their
 * newest-first order until an editor arranges them.
 */
export function frontPageOrderMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('articles').addColumn('top_position', 'integer').execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('articles').dropColumn('top_position').execute();
    },
  };
}

import type { Kysely, Migration } from 'kysely';

/** Author pages show a short biography and a portrait (a library photo), both edited in the newsroom. */
export function authorProfilesMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('authors').addColumn('bio', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.schema.alterTable('authors').addColumn('photo_media_id', 'integer', (c) => c.references('media.id').onDelete('set null')).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('authors').dropColumn('photo_media_id').execute();
      await db.schema.alterTable('authors').dropColumn('bio').execute();
    },
  };
}

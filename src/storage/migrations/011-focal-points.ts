import type { Kysely, Migration } from 'kysely';

/**
 * A focal point per photo (per mille of width and height; 500/500 is the centre) and the crops cut
 * around it: a 16:9 crop for list thumbnails and lead images, a 1.91:1 card for shared links.
 * Photos stored before this keep `{}` crops and are shown uncropped, as before.
 */
export function focalPointsMigration(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('media').addColumn('focal_x', 'integer', (c) => c.notNull().defaultTo(500)).execute();
      await db.schema.alterTable('media').addColumn('focal_y', 'integer', (c) => c.notNull().defaultTo(500)).execute();
      await db.schema.alterTable('media').addColumn('crops', 'text', (c) => c.notNull().defaultTo('{}')).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.alterTable('media').dropColumn('crops').execute();
      await db.schema.alterTable('media').dropColumn('focal_y').execute();
      await db.schema.alterTable('media').dropColumn('focal_x').execute();
    },
  };
}

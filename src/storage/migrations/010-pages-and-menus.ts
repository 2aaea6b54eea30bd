import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/** Static pages with their revisions, and the editable header and footer menus. */
export function pagesAndMenusMigration(caps: DialectCapabilities): Migration {
  const instant = caps.instantType;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('pages')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('draft', 'published')`))
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('updated_at', instant, (c) => c.notNull())
        .addColumn('updated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .execute();
      await db.schema
        .createTable('page_revisions')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('page_id', 'integer', (c) => c.notNull().references('pages.id').onDelete('cascade'))
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body_html', 'text', (c) => c.notNull())
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('page_revisions_by_page').on('page_revisions').columns(['page_id', 'version']).execute();
      await db.schema
        .createTable('menus')
        .addColumn('name', 'text', (c) => c.primaryKey().check(sql`name in ('header', 'footer')`))
        .addColumn('items_json', 'text', (c) => c.notNull())
        .addColumn('updated_at', instant, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('menus').execute();
      await db.schema.dropTable('page_revisions').execute();
      await db.schema.dropTable('pages').execute();
    },
  };
}

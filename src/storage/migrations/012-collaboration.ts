import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Collaboration on an article: who has its editor open (presence, refreshed by a heartbeat), who
 * holds its soft lock (the one who may type; others read until they take it over), and notes
 * between writer and editor that never reach the public page.
 */
export function collaborationMigration(caps: DialectCapabilities): Migration {
  const instant = caps.instantType;
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('article_presence')
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('seen_at', instant, (c) => c.notNull())
        .addPrimaryKeyConstraint('article_presence_pk', ['article_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('article_locks')
        .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('since', instant, (c) => c.notNull())
        .addColumn('seen_at', instant, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('article_notes')
        .addColumn('id', 'integer', caps.idColumn)
        .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
        .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', instant, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('article_notes_by_article').on('article_notes').columns(['article_id', 'created_at']).execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('article_notes').execute();
      await db.schema.dropTable('article_locks').execute();
      await db.schema.dropTable('article_presence').execute();
    },
  };
}

import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Full-text search over published articles. SQLite: an FTS5 table (Porter stemming, Unicode
 * folding, diacritics removed) whose rowid is the article id. PostgreSQL: a table of the same
 * fields plus a weighted tsvector (headline A, summary and tags B, captions C, body D) under a GIN
 * index. Both are filled by the app (SearchIndex.refresh/rebuild): the first start after this
 * migration indexes every published article.
 */
export function searchMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (caps.fullText === 'fts5') {
        await sql`create virtual table article_search using fts5(
          headline, summary, body, captions, tags,
          tokenize = 'porter unicode61 remove_diacritics 2'
        )`.execute(db);
      } else {
        await db.schema
          .createTable('article_search')
          .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
          .addColumn('headline', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('captions', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('document', sql`tsvector`, (c) => c.notNull())
          .execute();
        await sql`create index article_search_document on article_search using gin (document)`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('article_search').execute();
    },
  };
}

import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Full-text search over published articles (docs/decisions/010-search.md). Both tables are
 * filled by the app (SearchIndex.refresh/rebuild); the first start after this migration indexes
 * every published article.
 *
 * SQLite: an FTS5 table (Porter stemming, Unicode folding, diacritics removed) whose rowid is a
 * recency key (publication minute × 2^24 + article id), so "newest matches first" is FTS5's own
 * rowid order and never a sort; a `facets` column holds section, tag and author tokens for
 * filters; `search_keys` maps article ids to their current key.
 *
 * PostgreSQL: the same fields, the filters as columns, and a weighted tsvector (headline A,
 * summary and tags B, captions C, body D) under a GIN index, with publication time indexed.
 */
export function searchMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (caps.fullText === 'fts5') {
        await sql`create virtual table article_search using fts5(
          headline, summary, body, captions, tags, facets,
          tokenize = 'porter unicode61 remove_diacritics 2'
        )`.execute(db);
        await db.schema
          .createTable('search_keys')
          .addColumn('article_id', 'integer', (c) => c.primaryKey())
          .addColumn('search_key', 'integer', (c) => c.notNull())
          .execute();
      } else {
        await db.schema
          .createTable('article_search')
          .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
          .addColumn('published_at', 'bigint', (c) => c.notNull())
          .addColumn('section_ids', sql`integer[]`, (c) => c.notNull())
          .addColumn('tag_ids', sql`integer[]`, (c) => c.notNull())
          .addColumn('author_ids', sql`integer[]`, (c) => c.notNull())
          .addColumn('headline', 'text', (c) => c.notNull())
          .addColumn('summary', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('captions', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('document', sql`tsvector`, (c) => c.notNull())
          .execute();
        await sql`create index article_search_document on article_search using gin (document)`.execute(db);
        await sql`create index article_search_published on article_search (published_at desc, article_id desc)`.execute(db);
      }
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('article_search').execute();
      if (caps.fullText === 'fts5') await db.schema.dropTable('search_keys').execute();
    },
  };
}

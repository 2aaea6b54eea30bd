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
 * PostgreSQL: a weighted tsvector (headline A, summary and tags B, captions C, body D) under a GIN
 * index, publication time under a b-tree and the filters as integer arrays; the body (for
 * snippets) in `article_search_text`.
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
        // Narrow rows (the tsvector goes to TOAST): reading the newest matches touches little but the
        // vectors it tests. The body for snippets lives in its own table, read for the twenty shown.
        await db.schema
          .createTable('article_search')
          .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
          .addColumn('published_at', 'bigint', (c) => c.notNull())
          .addColumn('section_ids', sql`integer[]`, (c) => c.notNull())
          .addColumn('tag_ids', sql`integer[]`, (c) => c.notNull())
          .addColumn('author_ids', sql`integer[]`, (c) => c.notNull())
          .addColumn('document', sql`tsvector`, (c) => c.notNull())
          .execute();
        // Kept in the row (compressed) rather than in TOAST: testing a row's vector is then a page read
        // and a decompress, not a second index lookup; half the time per candidate row.
        await sql`alter table article_search alter column document set storage main`.execute(db);
        await sql`create index article_search_document on article_search using gin (document)`.execute(db);
        await sql`create index article_search_published on article_search (published_at desc, article_id desc)`.execute(db);
        await sql`create index article_search_sections on article_search using gin (section_ids)`.execute(db);
        await sql`create index article_search_tags on article_search using gin (tag_ids)`.execute(db);
        await sql`create index article_search_authors on article_search using gin (author_ids)`.execute(db);
        await db.schema
          .createTable('article_search_text')
          .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
          .addColumn('body', 'text', (c) => c.notNull())
          .execute();
      }
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('article_search').execute();
      await db.schema.dropTable(caps.fullText === 'fts5' ? 'search_keys' : 'article_search_text').execute();
    },
  };
}

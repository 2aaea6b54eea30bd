import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * PostgreSQL search, second shape (docs/decisions/010-search.md, "Changed: PostgreSQL filters and
 * the time tiers"). Filters become lexemes of the document (`§s12`, `§t7`, `§a3`), so a filtered
 * search is one GIN lookup instead of an array test per row (`@>` on integer arrays cost more than
 * the text match itself), and the document's GIN index no longer buffers inserts in a pending list
 * that every search has to read until a vacuum merges it. The index is emptied here; the first
 * start after this migration indexes every published article again. SQLite is unchanged.
 */
export function searchFacetsMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (caps.fullText === 'fts5') return;
      await sql`delete from article_search`.execute(db);
      await sql`delete from article_search_text`.execute(db);
      await sql`alter table article_search drop column section_ids, drop column tag_ids, drop column author_ids`.execute(db);
      await sql`alter index article_search_document set (fastupdate = off)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (caps.fullText === 'fts5') return;
      await sql`delete from article_search`.execute(db);
      await sql`delete from article_search_text`.execute(db);
      await sql`alter index article_search_document reset (fastupdate)`.execute(db);
      await sql`alter table article_search add column section_ids integer[] not null default '{}',
        add column tag_ids integer[] not null default '{}', add column author_ids integer[] not null default '{}'`.execute(db);
      await sql`create index article_search_sections on article_search using gin (section_ids)`.execute(db);
      await sql`create index article_search_tags on article_search using gin (tag_ids)`.execute(db);
      await sql`create index article_search_authors on article_search using gin (author_ids)`.execute(db);
    },
  };
}

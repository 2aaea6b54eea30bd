import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * PostgreSQL search, second shape (docs/decisions/010-search.md, "Changed (2026-11-27, evening)").
 * Filters and the publication month become lexemes of the document (`§s12`, `§t7`, `§a3`,
 * `§m202611`, as postgres/tsvector-search-index.ts writes them), so a filtered search is one GIN lookup instead of an
 * array test per row, and the newest matches can be read in tiers of months. The documents are
 * converted in place, from the columns this drops: searches keep working through the upgrade, with
 * no rebuild. The document's GIN index then stops buffering inserts in a pending list that every
 * search reads until a vacuum merges it. SQLite is unchanged.
 */
export function searchFacetsMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (caps.fullText === 'fts5') return;
      // Months in UTC, `§m` + year + two-digit month: monthLexeme in postgres/tsvector-search-index.ts.
      await sql`update article_search set document = document || array_to_tsvector(
          array(select '§s' || x from unnest(section_ids) as x)
          || array(select '§t' || x from unnest(tag_ids) as x)
          || array(select '§a' || x from unnest(author_ids) as x)
          || array['§m' || to_char(to_timestamp(published_at / 1000.0) at time zone 'UTC', 'YYYYMM')])`.execute(db);
      await sql`alter table article_search drop column section_ids, drop column tag_ids, drop column author_ids`.execute(db);
      await sql`alter index article_search_document set (fastupdate = off)`.execute(db);
      // What the update left in the pending list goes into the index now, not at the next vacuum.
      await sql`select gin_clean_pending_list('article_search_document'::regclass)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (caps.fullText === 'fts5') return;
      // The earlier shape is rebuilt from the articles at the next start (the index counts differ).
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

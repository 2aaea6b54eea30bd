import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';
import { pairsOfDocument } from '../postgres/search-pairs.ts';

/**
 * PostgreSQL only: the adjacent lexeme pairs of each search document, under a GIN index, so a
 * quoted phrase reads the articles that hold its word pairs instead of testing every article that
 * holds its words (docs/decisions/010-search.md, "Phrases on PostgreSQL"). Existing rows are
 * filled here from their stored vectors. SQLite's FTS5 reads positions in its own index and needs
 * nothing.
 */
export function searchPairsMigration(caps: DialectCapabilities): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (caps.fullText === 'fts5') return;
      await sql`alter table article_search add column pairs text[] not null default '{}'`.execute(db);
      await sql`update article_search set pairs = ${pairsOfDocument(sql`article_search.document`)}`.execute(db);
      await sql`create index article_search_pairs on article_search using gin (pairs)`.execute(db);
    },
    async down(db: Kysely<unknown>) {
      if (caps.fullText === 'fts5') return;
      await sql`alter table article_search drop column pairs`.execute(db);
    },
  };
}

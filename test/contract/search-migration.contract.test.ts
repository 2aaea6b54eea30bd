import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Migrator, sql, type Kysely } from 'kysely';
import type { SearchFilters } from '../../src/core/ports.ts';
import { parseSearchQuery } from '../../src/core/search/search-query.ts';
import type { Connection } from '../../src/storage/dialect.ts';
import { migrations } from '../../src/storage/migrations/index.ts';
import { connect, migrate } from '../../src/storage/open-storage.ts';
import type { Database } from '../../src/storage/schema.ts';
import { testDialects, type TestDatabase } from '../helpers/dialects.ts';
import { requires } from '../helpers/requirements.ts';

const { dialects, missing } = await testDialects();
requires('search migration on postgres', { postgres: missing });

const NOW = Date.parse('2026-11-20T03:00:00Z');

/**
 * Migration 005 turns PostgreSQL's search documents of the first shape (filters in integer arrays)
 * into the second (filters and months as lexemes) in place: a site upgraded with articles indexed
 * keeps finding them, with filters and through the month tiers, without a rebuild.
 */
for (const dialect of dialects.filter((d) => d.name === 'postgres')) {
  describe('search migration 005 (postgres)', () => {
    let db: TestDatabase;
    let connection: Connection;
    const ids: Record<'local' | 'sport' | 'recent' | 'old', number> = { local: 0, sport: 0, recent: 0, old: 0 };
    let tagId = 0;

    before(async () => {
      db = await dialect.create();
      connection = connect(db.url);
      const schema = (connection as { schema?: string }).schema as string;
      await sql`create schema if not exists ${sql.id(schema)}`.execute(connection.db);
      const migrator = new Migrator({ db: connection.db, provider: { getMigrations: async () => migrations(connection.caps) }, migrationTableSchema: schema });
      const { error } = await migrator.migrateTo('004-search');
      assert.equal(error, undefined);
      // Two articles as the first shape indexed them: "walrus" in both, a month apart.
      const d = connection.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const section = async (slug: string, parent: number | null) =>
        Number((await sql<{ id: number }>`insert into sections (slug, name, parent_id, position, path, description)
          values (${slug}, ${slug}, ${parent}, 0, ${parent === null ? slug : `news/${slug}`}, '') returning id`.execute(d)).rows[0]?.id);
      const news = await section('news', null);
      ids.local = await section('local', news);
      ids.sport = await section('sport', null);
      tagId = Number((await sql<{ id: number }>`insert into tags (slug, name) values ('ice', 'Ice') returning id`.execute(d)).rows[0]?.id);
      // Later in June, three articles without the word: a search of June meets them first, and (with
      // a probe of one) finds the older match only through June's month lexeme.
      const june = (day: number) => Date.parse(`2026-06-${String(day).padStart(2, '0')}T00:00:00Z`);
      // And one from January, so that June is not where the archive starts.
      const articles = [['recent', NOW - 3_600_000, 'walrus'], ['old', june(10), 'walrus'], ['seal', june(20), 'seal'], ['seal', june(22), 'seal'], ['seal', june(25), 'seal'], ['seal', Date.parse('2026-01-05T00:00:00Z'), 'seal']] as const;
      for (const [key, at, word] of articles) {
        const id = Number((await sql<{ id: number }>`insert into articles (status, section_id, subsection_id, headline, body_html, published_at, created_at, modified_at)
          values ('published', ${news}, ${ids.local}, ${`A ${word} report`}, ${`<p>A ${word} slept.</p>`}, ${at}, ${at}, ${at}) returning id`.execute(d)).rows[0]?.id);
        if (key !== 'seal') ids[key] = id;
        await sql`insert into article_search (article_id, published_at, section_ids, tag_ids, author_ids, document)
          values (${id}, ${at}, ${`{${news},${ids.local}}`}::integer[], ${`{${tagId}}`}::integer[], '{}'::integer[],
            setweight(to_tsvector('english', ${`A ${word} report`}), 'A') || setweight(to_tsvector('english', ${`A ${word} slept.`}), 'D'))`.execute(d);
        await sql`insert into article_search_text (article_id, body) values (${id}, ${`A ${word} slept.`})`.execute(d);
      }
      await migrate(connection);
    });
    after(async () => {
      await connection.close();
      await db.cleanup();
    });

    test('documents indexed before the migration are found, filtered and by their month', async () => {
      // A probe of one article, so that later matches are found through the GIN index and its tiers.
      const index = connection.caps.searchIndex(connection.db as Kysely<Database>, false, connection.searchDb, { probeRows: 1 });
      const search = async (filters: SearchFilters) =>
        (await index.search({ query: parseSearchQuery('walrus'), filters, order: 'newest', limit: 20, offset: 0, now: NOW })).hits.map((h) => h.articleId);
      assert.deepEqual(await search({}), [ids.recent, ids.old]);
      assert.deepEqual(await search({ sectionId: ids.local }), [ids.recent, ids.old]);
      assert.deepEqual(await search({ tagId }), [ids.recent, ids.old]);
      assert.deepEqual(await search({ sectionId: ids.sport }), []);
      assert.deepEqual(await search({ from: Date.parse('2026-06-01T00:00:00Z'), to: Date.parse('2026-07-01T00:00:00Z') }), [ids.old]);
      const columns = await sql<{ column_name: string }>`select column_name from information_schema.columns
        where table_schema = current_schema() and table_name = 'article_search' order by column_name`.execute(connection.db);
      assert.deepEqual(columns.rows.map((c) => c.column_name), ['article_id', 'document', 'published_at']);
    });
  });
}

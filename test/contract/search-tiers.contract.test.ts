import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import type { SearchFilters, SearchOrder } from '../../src/core/ports.ts';
import { parseSearchQuery } from '../../src/core/search/search-query.ts';
import type { DialectCapabilities } from '../../src/storage/dialect.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { testDialects, type TestDatabase } from '../helpers/dialects.ts';
import { addArticle, draft, makeSections } from '../helpers/fixtures.ts';
import { requires } from '../helpers/requirements.ts';

const { dialects, missing } = await testDialects();
requires('search tiers contract on postgres', { postgres: missing });

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-20T03:00:00Z');

/**
 * PostgreSQL finds the newest matches by testing the newest articles in time order, then through
 * the GIN index in tiers of months going back (decision 010). With a probe of four articles, a
 * small edition spread over three years reaches every tier; whatever path a query takes, its
 * matches must be exactly the oracle's: every published match in the range, newest first.
 * SQLite has one path; it is held to the same oracle.
 */
/**
 * Each suite has its own database, so no test depends on another having run: one where PostgreSQL
 * has no statistics of the index (autovacuum off for it, so none appear mid-suite) and reads in time
 * order, one analyzed first, where it skips the probe for words its statistics call rare.
 */
for (const dialect of dialects) for (const statistics of [false, true]) {
  describe(`search over the years (${dialect.name}, ${statistics ? 'with' : 'without'} planner statistics)`, () => {
    let db: TestDatabase;
    let storage: KyselyStorage;
    let index: ReturnType<DialectCapabilities['searchIndex']>;
    const articles: { id: number; at: number; words: string[]; sectionId: number }[] = [];

    const search = (q: string, filters: SearchFilters = {}, order: SearchOrder = 'newest', phraseWindow?: number) =>
      index.search({ query: parseSearchQuery(q), filters, order, limit: 200, offset: 0, now: NOW, ...(phraseWindow ? { phraseWindow } : {}) });
    const oracle = (has: (words: string[]) => boolean, from = Number.NEGATIVE_INFINITY, to = Number.POSITIVE_INFINITY, sectionId?: number) =>
      articles
        .filter((a) => has(a.words) && a.at >= from && a.at < to && a.at <= NOW && (sectionId === undefined || a.sectionId === sectionId))
        .sort((x, y) => y.at - x.at || y.id - x.id)
        .map((a) => a.id);

    before(async () => {
      db = await dialect.create();
      storage = await openStorage(db.url);
      const s = await makeSections(storage);
      index = storage.connection.caps.searchIndex(storage.connection.db, false, storage.connection.searchDb, { probeRows: 4 });
      // 90 articles, one every 12 days back from NOW (three years): "walrus" in all, "narwhal" in every
      // ninth, "beluga" only in three old ones, "orca" in the newest five, "krill pod" (a phrase) in
      // some and "pod krill" (the words apart) in others; one more under embargo.
      for (let i = 0; i < 90; i++) {
        const words = ['walrus'];
        if (i % 9 === 4) words.push('narwhal');
        if (i === 70 || i === 77 || i === 85) words.push('beluga');
        if (i < 5) words.push('orca');
        const phrase = i % 7 === 0 ? 'a krill pod drifted' : i % 7 === 3 ? 'the pod ate krill' : 'calm water';
        const subsection = i % 2 === 0 ? s.local : s.football;
        const at = NOW - i * 12 * DAY - 3_600_000;
        const id = await addArticle(storage, draft(subsection, { headline: `Sighting ${i}`, bodyHtml: `<p>${words.join(' ')} seen; ${phrase}.</p>`, publishedAt: at }));
        articles.push({ id, at, words: [...words, ...(phrase === 'a krill pod drifted' ? ['krill pod'] : []), ...(phrase.includes('krill') ? ['krill', 'pod'] : [])], sectionId: i % 2 === 0 ? s.news.id : s.sport.id });
      }
      await addArticle(storage, draft(s.local, { headline: 'Embargoed walrus orca narwhal', publishedAt: NOW + DAY }));
      if (storage.connection.caps.fullText === 'tsvector') {
        await sql`alter table article_search set (autovacuum_enabled = ${sql.lit(statistics)})`.execute(storage.connection.db);
        if (statistics) await sql`analyze article_search`.execute(storage.connection.db);
      }
    });
    after(async () => {
      await storage.close();
      await db.cleanup();
    });

    const queries = [
      ['walrus', (w: string[]) => w.includes('walrus')],
      ['narwhal', (w: string[]) => w.includes('narwhal')],
      ['beluga', (w: string[]) => w.includes('beluga')],
      ['orca', (w: string[]) => w.includes('orca')],
      ['walrus narwhal', (w: string[]) => w.includes('narwhal')],
      ['narwhal OR beluga', (w: string[]) => w.includes('narwhal') || w.includes('beluga')],
      ['walrus -narwhal', (w: string[]) => !w.includes('narwhal')],
      ['"krill pod"', (w: string[]) => w.includes('krill pod')],
    ] as const;
    const matchesOracle = async () => {
      for (const [q, has] of queries) {
        const found = await search(q);
        const expected = oracle(has);
        assert.deepEqual(found.hits.map((h) => h.articleId), expected, q);
        assert.equal(found.total, expected.length, q);
      }
      const from = NOW - 400 * DAY;
      assert.deepEqual((await search('beluga narwhal', { from })).hits.map((h) => h.articleId), oracle((w) => w.includes('beluga') && w.includes('narwhal'), from));
    };

    test('every match, newest first, whether the probe, a tier or the last tier finds it', matchesOracle);

    test('date ranges and sections bound every tier', async () => {
      const from = NOW - 400 * DAY;
      const to = NOW - 100 * DAY;
      assert.deepEqual((await search('narwhal', { from, to })).hits.map((h) => h.articleId), oracle((w) => w.includes('narwhal'), from, to));
      assert.deepEqual((await search('walrus', { from: NOW - 1000 * DAY })).hits.map((h) => h.articleId), oracle((w) => w.includes('walrus'), NOW - 1000 * DAY));
      assert.deepEqual((await search('beluga', { to: NOW - 900 * DAY })).hits.map((h) => h.articleId), oracle((w) => w.includes('beluga'), Number.NEGATIVE_INFINITY, NOW - 900 * DAY));
      const sport = articles.find((a) => a.sectionId !== articles[0]?.sectionId)?.sectionId as number;
      assert.deepEqual((await search('narwhal', { sectionId: sport })).hits.map((h) => h.articleId), oracle((w) => w.includes('narwhal'), undefined, undefined, sport));
    });

    // Only where PostgreSQL reads in time order (no statistics).
    if (!statistics) test('the phrase window across time-ordered steps: a step that does not fill up hands its edge to the next', async () => {
      // Without statistics PostgreSQL reads in time order: the probe (4 articles) finds 2 holding
      // both words, the next step (12) 3 more, which is not the 6 needed, so a third step goes on
      // from the second's last article.
      const both = oracle((w) => w.includes('krill'));
      const windowed = await search('"krill pod"', {}, 'newest', 5);
      const checked = new Set(both.slice(0, 5));
      assert.deepEqual(windowed.hits.map((h) => h.articleId), oracle((w) => w.includes('krill pod')).filter((id) => checked.has(id)));
      assert.equal(windowed.checkedSince, articles.find((a) => a.id === both[4])?.at, 'a sixth article holding both words was found, so older ones are unchecked');
    });

    test('relevance ranks the same matches; the phrase window counts articles holding the words, across tiers', async () => {
      const ranked = await search('walrus narwhal', {}, 'relevance');
      assert.deepEqual(new Set(ranked.hits.map((h) => h.articleId)), new Set(oracle((w) => w.includes('narwhal'))));
      // Articles with both words: every seventh (the phrase) and every seventh from the fourth (apart).
      const both = oracle((w) => w.includes('krill'));
      const windowed = await search('"krill pod"', {}, 'newest', 5);
      const checked = new Set(both.slice(0, 5));
      assert.deepEqual(windowed.hits.map((h) => h.articleId), oracle((w) => w.includes('krill pod')).filter((id) => checked.has(id)));
      const edge = articles.find((a) => a.id === both[4])?.at;
      assert.equal(windowed.checkedSince, edge, 'checked back to the fifth newest article holding both words');
    });
  });
}

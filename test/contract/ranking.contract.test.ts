import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cacheKeys } from '../../src/core/content/cache-keys.ts';
import { hourBucket, RankingService } from '../../src/core/ranking/ranking-service.ts';
import { ViewRecorder } from '../../src/core/ranking/view-recorder.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { ManualClock } from '../helpers/clock.ts';
import { testDialects, type TestDatabase } from '../helpers/dialects.ts';
import { addArticle, draft, makeSections } from '../helpers/fixtures.ts';
import { reportMissingPostgres } from '../helpers/missing-postgres.ts';

const { dialects, missing } = await testDialects();
reportMissingPostgres('ranking contract', missing);

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-06T06:30:00Z');

for (const dialect of dialects) {
  describe(`rankings from stored counts (${dialect.name})`, () => {
    let db: TestDatabase;
    let storage: KyselyStorage;
    let ids: number[];
    let tagA: number;
    let tagB: number;
    let s: Awaited<ReturnType<typeof makeSections>>;
    const clock = new ManualClock(NOW);

    before(async () => {
      db = await dialect.create();
      storage = await openStorage(db.url);
      s = await makeSections(storage);
      tagA = (await storage.tags.ensure('a', 'A')).id;
      tagB = (await storage.tags.ensure('b', 'B')).id;
      ids = [];
      for (let i = 0; i < 6; i++) {
        ids.push(await addArticle(storage, draft(i < 3 ? s.local : s.football, {
          headline: `R${i}`, publishedAt: NOW - (10 - i) * HOUR, tagIds: i % 2 ? [tagA] : [tagA, tagB],
        })));
      }
      // Hidden article with views: never ranked.
      ids.push(await addArticle(storage, draft(s.local, { headline: 'Draft', status: 'draft', publishedAt: null })));
      const bucket = hourBucket(NOW);
      await storage.views.add([
        { articleId: ids[0] as number, bucketStart: bucket, views: 50 },
        { articleId: ids[1] as number, bucketStart: bucket - HOUR, views: 80 },
        { articleId: ids[2] as number, bucketStart: bucket - 23 * HOUR, views: 30 },
        // Outside the 24-hour window, inside the 7-day one.
        { articleId: ids[3] as number, bucketStart: bucket - 24 * HOUR, views: 500 },
        { articleId: ids[4] as number, bucketStart: bucket, views: 30 },
        { articleId: ids[6] as number, bucketStart: bucket, views: 999 },
      ]);
    });
    after(async () => {
      await storage.close();
      await db.cleanup();
    });

    test('site list: the 24-hour window sums hourly buckets, most views first, ties to the newer article', async () => {
      const ranking = new RankingService({ views: storage.views, articles: storage.articles, clock });
      await ranking.refresh();
      assert.deepEqual(ranking.top('site', 10).map((r) => [r.articleId, r.views]), [
        [ids[1], 80], [ids[0], 50], [ids[4], 30], [ids[2], 30],
      ]);
      assert.equal(ranking.top('site', 2).length, 2);
      assert.equal(ranking.top('site', 10, '7d')[0]?.articleId, ids[3]);
    });

    test('scoped lists are derived from the site order: sections, sub-sections and tags', async () => {
      const ranking = new RankingService({ views: storage.views, articles: storage.articles, clock });
      await ranking.refresh();
      const list = (scope: string) => ranking.top(scope, 10).map((r) => r.articleId);
      assert.deepEqual(list(`section:${s.news.id}`), [ids[1], ids[0], ids[2]]);
      assert.deepEqual(list(`section:${s.local.id}`), [ids[1], ids[0], ids[2]]);
      assert.deepEqual(list(`section:${s.sport.id}`), [ids[4]]);
      assert.deepEqual(list(`tag:${tagB}`), [ids[0], ids[4], ids[2]]);
      assert.deepEqual(list(`tag:${tagA}`), [ids[1], ids[0], ids[4], ids[2]]);
      assert.deepEqual(list('tag:99999'), []);
    });

    test('a refresh reports exactly the scopes whose shown items changed', async () => {
      const ranking = new RankingService({ views: storage.views, articles: storage.articles, clock });
      const first = await ranking.refresh();
      assert.ok(first.includes(cacheKeys.ranking('site')));
      assert.deepEqual(await ranking.refresh(), [], 'nothing changed, nothing to re-render');
      await storage.views.add([{ articleId: ids[5] as number, bucketStart: hourBucket(NOW), views: 1000 }]);
      const changed = await ranking.refresh();
      assert.ok(changed.includes(cacheKeys.ranking('site')));
      assert.ok(changed.includes(cacheKeys.ranking(`section:${s.football.id}`)));
      assert.ok(!changed.includes(cacheKeys.ranking(`section:${s.local.id}`)), 'local is unaffected');
      assert.equal(ranking.top('site', 1)[0]?.articleId, ids[5]);
      const removed = ranking.remove(ids[5] as number);
      assert.ok(removed.includes(cacheKeys.ranking('site')));
      assert.notEqual(ranking.top('site', 1)[0]?.articleId, ids[5]);
    });

    test('the window moves with the clock', async () => {
      const ranking = new RankingService({ views: storage.views, articles: storage.articles, clock });
      clock.set(NOW + 23 * HOUR);
      await ranking.refresh();
      assert.ok(!ranking.top('site', 10).some((r) => r.articleId === ids[2]), 'views 46 h old have left the 24-hour list');
      clock.set(NOW);
    });

    test('the recorder counts only published articles and survives a failed flush', async () => {
      const recorder = new ViewRecorder({ views: storage.views, articles: storage.articles, clock });
      await recorder.loadPublished();
      assert.equal(recorder.record(ids[6] as number), false, 'a draft is not counted');
      assert.equal(recorder.record(999_999), false);
      assert.equal(recorder.record(ids[0] as number), true);
      assert.equal(recorder.record(ids[0] as number), true);
      const before = (await storage.views.totalsSince(hourBucket(NOW))).get(ids[0] as number) ?? 0;
      const failing = new ViewRecorder({
        views: { add: async () => { throw new Error('database down'); }, totalsSince: storage.views.totalsSince.bind(storage.views) },
        articles: storage.articles,
        clock,
      });
      await failing.loadPublished();
      failing.record(ids[0] as number);
      await assert.rejects(failing.flush());
      assert.equal(failing.pendingCount, 1, 'counts are kept for the next flush');
      await recorder.flush();
      assert.equal(recorder.pendingCount, 0);
      assert.equal((await storage.views.totalsSince(hourBucket(NOW))).get(ids[0] as number), before + 2);
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cacheKeys } from '../../src/core/content/cache-keys.ts';
import { BeaconTokens } from '../../src/core/ranking/beacon-token.ts';
import { bucketStart } from '../../src/core/ranking/buckets.ts';
import { ReaderLimits } from '../../src/core/ranking/reader-limits.ts';
import { DEFAULT_RANKING_OPTIONS, RankingService } from '../../src/core/ranking/ranking-service.ts';
import { parseSnapshot, serializeSnapshot, type RankingWindow } from '../../src/core/ranking/ranking-snapshot.ts';
import { ViewAggregator } from '../../src/core/ranking/view-aggregator.ts';
import { DEFAULT_COLLECTOR_OPTIONS, ViewCollector } from '../../src/core/ranking/view-collector.ts';
import { MemorySaltStore } from '../../src/storage/memory/memory-salt-store.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { SqlViewSink } from '../../src/storage/sql-view-sink.ts';
import { ManualClock } from '../helpers/clock.ts';
import { testDialects, type TestDatabase } from '../helpers/dialects.ts';
import { addArticle, draft, makeSections } from '../helpers/fixtures.ts';
import { requires } from '../helpers/requirements.ts';

const { dialects, missing } = await testDialects();
requires('ranking contract on postgres', { postgres: missing });

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const NOW = Date.parse('2026-03-06T06:30:00Z');

for (const dialect of dialects) {
  describe(`rankings from bucketed counts (${dialect.name})`, () => {
    let db: TestDatabase;
    let storage: KyselyStorage;
    let ids: number[];
    let tagA: number;
    let tagB: number;
    let s: Awaited<ReturnType<typeof makeSections>>;
    const clock = new ManualClock(NOW);
    const engine = () => new RankingService({ source: storage.views, articles: storage.articles, controls: storage.rankingControls, clock });

    before(async () => {
      db = await dialect.create();
      storage = await openStorage(db.url);
      s = await makeSections(storage);
      tagA = (await storage.tags.ensure('a', 'A')).id;
      tagB = (await storage.tags.ensure('b', 'B')).id;
      ids = [];
      for (let i = 0; i < 6; i++) {
        ids.push(await addArticle(storage, draft(i < 3 ? s.local : s.football, { headline: `R${i}`, publishedAt: NOW - (10 - i) * HOUR, tagIds: i % 2 ? [tagA] : [tagA, tagB] })));
      }
      ids.push(await addArticle(storage, draft(s.local, { headline: 'Draft', status: 'draft', publishedAt: null })));
      const hour = bucketStart(NOW, '1h');
      await storage.views.addCounts('1h', [
        { articleId: ids[0]!, bucketStart: hour, views: 50 },
        { articleId: ids[1]!, bucketStart: hour - HOUR, views: 80 },
        { articleId: ids[2]!, bucketStart: hour - 23 * HOUR, views: 30 },
        // Outside the 24-hour window, inside the 7-day one.
        { articleId: ids[3]!, bucketStart: hour - 24 * HOUR, views: 500 },
        { articleId: ids[4]!, bucketStart: hour, views: 30 },
        { articleId: ids[6]!, bucketStart: hour, views: 999 },
      ]);
      const five = bucketStart(NOW, '5m');
      await storage.views.addCounts('5m', [
        // Recent: in the hour list and trending strongly.
        { articleId: ids[4]!, bucketStart: five, views: 30 },
        // Five hours ago: trending weight 1/32, outside the hour list.
        { articleId: ids[0]!, bucketStart: five - 5 * HOUR, views: 400 },
        { articleId: ids[1]!, bucketStart: five - 20 * MINUTE, views: 10 },
      ]);
    });
    after(async () => {
      await storage.close();
      await db.cleanup();
    });

    test('refreshes run one at a time; calls made during one share the next, and the last snapshot is the newest', async () => {
      let reads = 0;
      let gate: Promise<void> | undefined;
      const counting = {
        read: async (...args: Parameters<typeof storage.views.read>) => {
          reads++;
          await gate;
          return storage.views.read(...args);
        },
        subnetShares: (...args: Parameters<typeof storage.views.subnetShares>) => storage.views.subnetShares(...args),
        series: (...args: Parameters<typeof storage.views.series>) => storage.views.series(...args),
      };
      const ranking = new RankingService({ source: counting, articles: storage.articles, controls: storage.rankingControls, clock });
      await ranking.refresh();
      reads = 0;
      await ranking.refresh(); // warm: closed buckets are kept, so a refresh reads less than the first
      const perRefresh = reads;
      assert.ok(perRefresh > 0);
      reads = 0;
      let open = () => {};
      gate = new Promise((resolve) => (open = resolve));
      const first = ranking.refresh();
      while (reads === 0) await new Promise((resolve) => setImmediate(resolve));
      // The first refresh is under way (held at its first read): these wait for it, and share one run.
      const waiting = [ranking.refresh(), ranking.refresh(), ranking.refresh()];
      assert.equal(waiting[0], waiting[2], 'calls during a refresh share the one after it');
      assert.notEqual(waiting[0], first);
      gate = undefined;
      open();
      await Promise.all([first, ...waiting]);
      assert.equal(reads, 2 * perRefresh, 'two refreshes ran, not four');
      const computed = ranking.snapshot.computedAt;
      clock.advance(MINUTE);
      await ranking.refresh();
      assert.ok(ranking.snapshot.computedAt > computed);
      clock.set(NOW);
    });

    test('each window sums its buckets: most views first, ties to the newer article, hidden articles never listed', async () => {
      const ranking = engine();
      await ranking.refresh();
      const list = (w: RankingWindow) => ranking.top('site', 10, w).map((r) => [r.articleId, r.views]);
      assert.deepEqual(list('24h'), [[ids[1], 80], [ids[0], 50], [ids[4], 30], [ids[2], 30]]);
      assert.equal(ranking.top('site', 1, '7d')[0]?.articleId, ids[3]);
      assert.deepEqual(list('1h'), [[ids[4], 30], [ids[1], 10]]);
      const trending = ranking.top('site', 10, 'trending');
      assert.equal(trending[0]?.articleId, ids[4], 'recent views trend');
      const old = trending.find((r) => r.articleId === ids[0])!;
      assert.ok(old.views > 400 / 40 && old.views < 400 / 25, `400 views five hours ago weigh about 1/32 (got ${old.views})`);
      assert.ok(!ranking.top('site', 50, '24h').some((r) => r.articleId === ids[6]), 'drafts are never ranked');
    });

    test('scoped lists are derived from the site order: sections, sub-sections and tags', async () => {
      const ranking = engine();
      await ranking.refresh();
      const list = (scope: string) => ranking.top(scope, 10).map((r) => r.articleId);
      assert.deepEqual(list(`section:${s.news.id}`), [ids[1], ids[0], ids[2]]);
      assert.deepEqual(list(`section:${s.local.id}`), [ids[1], ids[0], ids[2]]);
      assert.deepEqual(list(`section:${s.sport.id}`), [ids[4]]);
      assert.deepEqual(list(`tag:${tagB}`), [ids[0], ids[4], ids[2]]);
      assert.deepEqual(list(`tag:${tagA}`), [ids[1], ids[0], ids[4], ids[2]]);
      assert.deepEqual(list('tag:99999'), []);
    });

    test('a refresh reports exactly the scopes whose shown items changed, and when each list changed', async () => {
      const ranking = engine();
      const first = await ranking.refresh();
      assert.ok(first.includes(cacheKeys.ranking('site')));
      assert.equal(ranking.changedAt('site'), NOW);
      clock.advance(MINUTE);
      assert.deepEqual(await ranking.refresh(), [], 'nothing changed, nothing to re-render');
      assert.equal(ranking.changedAt('site'), NOW, 'the list still says when it last changed');
      await storage.views.addCounts('1h', [{ articleId: ids[5]!, bucketStart: bucketStart(NOW, '1h'), views: 1000 }]);
      const changed = await ranking.refresh();
      assert.ok(changed.includes(cacheKeys.ranking('site')));
      assert.ok(changed.includes(cacheKeys.ranking(`section:${s.football.id}`)));
      assert.ok(!changed.includes(cacheKeys.ranking(`section:${s.local.id}`)), 'local is unaffected');
      assert.equal(ranking.changedAt('site'), NOW + MINUTE);
      assert.equal(ranking.top('site', 1)[0]?.articleId, ids[5]);
      const copy = parseSnapshot(serializeSnapshot(ranking.snapshot));
      assert.deepEqual(copy, ranking.snapshot, 'snapshots survive the trip through Redis');
      clock.set(NOW);
    });

    test('staff exclusions and automatic holds keep an article out of every list', async () => {
      const ranking = engine();
      await storage.rankingControls.setExcluded(ids[1]!, true, null, NOW);
      await ranking.refresh();
      assert.ok(!ranking.top('site', 50).some((r) => r.articleId === ids[1]));
      assert.ok(!ranking.top(`tag:${tagA}`, 50).some((r) => r.articleId === ids[1]));
      await storage.rankingControls.setExcluded(ids[1]!, false, null, NOW);

      // 120 more views of R2 (150 in 24 hours), 100 of them from one network: over 30%, so it is held.
      // Stores see only subnets with repeats; the share is of the article's counted views.
      const hour = bucketStart(NOW, '1h');
      await storage.views.applyBatch({ id: 'flood', counts: [{ articleId: ids[2]!, bucketStart: bucketStart(NOW, '5m'), views: 120 }], subnets: [
        { hour, articleId: ids[2]!, subnet: 'one-net', views: 100 },
        ...Array.from({ length: 20 }, (_, i) => ({ hour, articleId: ids[2]!, subnet: `net-${i}`, views: 1 })),
      ] });
      const changed = await ranking.refresh();
      assert.ok(ranking.snapshot.held.has(ids[2]!));
      assert.ok(!ranking.top('site', 50).some((r) => r.articleId === ids[2]), 'held out of the site list');
      assert.ok(changed.includes(cacheKeys.ranking('site')));
      const hold = (await storage.rankingControls.holds()).get(ids[2]!)!;
      assert.equal(hold.status, 'held');
      assert.equal(hold.sharePermille, 667, '100 of its 150 views in 24 hours');
      await storage.rankingControls.release(ids[2]!, null, NOW);
      await ranking.refresh();
      assert.ok(ranking.top('site', 50).some((r) => r.articleId === ids[2]), 'released after review');
    });

    test('the window moves with the clock; closed buckets are read once', async () => {
      const ranking = engine();
      await ranking.refresh();
      clock.set(NOW + 23 * HOUR);
      await ranking.refresh();
      const day = (id: number) => ranking.top('site', 50, '24h').find((r) => r.articleId === id)?.views;
      const week = (id: number) => ranking.top('site', 50, '7d').find((r) => r.articleId === id)?.views;
      assert.equal(day(ids[2]!), 120, 'the 30 views from 46 hours ago have left the 24-hour window; the recent 120 remain');
      assert.equal(week(ids[2]!), 150);
      assert.equal(day(ids[1]!), undefined, 'views 24 hours old are gone from the day list');
      clock.set(NOW);
    });

    test('articles’ sections and tags are read once, and again when the article changes', async () => {
      const ranking = engine();
      await ranking.refresh();
      const listed = () => ranking.top('site', 50).some((r) => r.articleId === ids[6]);
      assert.ok(!listed(), 'a draft with views is never listed');
      const setStatus = (status: string, publishedAt: number | null) =>
        storage.connection.db.updateTable('articles').set({ status, published_at: publishedAt }).where('id', '=', ids[6]!).execute();
      await setStatus('published', NOW - HOUR);
      await ranking.refresh();
      assert.ok(!listed(), 'what was read is kept until the article is said to have changed');
      ranking.forget([ids[6]!]);
      await ranking.refresh();
      assert.equal(ranking.top('site', 50).find((r) => r.articleId === ids[6])?.views, 999, 'published: listed with its views');
      await setStatus('draft', null);
      ranking.forget([ids[6]!]);
      await ranking.refresh();
      assert.ok(!listed(), 'back to draft: gone');
    });
  });

  describe(`counting views end to end, against an exact oracle (${dialect.name})`, () => {
    let db: TestDatabase;
    let storage: KyselyStorage;
    before(async () => {
      db = await dialect.create();
      storage = await openStorage(db.url);
    });
    after(async () => {
      await storage.close();
      await db.cleanup();
    });

    test('a replayed event log: every window’s top 10 matches the oracle; counts are within 1.5%', async () => {
      const s = await makeSections(storage);
      const N = 120;
      const ids: number[] = [];
      for (let i = 0; i < N; i++) ids.push(await addArticle(storage, draft(i % 2 ? s.local : s.football, { headline: `A${i}`, publishedAt: NOW - 2 * 24 * HOUR })));
      const start = NOW - 26 * HOUR;
      const clock = new ManualClock(start);
      const tokens = new BeaconTokens('oracle secret');
      const aggregator = new ViewAggregator(new SqlViewSink(storage.views));
      const collector = new ViewCollector(
        { tokens, salts: new MemorySaltStore(), limits: new ReaderLimits({ perReaderPerMinute: 1000, burst: 1000, perPrefixPerHour: 1_000_000, maxReaders: 1_000_000 }), aggregator, clock, secret: 'oracle secret' },
        DEFAULT_COLLECTOR_OPTIONS,
      );
      collector.setPublished(new Set(ids));
      await collector.prepare();

      // Zipf(1.1) over the articles, 2% bots, 5% reloads within a few minutes, across 26 hours.
      let seed = 42;
      const rand = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
      const weights = ids.map((_, i) => 1 / Math.pow(i + 1, 1.1));
      const total = weights.reduce((a, b) => a + b, 0);
      const pick = () => {
        let r = rand() * total;
        for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) <= 0) return i;
        return weights.length - 1;
      };
      const oracle = new Map<string, number>(); // `${bucket5}:${id}` -> exact counted views
      const lastSeen = new Map<string, number>();
      const events = 30_000;
      let prev: { article: number; bot: boolean; reader: number } | undefined;
      for (let e = 0; e < events; e++) {
        clock.set(start + Math.floor((e / events) * 26 * HOUR));
        if (new Date(clock.now()).getUTCDate() !== new Date(clock.now() - 1000).getUTCDate()) await collector.prepare();
        // 5% are reloads: the previous reader and article again, moments later.
        const reload = prev !== undefined && rand() < 0.05;
        const article = reload ? prev!.article : ids[pick()]!;
        const bot = reload ? prev!.bot : rand() < 0.02;
        const reader = reload ? prev!.reader : Math.floor(rand() * 20_000);
        prev = { article, bot, reader };
        const ip = `10.${(reader >> 8) & 255}.${reader & 255}.${reader % 7}`;
        const ua = bot ? 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' : `Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0.${reader}`;
        const key = `${ip}|${ua}|${article}`;
        const outcome = collector.collect({ method: 'POST', articleId: article, token: tokens.mint(article, clock.now()), ip, userAgent: ua, purpose: undefined, staff: false });
        // The oracle: exact 30-minute dedupe per (reader, article), bots never.
        const seen = lastSeen.get(key);
        const counts = !bot && (seen === undefined || clock.now() - seen >= 30 * MINUTE);
        if (!bot && counts) lastSeen.set(key, clock.now());
        if (counts) {
          const b = `${bucketStart(clock.now(), '5m')}:${article}`;
          oracle.set(b, (oracle.get(b) ?? 0) + 1);
        }
        assert.ok(outcome === 'counted' || outcome === 'duplicate' || outcome === 'bot', outcome);
        if (e % 2000 === 0) await aggregator.flush();
      }
      await aggregator.flush();
      clock.set(NOW);
      const ranking = new RankingService({ source: storage.views, articles: storage.articles, controls: storage.rankingControls, clock }, { ...DEFAULT_RANKING_OPTIONS, holdMinViews: 1_000_000 });
      await ranking.refresh();

      const exact = (from: number, granularity: '5m' | '1h') => {
        const t = new Map<number, number>();
        for (const [k, v] of oracle) {
          const [b, id] = k.split(':').map(Number) as [number, number];
          if (bucketStart(b, granularity) >= from) t.set(id, (t.get(id) ?? 0) + v);
        }
        return [...t].sort((a, b) => b[1] - a[1] || b[0] - a[0]);
      };
      const windows: [RankingWindow, number, '5m' | '1h'][] = [
        ['24h', bucketStart(NOW, '1h') - 23 * HOUR, '1h'],
        ['7d', bucketStart(NOW, '1h') - 167 * HOUR, '1h'],
      ];
      for (const [window, from, g] of windows) {
        const want = exact(from, g);
        const got = ranking.top('site', 10, window);
        assert.deepEqual(new Set(got.map((r) => r.articleId)), new Set(want.slice(0, 10).map(([id]) => id)), `${window} top-10 set`);
        const wantTotal = want.reduce((a, [, v]) => a + v, 0);
        const gotTotal = [...(ranking.snapshot.lists.get(window)?.get('site') ?? [])].reduce((a, r) => a + r.views, 0);
        const topWant = want.slice(0, 50).reduce((a, [, v]) => a + v, 0);
        assert.ok(Math.abs(gotTotal - topWant) / topWant <= 0.015, `${window}: counted ${gotTotal} vs exact ${topWant} (of ${wantTotal})`);
      }
      assert.equal(aggregator.lost, 0);
    });
  });
}

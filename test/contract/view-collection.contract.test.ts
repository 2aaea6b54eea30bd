import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BeaconTokens } from '../../src/core/ranking/beacon-token.ts';
import type { ViewBatch } from '../../src/core/ranking/buckets.ts';
import { networkOf } from '../../src/core/ranking/reader-identity.ts';
import { ReaderLimits } from '../../src/core/ranking/reader-limits.ts';
import { ViewAggregator } from '../../src/core/ranking/view-aggregator.ts';
import { subnetText, type SubnetId } from '../../src/core/ranking/subnet-tally.ts';
import { DEFAULT_COLLECTOR_OPTIONS, ViewCollector, type Beacon } from '../../src/core/ranking/view-collector.ts';
import { MemorySaltStore } from '../../src/storage/memory/memory-salt-store.ts';
import { openStorage, type KyselyStorage } from '../../src/storage/open-storage.ts';
import { SqlViewSink } from '../../src/storage/sql-view-sink.ts';
import { ManualClock } from '../helpers/clock.ts';
import { testDialects, type TestDatabase } from '../helpers/dialects.ts';
import { requires } from '../helpers/requirements.ts';
import { until } from '../helpers/wait.ts';

const { dialects, missing } = await testDialects();
requires('view collection on postgres', { postgres: missing });

const MINUTE = 60_000;
const NOW = Date.parse('2026-03-06T06:00:00Z');
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

test('tokens: minted for an article and an hour; forged, swapped or older than three hours fail', () => {
  const tokens = new BeaconTokens('secret one');
  const t = tokens.mint(7, NOW);
  assert.match(t, /^[\w-]{22}$/);
  assert.ok(tokens.verify(7, t, NOW));
  assert.ok(tokens.verify(7, t, NOW + 2 * 60 * MINUTE), 'a page cached for two hours still counts');
  assert.ok(!tokens.verify(7, t, NOW + 3 * 60 * MINUTE), 'expired');
  assert.ok(!tokens.verify(8, t, NOW), 'a token is for one article');
  assert.ok(!new BeaconTokens('secret two').verify(7, t, NOW), 'another site’s key');
  for (const bad of ['', 'x'.repeat(22), `${t.slice(0, 21)}${t.endsWith('B') ? 'C' : 'B'}`, t + t, '../../etc/passwd', "' OR 1=1 --"]) assert.ok(!tokens.verify(7, bad, NOW), bad);
  assert.equal(BeaconTokens.pageLifetime(NOW + 25 * MINUTE), 35 * MINUTE);
});

test('reader identity keeps prefixes, never whole IPv6 addresses', () => {
  assert.deepEqual(networkOf('203.0.113.9'), { prefix: '203.0.113.9', subnet: '203.0.113.0/24' });
  assert.deepEqual(networkOf('::ffff:203.0.113.9'), { prefix: '203.0.113.9', subnet: '203.0.113.0/24' });
  assert.deepEqual(networkOf('2001:db8:1:2:3:4:5:6'), { prefix: '2001:0db8:0001:0002', subnet: '2001:0db8:0001::/48' });
  assert.deepEqual(networkOf('2001:db8::1'), { prefix: '2001:0db8:0000:0000', subnet: '2001:0db8:0000::/48' });
  assert.deepEqual(networkOf('not an address'), { prefix: 'unknown', subnet: 'unknown' });
});

test('accepted beacons are classified in batches: after batchMs, at batchSize, or before a flush, as of when each arrived', async () => {
  const clock = new ManualClock(NOW);
  const tokens = new BeaconTokens('batch secret');
  const batches: ViewBatch[] = [];
  const aggregator = new ViewAggregator({ write: async (b) => void batches.push(b) });
  const options = { ...DEFAULT_COLLECTOR_OPTIONS, batchMs: 20, batchSize: 5 };
  const collector = new ViewCollector({ tokens, salts: new MemorySaltStore(), limits: new ReaderLimits(), aggregator, clock, secret: 's' }, options);
  collector.setPublished(new Set([1, 2]));
  await collector.prepare();
  const beacon = (reader: number, articleId = 1): Beacon => ({ method: 'POST', articleId, token: tokens.mint(articleId, clock.now()), ip: `198.51.100.${reader}`, userAgent: CHROME, purpose: undefined, staff: false });
  const counted = () => collector.outcomes.get('counted') ?? 0;

  collector.accept(beacon(1));
  assert.equal(counted(), 0, 'not classified while the answer is written');
  assert.equal(collector.waiting, 1);
  const waitedFrom = performance.now();
  await until(() => collector.waiting === 0, 'the batch timer', 2_000);
  assert.equal(counted(), 1, 'classified by the batch timer');
  assert.ok(performance.now() - waitedFrom >= options.batchMs - 2, 'not before batchMs');

  for (let r = 2; r <= 5; r++) collector.accept(beacon(r));
  assert.equal(counted(), 1);
  collector.accept(beacon(6));
  assert.equal(counted(), 6, 'a full batch is classified at once');
  assert.equal(collector.waiting, 0);

  // A beacon is judged as of its arrival: its token was good then, though the clock moves on
  // (three hours later the token would be refused) before the batch runs.
  collector.accept(beacon(7, 2));
  collector.accept(beacon(7, 2));
  clock.advance(4 * 60 * MINUTE);
  await collector.settleClaims(); // as every flush does first
  assert.equal(collector.waiting, 0);
  assert.equal(counted(), 7);
  assert.equal(collector.outcomes.get('duplicate'), 1, 'the second is the same reader again');
  await aggregator.flush();
  const views = batches.flatMap((b) => b.counts);
  assert.equal(views.reduce((n, c) => n + c.views, 0), 7, 'all seven reach the store');
  assert.ok(views.every((c) => c.bucketStart <= NOW), 'in the five minutes they arrived in, not when they were classified');
});

test('a flush asked for while another is writing also writes what was counted since (a shutdown’s last flush)', async () => {
  const written: ViewBatch[] = [];
  let release = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  let calls = 0;
  const aggregator = new ViewAggregator({
    write: async (batch) => {
      if (++calls === 1) await gate;
      written.push(batch);
    },
  });
  aggregator.record(1, NOW, { hi: 1, lo: 1 });
  const first = aggregator.flush(); // the timer's flush, still writing ...
  aggregator.record(2, NOW, { hi: 2, lo: 2 }); // ... when this view is counted
  const second = aggregator.flush(); // the shutdown's
  const third = aggregator.flush();
  release();
  await Promise.all([first, second, third]);
  assert.deepEqual(written.flatMap((b) => b.counts.map((c) => c.articleId)).sort(), [1, 2]);
  assert.equal(written.length, 2, 'one more flush, shared by the calls made meanwhile');
  assert.equal(aggregator.unflushed, 0);
});

test('subnet detail: only repeats reach the store, as deltas, bounded in memory, carried over the hour', async () => {
  const written: ViewBatch[] = [];
  const aggregator = new ViewAggregator({ write: async (b) => void written.push(b) }, { maxCounters: 50_000, maxSubnetCounters: 1_000, maxPendingBatches: 10 });
  const hour = NOW - (NOW % (60 * MINUTE));
  // Subnets by name; the store sees each as its id's text.
  const ids = new Map<string, SubnetId>();
  const net = (name: string): SubnetId => {
    if (!ids.has(name)) ids.set(name, { hi: ids.size + 1, lo: 0x9e3779b9 });
    return ids.get(name) as SubnetId;
  };
  const named = (text: string) => [...ids].find(([, id]) => subnetText(id) === text)?.[0];
  for (let i = 0; i < 500; i++) aggregator.record(1, NOW, net(`net${i}`)); // 500 readers on 500 networks
  for (let i = 0; i < 3; i++) aggregator.record(1, NOW, net('busy'));
  await aggregator.flush();
  assert.deepEqual(written[0]!.subnets, [{ hour, articleId: 1, subnet: subnetText(net('busy')), views: 3 }], 'singletons stay in memory');
  assert.equal(written[0]!.counts[0]!.views, 503, 'every view is counted');

  aggregator.record(1, NOW + MINUTE, net('busy'));
  aggregator.record(1, NOW + MINUTE, net('net7'));
  await aggregator.flush();
  assert.deepEqual(new Set(written[1]!.subnets.map((s) => `${named(s.subnet)}=${s.views}`)), new Set(['busy=1', 'net7=2']), 'deltas since the last write');

  // A flood of new networks makes the tally forget its older half instead of growing without bound,
  // and what a forgotten pair still owed the store is not lost.
  for (let i = 0; i < 2; i++) aggregator.record(2, NOW + 2 * MINUTE, net('early'));
  for (let i = 0; i < 5_000; i++) aggregator.record(2, NOW + 2 * MINUTE, net(`flood${i}`));
  assert.ok(aggregator.subnetCounters <= 1_000, `${aggregator.subnetCounters} pairs tracked`);
  for (let i = 0; i < 5; i++) aggregator.record(2, NOW + 2 * MINUTE, net('attacker'));
  // The next hour starts afresh; what the last hour still owed goes out with the next batch.
  aggregator.record(2, NOW + 61 * MINUTE, net('attacker'));
  await aggregator.flush();
  const owed = (name: string) => written[2]!.subnets.filter((s) => named(s.subnet) === name).map((s) => [s.hour, s.articleId, s.views]);
  assert.deepEqual(owed('attacker'), [[hour, 2, 5]]);
  assert.deepEqual(owed('early'), [[hour, 2, 2]], 'a forgotten pair’s views still reach the store');
  assert.equal(written[2]!.subnets.length, 2, 'singletons never do');
  aggregator.record(2, NOW + 62 * MINUTE, net('attacker'));
  await aggregator.flush();
  assert.deepEqual(written[3]!.subnets, [{ hour: hour + 60 * MINUTE, articleId: 2, subnet: subnetText(net('attacker')), views: 2 }]);
});

for (const dialect of dialects) {
  describe(`the collect pipeline (${dialect.name})`, () => {
    let db: TestDatabase;
    let storage: KyselyStorage;
    const clock = new ManualClock(NOW);
    const tokens = new BeaconTokens('collect secret');
    let aggregator: ViewAggregator;
    let collector: ViewCollector;

    function beacon(over: Partial<Beacon> = {}): Beacon {
      const articleId = over.articleId ?? 1;
      return { method: 'POST', articleId, token: tokens.mint(articleId, clock.now()), ip: '198.51.100.20', userAgent: CHROME, purpose: undefined, staff: false, ...over };
    }

    async function stored(articleId: number): Promise<number> {
      await aggregator.flush();
      let n = 0;
      for (const counts of (await storage.views.read('5m', 0, Number.MAX_SAFE_INTEGER)).values()) n += counts.get(articleId) ?? 0;
      return n;
    }

    before(async () => {
      db = await dialect.create();
      storage = await openStorage(db.url);
      aggregator = new ViewAggregator(new SqlViewSink(storage.views));
      collector = new ViewCollector({ tokens, salts: new MemorySaltStore(), limits: new ReaderLimits({ perReaderPerMinute: 60, burst: 20, perPrefixPerHour: 3000, maxReaders: 100_000 }), aggregator, clock, secret: 'collect secret' }, DEFAULT_COLLECTOR_OPTIONS);
      collector.setPublished(new Set([1, 2, 3, 4, 5]));
      await collector.prepare();
    });
    after(async () => {
      await storage.close();
      await db.cleanup();
    });

    test('a real view counts; bots, prefetches, empty agents, staff, HEAD and bad tokens do not', async () => {
      assert.equal(collector.collect(beacon()), 'counted');
      assert.equal(collector.collect(beacon({ articleId: 2, userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' })), 'bot');
      assert.equal(collector.collect(beacon({ articleId: 2, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36' })), 'bot');
      assert.equal(collector.collect(beacon({ articleId: 2, userAgent: 'curl/8.5.0' })), 'bot');
      assert.equal(collector.collect(beacon({ articleId: 2, userAgent: '' })), 'bot');
      assert.equal(collector.collect(beacon({ articleId: 2, purpose: 'prefetch;prerender' })), 'prefetch');
      assert.equal(collector.collect(beacon({ articleId: 2, staff: true })), 'staff');
      assert.equal(collector.collect(beacon({ articleId: 2, method: 'HEAD' })), 'method');
      assert.equal(collector.collect(beacon({ articleId: 2, token: tokens.mint(3, NOW) })), 'token', 'a token for another article');
      assert.equal(collector.collect(beacon({ articleId: 2, token: new BeaconTokens('forger').mint(2, NOW) })), 'token', 'a forged token');
      assert.equal(collector.collect(beacon({ articleId: 99, token: tokens.mint(99, NOW) })), 'unpublished', 'a valid token for an article no longer published');
      assert.equal(await stored(1), 1);
      assert.equal(await stored(2), 0);
    });

    test('expired tokens (a page saved more than three hours ago) are not counted', async () => {
      const old = tokens.mint(3, clock.now());
      clock.advance(3 * 60 * MINUTE + MINUTE);
      assert.equal(collector.collect(beacon({ articleId: 3, token: old })), 'token');
      assert.equal(await stored(3), 0);
    });

    test('the same reader on the same article counts once per 30 minutes; reload spam counts once', async () => {
      const start = clock.now();
      const reader = { ip: '203.0.113.50', userAgent: `${CHROME} reader-50` };
      assert.equal(collector.collect(beacon({ articleId: 4, ...reader })), 'counted');
      for (let i = 0; i < 50; i++) {
        clock.advance(30_000);
        collector.collect(beacon({ articleId: 4, ...reader }));
      }
      assert.ok(clock.now() - start < 30 * MINUTE);
      assert.equal(await stored(4), 1, '50 reloads within 25 minutes: one view');
      assert.equal(collector.collect(beacon({ articleId: 4, ip: '203.0.113.51', userAgent: reader.userAgent })), 'counted', 'another reader counts');
      assert.equal(collector.collect(beacon({ articleId: 5, ...reader })), 'counted', 'another article counts');
      clock.set(start + 61 * MINUTE);
      assert.equal(collector.collect(beacon({ articleId: 4, ...reader })), 'counted', 'an hour later it is a new view');
      assert.equal(await stored(4), 3);
    });

    test('a reader is limited to 20 views in a burst and 60 a minute; an address prefix to 3000 an hour', async () => {
      const limits = new ReaderLimits({ perReaderPerMinute: 60, burst: 20, perPrefixPerHour: 3000, maxReaders: 1000 });
      const HAMMER = { hi: 0xdeadbeef, lo: 42 };
      let allowed = 0;
      for (let i = 0; i < 100; i++) if (limits.allow(HAMMER, 'p', NOW)) allowed++;
      assert.equal(allowed, 20, 'a burst of 20');
      assert.equal(limits.allow(HAMMER, 'p', NOW + 1000), true, 'refills at one a second');
      assert.equal(limits.allow(HAMMER, 'p', NOW + 1000), false);
      const prefix = new ReaderLimits({ perReaderPerMinute: 60, burst: 20, perPrefixPerHour: 3000, maxReaders: 100_000 });
      let fromPrefix = 0;
      for (let i = 0; i < 5000; i++) if (prefix.allow({ hi: i, lo: 7 }, '192.0.2.1', NOW)) fromPrefix++;
      assert.equal(fromPrefix, 3000, 'carrier NAT stays generous, but bounded');
      // Through the collector: a reader reading many articles fast is cut off after the burst.
      const reader = { ip: '192.0.2.77', userAgent: `${CHROME} hammer` };
      const many = new ViewCollector({ tokens, salts: new MemorySaltStore(), limits: new ReaderLimits({ perReaderPerMinute: 60, burst: 3, perPrefixPerHour: 3000, maxReaders: 1000 }), aggregator, clock, secret: 's' });
      many.setPublished(new Set([1, 2, 3, 4, 5]));
      await many.prepare();
      const outcomes = [1, 2, 3, 4, 5].map((id) => many.collect(beacon({ articleId: id, ...reader })));
      assert.deepEqual(outcomes, ['counted', 'counted', 'counted', 'limited', 'limited']);
    });

    test('a flush that fails keeps its counts, and its retry is applied once even if the first attempt landed', async () => {
      let calls = 0;
      let landed: ViewBatch | undefined;
      const flaky = new ViewAggregator({
        write: async (batch) => {
          calls++;
          if (calls === 1) throw new Error('database unreachable');
          // The second attempt lands but the answer is lost; the third is a retry of the same batch.
          await storage.views.applyBatch(batch);
          landed = batch;
          if (calls === 2) throw new Error('timeout after commit');
        },
      });
      flaky.record(9, clock.now(), { hi: 1, lo: 2 });
      flaky.record(9, clock.now(), { hi: 1, lo: 2 });
      await assert.rejects(flaky.flush());
      assert.equal(flaky.unflushed, 2);
      await assert.rejects(flaky.flush());
      await flaky.flush();
      assert.equal(flaky.unflushed, 0);
      assert.equal(await storage.views.applyBatch(landed!), false, 'the store refuses the same batch again');
      const five = await storage.views.read('5m', 0, Number.MAX_SAFE_INTEGER);
      let n = 0;
      for (const counts of five.values()) n += counts.get(9) ?? 0;
      assert.equal(n, 2, 'two views, counted once');
    });
  });
}

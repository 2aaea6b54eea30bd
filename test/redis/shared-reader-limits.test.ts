import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Beacon } from '../../src/core/ranking/view-collector.ts';
import { BeaconTokens } from '../../src/core/ranking/beacon-token.ts';
import { ReaderLimits } from '../../src/core/ranking/reader-limits.ts';
import { ViewAggregator } from '../../src/core/ranking/view-aggregator.ts';
import { DEFAULT_COLLECTOR_OPTIONS, ViewCollector } from '../../src/core/ranking/view-collector.ts';
import type { ViewBatch } from '../../src/core/ranking/buckets.ts';
import { connectRedis, type RedisConnection } from '../../src/storage/redis/redis-connection.ts';
import { RedisDedupe, RedisSaltStore } from '../../src/storage/redis/redis-coordination.ts';
import { ManualClock } from '../helpers/clock.ts';
import { REDIS_URL, redisStatus } from '../helpers/dialects.ts';
import { requires } from '../helpers/requirements.ts';

const status = await redisStatus();
const skipped = requires('reader limits shared across processes through Redis', { redis: status.ok ? undefined : status.reason });

const NOW = Date.parse('2026-03-06T06:00:30Z');
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';

describe('reader limits shared across processes through Redis', { skip: skipped }, () => {
  const prefix = `bs:lim${process.pid}${Math.random().toString(36).slice(2, 8)}:`;
  const tokens = new BeaconTokens('shared secret');
  const clock = new ManualClock(NOW);
  let redis: RedisConnection;
  const written: ViewBatch[] = [];
  /** Two collectors over one Redis: two processes of one site. */
  const processes: { collector: ViewCollector; aggregator: ViewAggregator }[] = [];

  before(async () => {
    redis = connectRedis(REDIS_URL, prefix);
    // Commands fail fast until the connection is up (no offline queue, by design): wait for it.
    if (redis.client.status !== 'ready') await new Promise((resolve) => redis.client.once('ready', resolve));
    for (let i = 0; i < 2; i++) {
      const aggregator = new ViewAggregator({ write: async (b) => void written.push(b) });
      const collector = new ViewCollector(
        {
          tokens,
          salts: new RedisSaltStore(redis),
          // Each process alone would allow 20 in a burst; together they must allow 10 a minute.
          limits: new ReaderLimits({ perReaderPerMinute: 60, burst: 20, perPrefixPerHour: 3000, maxReaders: 1000 }),
          aggregator,
          clock,
          secret: 'shared secret',
          remoteDedupe: new RedisDedupe(redis, 10),
        },
        DEFAULT_COLLECTOR_OPTIONS,
      );
      collector.setPublished(new Set(Array.from({ length: 40 }, (_, k) => k + 1)));
      await collector.prepare();
      processes.push({ collector, aggregator });
    }
  });
  after(async () => {
    try {
      const keys = await redis.client.keys(`${prefix}*`);
      if (keys.length > 0) await redis.client.del(...keys);
    } finally {
      await redis.close();
    }
  });

  const beacon = (articleId: number, ip: string): Beacon => ({
    method: 'POST', articleId, token: tokens.mint(articleId, clock.now()), ip, userAgent: CHROME, purpose: undefined, staff: false,
  });

  async function counted(): Promise<number> {
    for (const p of processes) {
      await p.collector.settleClaims();
      await p.aggregator.flush();
    }
    return written.splice(0).reduce((n, b) => n + b.counts.reduce((m, c) => m + c.views, 0), 0);
  }

  test('one reader spread over two processes gets one minute’s limit, not two', async () => {
    for (let article = 1; article <= 30; article++) processes[article % 2]?.collector.collect(beacon(article, '203.0.113.7'));
    assert.equal(await counted(), 10);
    const limited = processes.reduce((n, p) => n + (p.collector.outcomes.get('limited') ?? 0), 0);
    assert.equal(limited, 20);
    // The next minute opens a new allowance.
    clock.advance(60_000);
    for (let article = 31; article <= 35; article++) processes[article % 2]?.collector.collect(beacon(article, '203.0.113.7'));
    assert.equal(await counted(), 5);
  });

  test('the same reader on the same article through both processes counts once; other readers are not limited', async () => {
    processes[0]?.collector.collect(beacon(1, '198.51.100.9'));
    await counted();
    processes[1]?.collector.collect(beacon(1, '198.51.100.9'));
    assert.equal(await counted(), 0, 'a repeat on the other process');
    assert.equal(processes[1]?.collector.outcomes.get('duplicate'), 1);
    for (let r = 0; r < 12; r++) processes[r % 2]?.collector.collect(beacon(2, `192.0.2.${r + 1}`));
    assert.equal(await counted(), 12);
  });

  test('settling claims waits for a settle already on its way, so a flush never misses views', async () => {
    const p = processes[0] as (typeof processes)[number];
    const recordedBefore = p.aggregator.recorded;
    for (let r = 0; r < 5; r++) p.collector.collect(beacon(3, `192.0.2.${100 + r}`));
    const first = p.collector.settleClaims(); // as the 25 ms timer does
    await p.collector.settleClaims(); // as a flush does, with nothing left to send itself
    assert.equal(p.aggregator.recorded - recordedBefore, 5, 'the first settle’s answers were applied before the second returned');
    await first;
    assert.equal(await counted(), 5);
  });
});

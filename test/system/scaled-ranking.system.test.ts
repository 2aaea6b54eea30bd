import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Redis } from 'ioredis';
import { postgresDialect, postgresStatus, redisStatus, REDIS_URL, type TestDatabase } from '../helpers/dialects.ts';
import { requires } from '../helpers/requirements.ts';
import { articleBeacon, freePort, sendBeacon, ServerProcess } from '../helpers/server-process.ts';
import { until } from '../helpers/wait.ts';
import { parsePage, viewTokenOf } from '../helpers/dom.ts';

const pg = await postgresStatus();
const redis = await redisStatus();
const skipped = requires('two processes over PostgreSQL and Redis count each view once', {
  postgres: pg.ok ? undefined : pg.reason,
  redis: redis.ok ? undefined : redis.reason,
});

describe('rankings across processes over PostgreSQL and Redis', { skip: skipped }, () => {
  let db: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'broadsheet-scaled-'));
  const prefix = `bs:t${process.pid}${Math.random().toString(36).slice(2, 8)}:`;
  let a: ServerProcess;
  let b: ServerProcess;
  let client: Redis;

  before(async () => {
    db = await postgresDialect.create();
    const env = {
      BROADSHEET_DATABASE_URL: db.url,
      BROADSHEET_REDIS_URL: REDIS_URL,
      BROADSHEET_REDIS_PREFIX: prefix,
      BROADSHEET_MEDIA_DIR: join(dir, 'media'),
      BROADSHEET_VIEW_FLUSH_MS: '200',
      BROADSHEET_RANKING_REFRESH_MS: '300',
      // Every reader here comes from 127.0.0.1: one network, which the hold-out rule would (rightly) hold.
      BROADSHEET_RANKING_HOLD_MIN_VIEWS: '1000000',
    };
    a = new ServerProcess(await freePort(), env);
    await a.start();
    // The second process finds the demo edition already there.
    b = new ServerProcess(await freePort(), env);
    await b.start();
    client = new Redis(REDIS_URL);
  });
  after(async () => {
    await a?.stop();
    await b?.stop();
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
    client.disconnect();
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Views of an article counted in Redis (all five-minute buckets). */
  async function counted(id: number): Promise<number> {
    let n = 0;
    for (const key of await client.keys(`${prefix}v5m:*`)) n += Number((await client.hget(key, String(id))) ?? 0);
    return n;
  }

  /** An article other than `id`, with a view token, from the home page's links. */
  async function otherArticle(base: string, id: number): Promise<{ id: number; token: string }> {
    const home = await (await fetch(`${base}/`)).text();
    const path = parsePage(home).attrs('a[href]', 'href').find((href) => /^\/[a-z0-9/-]+\/\d{8}-\d+\/$/.test(href) && !href.endsWith(`-${id}/`));
    assert.ok(path, 'the home page links another article');
    return viewTokenOf(await (await fetch(`${base}${path}`)).text());
  }

  async function ranked(base: string): Promise<{ computedAt: string; items: { id: number; views: number }[] }> {
    return (await (await fetch(`${base}/api/ranking?window=1h&scope=site&limit=50`)).json()) as { computedAt: string; items: { id: number; views: number }[] };
  }

  test('a reader seen by one process is not counted again by the other; every new reader counts once', async () => {
    const { id, token } = await articleBeacon(a.url);
    const fromB = await articleBeacon(b.url);
    assert.equal(fromB.id, id, 'both processes serve the same edition');
    const start = await counted(id);

    // The same 40 readers visit through A and then through B: 40 views, not 80.
    for (let i = 0; i < 40; i++) assert.equal(await sendBeacon(a.url, id, token, `both-${i}`), 204);
    for (let i = 0; i < 40; i++) assert.equal(await sendBeacon(b.url, id, fromB.token, `both-${i}`), 204);
    // 30 more readers, split between the two.
    for (let i = 0; i < 30; i++) await sendBeacon(i % 2 ? a.url : b.url, id, token, `split-${i}`);

    await until(async () => (await counted(id)) - start >= 70, '70 views counted in Redis', 10_000, 50);
    // Nothing more may arrive: a marker view of another article, sent through each process after all
    // of the above, is counted only by a flush that comes after theirs (each process flushes in order).
    const other = await otherArticle(a.url, id);
    const markersBefore = await counted(other.id);
    assert.equal(await sendBeacon(a.url, other.id, other.token, 'marker-a'), 204);
    assert.equal(await sendBeacon(b.url, other.id, other.token, 'marker-b'), 204);
    await until(async () => (await counted(other.id)) - markersBefore >= 2, 'both markers counted', 10_000, 50);
    assert.equal((await counted(id)) - start, 70);
    assert.ok((await client.keys(`${prefix}dd:*`)).length >= 70, 'one dedupe claim per (reader, article)');

    // Both processes show the leader's snapshot, which has the new views.
    let fromA = await ranked(a.url);
    let fromBList = await ranked(b.url);
    await until(
      async () => {
        fromA = await ranked(a.url);
        fromBList = await ranked(b.url);
        return (fromA.items.find((i) => i.id === id)?.views ?? 0) >= 70 && fromA.computedAt === fromBList.computedAt;
      },
      'both processes to serve the snapshot with the new views',
      10_000,
      150,
    ).catch(() => undefined);
    assert.ok((fromA.items.find((i) => i.id === id)?.views ?? 0) >= 70, 'the hour list has the views');
    assert.equal(fromA.computedAt, fromBList.computedAt, 'one snapshot, served by both');
    assert.deepEqual(fromA.items, fromBList.items);
  });

  test('one process leads the ranking; if it stops, the other takes over', async () => {
    const leader = await client.get(`${prefix}leader:ranking`);
    assert.ok(leader, 'a leader holds the lease');
    const snapshot = await client.get(`${prefix}snapshot:ranking`);
    assert.ok(snapshot && JSON.parse(snapshot).computedAt > 0, 'the leader published a snapshot');
    await a.stop('SIGTERM');
    await b.stop('SIGTERM');
    assert.equal(await client.get(`${prefix}leader:ranking`), null, 'a clean stop releases the lease');
  });
});

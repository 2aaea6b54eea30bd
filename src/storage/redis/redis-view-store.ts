import type { BucketCount, Granularity, ViewBatch } from '../../core/ranking/buckets.ts';
import { bucketStart, GRANULARITY_MS, rollUp } from '../../core/ranking/buckets.ts';
import type { ViewRepository, ViewSink, ViewSource } from '../../core/ranking/ranking-ports.ts';
import { TIME } from '../../core/time/edition-time.ts';
import type { RedisConnection } from './redis-connection.ts';

/** How long Redis keeps each kind of bucket; older ones are read from the database (archived by the leader). */
const TTL_SECONDS = { '5m': 8 * 3600, '1h': 9 * 24 * 3600, subnets: 2 * 24 * 3600, batch: 3600 } as const;

/**
 * Applies a batch once: the batch id is claimed with SET NX in the same script that adds the counts,
 * so a flush retried after a timeout (the first attempt may have landed) never counts twice.
 */
const APPLY_BATCH = `
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) == false then return 0 end
local expiring = {}
local i = 2
while i <= #ARGV do
  local key, field, n, ttl = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  redis.call('HINCRBY', key, field, n)
  if not expiring[key] then
    redis.call('EXPIRE', key, ttl)
    expiring[key] = true
  end
  i = i + 4
end
return 1
`;

/**
 * Counters per script call. A script runs alone on the Redis server, so one call for a whole flush
 * (10,000 counters at full load) held every other client (dedupe claims, other processes' flushes)
 * for ~150 ms; chunks of this size keep each call to a few milliseconds.
 */
const CHUNK = 500;

function key(prefix: string, kind: string, start: number): string {
  return `${prefix}${kind}:${start}`;
}

/** The scaled mode's flush target: five-minute and hourly hashes plus subnet counts, in a few short script calls. */
export class RedisViewSink implements ViewSink {
  readonly #redis: RedisConnection;
  constructor(redis: RedisConnection) {
    this.#redis = redis;
  }

  /** Each chunk is applied once under its own id (batch id + index), so a retried flush skips the chunks that landed. */
  async write(batch: ViewBatch): Promise<void> {
    const p = this.#redis.prefix;
    const parts = Math.max(1, Math.ceil(batch.counts.length / CHUNK), Math.ceil(batch.subnets.length / CHUNK));
    for (let i = 0; i < parts; i++) {
      const counts = batch.counts.slice(i * CHUNK, (i + 1) * CHUNK);
      const args: (string | number)[] = [TTL_SECONDS.batch];
      for (const c of counts) args.push(key(p, 'v5m', c.bucketStart), c.articleId, c.views, TTL_SECONDS['5m']);
      for (const c of rollUp(counts, '1h')) args.push(key(p, 'v1h', c.bucketStart), c.articleId, c.views, TTL_SECONDS['1h']);
      for (const s of batch.subnets.slice(i * CHUNK, (i + 1) * CHUNK)) args.push(key(p, 'vsub', s.hour), `${s.articleId}|${s.subnet}`, s.views, TTL_SECONDS.subnets);
      await this.#redis.client.eval(APPLY_BATCH, 1, `${p}batch:${batch.id}:${i}`, ...args);
    }
  }
}

/**
 * Where the scaled mode's rankings read: the database plus Redis. A bucket the leader has archived
 * (folded Redis's counts into the database, once) is read from the database alone; any other bucket
 * is the database's counts (history, the demo) plus Redis's live counts.
 */
export class RedisViewSource implements ViewSource {
  readonly #redis: RedisConnection;
  readonly #archive: ViewRepository;

  constructor(redis: RedisConnection, archive: ViewRepository) {
    this.#redis = redis;
    this.#archive = archive;
  }

  /** Redis's live counts for buckets in [from, to), nothing else. */
  async live(granularity: Exclude<Granularity, '1d'>, from: number, to: number): Promise<Map<number, Map<number, number>>> {
    const kind = granularity === '5m' ? 'v5m' : 'v1h';
    const size = GRANULARITY_MS[granularity];
    const starts: number[] = [];
    for (let s = bucketStart(from, granularity); s < to; s += size) if (s >= from) starts.push(s);
    const out = new Map<number, Map<number, number>>();
    if (starts.length === 0) return out;
    const pipeline = this.#redis.client.pipeline();
    for (const s of starts) pipeline.hgetall(key(this.#redis.prefix, kind, s));
    const results = (await pipeline.exec()) ?? [];
    starts.forEach((s, i) => {
      const [err, hash] = results[i] ?? [null, {}];
      if (err) throw err;
      const counts = new Map<number, number>();
      for (const [field, value] of Object.entries(hash as Record<string, string>)) counts.set(Number(field), Number(value));
      if (counts.size > 0) out.set(s, counts);
    });
    return out;
  }

  async read(granularity: Granularity, from: number, to: number): Promise<Map<number, Map<number, number>>> {
    const stored = await this.#archive.read(granularity, from, to);
    if (granularity === '1d') return stored;
    const [archived, live] = await Promise.all([this.#archive.archivedBuckets(granularity, from, to), this.live(granularity, from, to)]);
    for (const [s, counts] of live) {
      if (archived.has(s)) continue;
      const merged = stored.get(s) ?? new Map<number, number>();
      for (const [id, v] of counts) merged.set(id, (merged.get(id) ?? 0) + v);
      stored.set(s, merged);
    }
    return stored;
  }

  async subnetShares(from: number, to: number): Promise<Map<number, { total: number; top: number }>> {
    const pipeline = this.#redis.client.pipeline();
    const hours: number[] = [];
    for (let h = bucketStart(from, '1h'); h < to; h += TIME.HOUR) {
      hours.push(h);
      pipeline.hgetall(key(this.#redis.prefix, 'vsub', h));
    }
    const results = (await pipeline.exec()) ?? [];
    const bySubnet = new Map<string, number>();
    for (const [err, hash] of results) {
      if (err) throw err;
      for (const [field, value] of Object.entries(hash as Record<string, string>)) bySubnet.set(field, (bySubnet.get(field) ?? 0) + Number(value));
    }
    const out = new Map<number, { total: number; top: number }>();
    for (const [field, views] of bySubnet) {
      const articleId = Number(field.slice(0, field.indexOf('|')));
      const prev = out.get(articleId) ?? { total: 0, top: 0 };
      out.set(articleId, { total: prev.total + views, top: Math.max(prev.top, views) });
    }
    return out;
  }

  async series(articleId: number, granularity: Granularity, from: number, to: number): Promise<BucketCount[]> {
    const buckets = await this.read(granularity, from, to);
    return [...buckets]
      .filter(([, counts]) => counts.has(articleId))
      .sort(([a], [b]) => a - b)
      .map(([bucketStart, counts]) => ({ bucketStart, articleId, views: counts.get(articleId) as number }));
  }
}

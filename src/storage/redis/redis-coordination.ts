import { randomBytes, randomUUID } from 'node:crypto';
import type { ClaimResult, Doorbell, LeaderLease, RemoteDedupe, SaltStore, SnapshotChannel } from '../../core/ranking/ranking-ports.ts';
import type { RedisConnection } from './redis-connection.ts';

/**
 * Per claim: SET NX the (reader, article) key for the dedupe window; if it is new, count it against
 * the reader's minute (a fixed one-minute window, shared by every process). 1 fresh, 0 repeat, 2 over limit.
 */
const CLAIM = `
local prefix, ttl, limit = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local out = {}
for i = 4, #ARGV, 3 do
  local reader, article, minute = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('SET', prefix .. 'dd:' .. reader .. ':' .. article, '1', 'PX', ttl, 'NX') then
    local rk = prefix .. 'rl:' .. reader .. ':' .. minute
    local c = redis.call('INCR', rk)
    if c == 1 then redis.call('PEXPIRE', rk, 120000) end
    if limit > 0 and c > limit then out[#out + 1] = 2 else out[#out + 1] = 1 end
  else
    out[#out + 1] = 0
  end
end
return out`;

/** Cross-process dedupe and reader limits: one script call per batch of claims. */
export class RedisDedupe implements RemoteDedupe {
  readonly #redis: RedisConnection;
  readonly #perReaderPerMinute: number;
  /** `perReaderPerMinute`: counted views a reader may add per minute across all processes (0: no shared limit). */
  constructor(redis: RedisConnection, perReaderPerMinute = 0) {
    this.#redis = redis;
    this.#perReaderPerMinute = perReaderPerMinute;
  }

  async claim(claims: readonly { reader: string; articleId: number; at: number }[], ttlMs: number): Promise<ClaimResult[]> {
    if (claims.length === 0) return [];
    const args: (string | number)[] = [this.#redis.prefix, ttlMs, this.#perReaderPerMinute];
    for (const c of claims) args.push(c.reader, c.articleId, Math.floor(c.at / 60_000));
    const result = (await this.#redis.client.eval(CLAIM, 0, ...args)) as number[];
    return result.map((r) => (r === 1 ? 'fresh' : r === 2 ? 'limited' : 'duplicate'));
  }
}

/** The day's salt, shared by every process through Redis (which keeps nothing on disk here), gone after two days. */
export class RedisSaltStore implements SaltStore {
  readonly #redis: RedisConnection;
  readonly #fallback = new Map<string, string>();
  constructor(redis: RedisConnection) {
    this.#redis = redis;
  }

  async saltFor(day: string): Promise<string> {
    const key = `${this.#redis.prefix}salt:${day}`;
    try {
      await this.#redis.client.set(key, randomBytes(32).toString('base64url'), 'EX', 2 * 24 * 3600, 'NX');
      const salt = await this.#redis.client.get(key);
      if (salt) return salt;
    } catch {
      // Redis unreachable: a process-local salt keeps counting (dedupe degrades to per-process).
    }
    let local = this.#fallback.get(day);
    if (!local) this.#fallback.set(day, (local = randomBytes(32).toString('base64url')));
    return local;
  }
}

/** Renews the lease only if this process still holds it. */
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * One leader among the processes, by a Redis lease (SET NX PX, renewed while alive). If the leader
 * dies, the lease expires and another process takes over within `ttlMs`.
 */
export class RedisLeaderLease implements LeaderLease {
  readonly #redis: RedisConnection;
  readonly #key: string;
  readonly #id = randomUUID();
  readonly #ttlMs: number;

  constructor(redis: RedisConnection, name: string, ttlMs = 15_000) {
    this.#redis = redis;
    this.#key = `${redis.prefix}leader:${name}`;
    this.#ttlMs = ttlMs;
  }

  async isLeader(): Promise<boolean> {
    try {
      const renewed = await this.#redis.client.eval(RENEW, 1, this.#key, this.#id, this.#ttlMs);
      if (Number(renewed) === 1) return true;
      return (await this.#redis.client.set(this.#key, this.#id, 'PX', this.#ttlMs, 'NX')) === 'OK';
    } catch {
      return false;
    }
  }

  async release(): Promise<void> {
    await this.#redis.client.eval(RELEASE, 1, this.#key, this.#id).catch(() => undefined);
  }
}

/** Listeners of one pub/sub channel, on a subscriber connection opened at the first listener. */
class ChannelListeners {
  readonly #redis: RedisConnection;
  readonly #channel: string;
  readonly #listeners: (() => void)[] = [];

  constructor(redis: RedisConnection, channel: string) {
    this.#redis = redis;
    this.#channel = channel;
  }

  on(listener: () => void): void {
    this.#listeners.push(listener);
    if (this.#listeners.length > 1) return;
    const sub = this.#redis.subscriber();
    sub.on('message', (channel: string) => {
      if (channel === this.#channel) for (const l of this.#listeners) l();
    });
    void sub.subscribe(this.#channel).catch(() => undefined);
  }
}

/** Snapshots through Redis: the latest as a key, a pub/sub message when it changes. */
export class RedisSnapshotChannel implements SnapshotChannel {
  readonly #redis: RedisConnection;
  readonly #key: string;
  readonly #messages: ChannelListeners;

  constructor(redis: RedisConnection, name: string) {
    this.#redis = redis;
    this.#key = `${redis.prefix}snapshot:${name}`;
    this.#messages = new ChannelListeners(redis, this.#key);
  }

  async publish(snapshot: string): Promise<void> {
    await this.#redis.client.set(this.#key, snapshot, 'EX', 24 * 3600);
    await this.#redis.client.publish(this.#key, '1');
  }

  async latest(): Promise<string | undefined> {
    return (await this.#redis.client.get(this.#key)) ?? undefined;
  }

  onPublish(listener: () => void): void {
    this.#messages.on(listener);
  }
}

/**
 * A doorbell between processes: `ring()` publishes on a Redis channel, every subscriber's
 * listeners run. It carries no data: the durable invalidation log is the truth, the doorbell
 * only says "read it now" (a lost ring costs at most one poll interval).
 */
export class RedisDoorbell implements Doorbell {
  readonly #redis: RedisConnection;
  readonly #channel: string;
  readonly #messages: ChannelListeners;

  constructor(redis: RedisConnection, name: string) {
    this.#redis = redis;
    this.#channel = `${redis.prefix}doorbell:${name}`;
    this.#messages = new ChannelListeners(redis, this.#channel);
  }

  async ring(): Promise<void> {
    await this.#redis.client.publish(this.#channel, '1');
  }

  /** A ring missed while Redis reconnects (ioredis re-subscribes by itself) is caught by the log poll. */
  onRing(listener: () => void): void {
    this.#messages.on(listener);
  }
}

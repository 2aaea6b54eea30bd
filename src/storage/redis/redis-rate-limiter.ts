import { MemoryRateLimiter, type RateDecision, type RateLimiter } from '../../core/api/rate-limit.ts';
import type { RedisConnection } from './redis-connection.ts';

/**
 * The shared rate limit: one counter per key and window in Redis (INCR, expiring with the window),
 * so every process counts against the same limit. If Redis does not answer, this process counts
 * alone rather than refusing everyone or letting everyone through.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: RedisConnection;
  readonly #fallback = new MemoryRateLimiter();
  constructor(redis: RedisConnection) {
    this.#redis = redis;
  }

  async hit(key: string, limit: number, windowMs: number, now: number): Promise<RateDecision> {
    const start = now - (now % windowMs);
    const name = `${this.#redis.prefix}rl:${key}:${start}`;
    try {
      const [[, count]] = (await this.#redis.client.multi().incr(name).pexpire(name, windowMs + 1_000).exec()) as [[Error | null, number]];
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetAt: start + windowMs };
    } catch {
      return this.#fallback.hit(key, limit, windowMs, now);
    }
  }
}

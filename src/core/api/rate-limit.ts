/**
 * Requests per key per fixed window (a minute): in this process's memory in the embedded mode, in
 * Redis when several processes share the load (storage/redis/redis-rate-limiter.ts), so a client
 * cannot multiply its limit by the number of processes.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number, now: number): Promise<RateDecision>;
}

export interface RateDecision {
  readonly allowed: boolean;
  readonly remaining: number;
  /** When the window ends (ms): Retry-After and X-RateLimit-Reset. */
  readonly resetAt: number;
}

export class MemoryRateLimiter implements RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  async hit(key: string, limit: number, windowMs: number, now: number): Promise<RateDecision> {
    const start = now - (now % windowMs);
    let w = this.#windows.get(key);
    if (!w || w.start !== start) {
      if (this.#windows.size > 50_000) this.#windows.clear();
      w = { start, count: 0 };
      this.#windows.set(key, w);
    }
    w.count++;
    return { allowed: w.count <= limit, remaining: Math.max(0, limit - w.count), resetAt: start + windowMs };
  }
}

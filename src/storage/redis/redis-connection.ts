import { Redis } from 'ioredis';

/** A Redis connection and the prefix every key of this site starts with (several sites or test runs can share a server). */
export interface RedisConnection {
  readonly client: Redis;
  readonly prefix: string;
  /** A second connection for subscriptions (a subscribed connection can do nothing else). */
  subscriber(): Redis;
  close(): Promise<void>;
}

/**
 * Connects to Redis. Commands fail fast when Redis is unreachable (no offline queue, one retry, a
 * second's timeout): every use has a fallback, and a page request must never wait on Redis.
 */
export function connectRedis(url: string, prefix: string): RedisConnection {
  const options = {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000,
    connectTimeout: 2000,
    // Keep trying to reconnect in the background, at most every 2 seconds.
    retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
  };
  const client = new Redis(url, options);
  client.on('error', () => undefined);
  const subscribers: Redis[] = [];
  return {
    client,
    prefix,
    subscriber() {
      const s = new Redis(url, { ...options, enableOfflineQueue: true, commandTimeout: undefined, maxRetriesPerRequest: null });
      s.on('error', () => undefined);
      subscribers.push(s);
      return s;
    },
    async close() {
      for (const s of subscribers) s.disconnect();
      client.disconnect();
    },
  };
}

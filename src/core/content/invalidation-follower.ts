import type { Clock, InvalidationLog } from '../ports.ts';

/**
 * How long an id may wait between being assigned and being committed. PostgreSQL can commit
 * a later id before an earlier one, so entries this recent are re-read on every poll rather
 * than skipped past (re-applying an invalidation is harmless).
 */
const COMMIT_LAG_MS = 10_000;

/**
 * Follows the durable invalidation log so writes made by any process (the importer, another
 * server) reach this process's caches. Starts from the newest entry: a fresh process has no
 * cached pages, so older entries cannot matter to it.
 */
export class InvalidationFollower {
  readonly #log: InvalidationLog;
  readonly #clock: Clock;
  readonly #apply: (keys: string[]) => void | Promise<void>;
  /** Every entry at or below this id has been applied and is old enough to be settled. */
  #watermark = 0;
  /** Applied entries above the watermark: id → created_at. */
  readonly #recent = new Map<number, number>();
  #polling: Promise<number> | undefined;

  constructor(log: InvalidationLog, clock: Clock, apply: (keys: string[]) => void | Promise<void>) {
    this.#log = log;
    this.#clock = clock;
    this.#apply = apply;
  }

  async start(): Promise<void> {
    this.#watermark = await this.#log.latestId();
  }

  /** Applies entries not seen before; returns how many keys were applied. */
  poll(): Promise<number> {
    this.#polling ??= this.#pollOnce().finally(() => {
      this.#polling = undefined;
    });
    return this.#polling;
  }

  async #pollOnce(): Promise<number> {
    let applied = 0;
    let cursor = this.#watermark;
    for (;;) {
      const entries = await this.#log.since(cursor, 500);
      if (entries.length === 0) break;
      const keys = new Set<string>();
      for (const e of entries) {
        if (this.#recent.has(e.id)) continue;
        this.#recent.set(e.id, e.createdAt);
        for (const k of e.keys) keys.add(k);
      }
      if (keys.size > 0) await this.#apply([...keys]);
      applied += keys.size;
      cursor = (entries.at(-1) as { id: number }).id;
    }
    // Advance the watermark over the unbroken run of settled entries.
    const settledBefore = this.#clock.now() - COMMIT_LAG_MS;
    for (const id of [...this.#recent.keys()].sort((a, b) => a - b)) {
      const createdAt = this.#recent.get(id) as number;
      if (createdAt > settledBefore) break;
      this.#watermark = Math.max(this.#watermark, id);
      this.#recent.delete(id);
    }
    return applied;
  }
}

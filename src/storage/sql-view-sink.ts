import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import type { ViewRepository, ViewSink } from '../core/ports.ts';
import type { ViewBatch } from '../core/ranking/buckets.ts';

/** Share of the event loop a flush may take while it runs; the rest is left to requests. */
const FLUSH_DUTY = 0.25;
/** The longest rest between two statements, so a flush on a slow disk still ends in seconds. */
const MAX_REST_MS = 40;

/**
 * The embedded mode's flush target: the database, one transaction per batch (one commit, one sync
 * to disk), written in statements of 250 rows. Between statements the flush rests three times as
 * long as the statement took, so it takes at most a quarter of the event loop: a five-second batch
 * at 10k beacons/s is ~80 ms of SQLite work, and done in one go it queues every request behind it
 * (profiled: p99 of the collect endpoint 60-150 ms at 10k/s, from these bursts alone). Paced, it
 * spreads over a few hundred milliseconds and requests keep being answered within one statement's
 * time. SQLite has one connection: other queries wait for the flush's transaction (pages, served
 * from memory, do not). The batch id is recorded in the same transaction, so a retried flush is
 * applied once.
 */
export class SqlViewSink implements ViewSink {
  readonly #views: ViewRepository;
  readonly #paced: boolean;

  /** `paced: false` writes as fast as it can (tests, and the benchmark's raw flush figure). */
  constructor(views: ViewRepository, options: { paced?: boolean } = {}) {
    this.#views = views;
    this.#paced = options.paced ?? true;
  }

  async write(batch: ViewBatch): Promise<void> {
    let resumed = performance.now();
    const pause = async () => {
      const worked = performance.now() - resumed;
      if (this.#paced && worked > 0.5) await sleep(Math.min(MAX_REST_MS, (worked * (1 - FLUSH_DUTY)) / FLUSH_DUTY));
      else await yieldToEventLoop();
      resumed = performance.now();
    };
    await this.#views.applyBatch(batch, { pause });
  }
}

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ViewRepository, ViewSink } from '../core/ports.ts';
import type { ViewBatch } from '../core/ranking/buckets.ts';

/** Counters per transaction: keeps each synchronous SQLite write well under 20 ms (bench/ranking measures it). */
const CHUNK = 250;

/**
 * The embedded mode's flush target: the database, one transaction per chunk of a batch, with the
 * event loop free between chunks so a large flush never stalls page requests. Each chunk has its
 * own id derived from the batch's, so a retried flush skips the chunks that landed.
 */
export class SqlViewSink implements ViewSink {
  readonly #views: ViewRepository;
  constructor(views: ViewRepository) {
    this.#views = views;
  }

  async write(batch: ViewBatch): Promise<void> {
    const parts = Math.max(1, Math.ceil(batch.counts.length / CHUNK), Math.ceil(batch.subnets.length / CHUNK));
    for (let i = 0; i < parts; i++) {
      await this.#views.applyBatch({
        id: `${batch.id}:${i}`,
        counts: batch.counts.slice(i * CHUNK, (i + 1) * CHUNK),
        subnets: batch.subnets.slice(i * CHUNK, (i + 1) * CHUNK),
      });
      if (i + 1 < parts) await yieldToEventLoop();
    }
  }
}

import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { ViewRepository, ViewSink } from '../core/ranking/ranking-ports.ts';
import type { ViewBatch } from '../core/ranking/buckets.ts';

/**
 * The embedded mode's flush target: the database, one transaction per batch (one commit, one sync
 * to disk), written in statements of 250 rows with the event loop let go between them, so a large
 * flush never stalls page requests for long (bench/ranking measures the longest stall). SQLite has
 * one connection: other queries wait for the flush's transaction, pages (served from memory) do not.
 * The batch id is recorded in the same transaction, so a retried flush is applied once.
 */
export class SqlViewSink implements ViewSink {
  readonly #views: ViewRepository;
  constructor(views: ViewRepository) {
    this.#views = views;
  }

  async write(batch: ViewBatch): Promise<void> {
    await this.#views.applyBatch(batch, { pause: () => yieldToEventLoop() });
  }
}

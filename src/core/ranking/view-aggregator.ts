import { randomUUID } from 'node:crypto';
import type { ViewSink } from './ranking-ports.ts';
import { bucketStart, FIVE_MINUTES, type BucketCount, type ViewBatch } from './buckets.ts';
import { TIME } from '../time/edition-time.ts';
import { SubnetTally, type SubnetId } from './subnet-tally.ts';

export interface AggregatorOptions {
  /** Distinct (five minutes, article) counters held before a flush is forced. */
  readonly maxCounters: number;
  /** Distinct (article, subnet) pairs tracked for the current hour; beyond it the older half is forgotten (subnet-tally.ts). */
  readonly maxSubnetCounters: number;
  /** Batches kept for retry while the store is down; beyond this the oldest are dropped and counted as lost. */
  readonly maxPendingBatches: number;
}

export const DEFAULT_AGGREGATOR_OPTIONS: AggregatorOptions = Object.freeze({
  maxCounters: 50_000,
  maxSubnetCounters: 100_000,
  maxPendingBatches: 120,
});

/** Article ids fit in 28 bits, five-minute bucket numbers in 23: one number keys a counter. */
const ARTICLE_BITS = 2 ** 28;

/**
 * Counts views in memory and writes them in batches, so a view costs a map update and the store
 * sees one write per flush (research: ranking §3.6). A batch keeps its id across retries, and
 * stores apply an id once, so a retried flush never counts twice. If the process dies, what was
 * not yet flushed (seconds' worth) is lost; nothing else. Subnet detail for the hold-out rule rides
 * along in each batch (subnet-tally.ts).
 */
export class ViewAggregator {
  readonly #sink: ViewSink;
  readonly #options: AggregatorOptions;
  #counts = new Map<number, number>();
  readonly #subnets: SubnetTally;
  /** Batches taken out of memory but not yet acknowledged by the store, oldest first. */
  readonly #pending: ViewBatch[] = [];
  #flushing: Promise<void> | undefined;
  /** The flush asked for while another was writing (see `flush`). */
  #next: Promise<void> | undefined;
  #lost = 0;
  #recorded = 0;
  #written = 0;

  constructor(sink: ViewSink, options: AggregatorOptions = DEFAULT_AGGREGATOR_OPTIONS) {
    this.#sink = sink;
    this.#options = options;
    this.#subnets = new SubnetTally(options.maxSubnetCounters);
  }

  /** Views counted and not yet written (in memory or awaiting a retry). */
  get unflushed(): number {
    let n = 0;
    for (const v of this.#counts.values()) n += v;
    for (const b of this.#pending) for (const c of b.counts) n += c.views;
    return n;
  }

  /** Views dropped because the store was unreachable for longer than the retry buffer lasts. */
  get lost(): number {
    return this.#lost;
  }

  get recorded(): number {
    return this.#recorded;
  }

  /** Views the store has acknowledged. recorded = written + unflushed + lost, always. */
  get written(): number {
    return this.#written;
  }

  get counters(): number {
    return this.#counts.size;
  }

  /** Counts one view of an article at `at`, from a subnet (keyed hash). */
  record(articleId: number, at: number, subnet: SubnetId): void {
    const key = Math.floor(at / FIVE_MINUTES) * ARTICLE_BITS + articleId;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    this.#recorded++;
    this.#subnets.record(articleId, subnet, bucketStart(at, '1h') / TIME.HOUR);
    if (this.#counts.size >= this.#options.maxCounters) void this.flush().catch(() => undefined);
  }

  /** Subnet pairs tracked for the current hour (bounded by maxSubnetCounters). */
  get subnetCounters(): number {
    return this.#subnets.size;
  }

  /** Writes everything counted so far; concurrent calls share one flush. Throws if the store refused (counts are kept). */
  flush(): Promise<void> {
    if (this.#flushing === undefined) {
      this.#flushing = this.#flushOnce().finally(() => {
        this.#flushing = undefined;
      });
      return this.#flushing;
    }
    // The flush in flight took its batch before this call, so what was counted since is not in it
    // (a shutdown's last flush would otherwise lose it): one more flush runs when it ends, shared
    // by every call made meanwhile.
    this.#next ??= this.#flushing
      .catch(() => undefined)
      .then(() => {
        this.#next = undefined;
        return this.flush();
      });
    return this.#next;
  }

  async #flushOnce(): Promise<void> {
    if (this.#counts.size > 0) {
      this.#pending.push(this.#takeBatch());
      while (this.#pending.length > this.#options.maxPendingBatches) {
        const dropped = this.#pending.shift() as ViewBatch;
        for (const c of dropped.counts) this.#lost += c.views;
      }
    }
    while (this.#pending.length > 0) {
      const batch = this.#pending[0] as ViewBatch;
      await this.#sink.write(batch);
      this.#pending.shift();
      for (const c of batch.counts) this.#written += c.views;
    }
  }

  #takeBatch(): ViewBatch {
    const counts: BucketCount[] = [];
    for (const [key, views] of this.#counts) {
      const articleId = key % ARTICLE_BITS;
      counts.push({ bucketStart: ((key - articleId) / ARTICLE_BITS) * FIVE_MINUTES, articleId, views });
    }
    this.#counts = new Map();
    return { id: randomUUID(), counts, subnets: this.#subnets.takeDeltas() };
  }
}

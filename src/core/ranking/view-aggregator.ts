import { randomUUID } from 'node:crypto';
import type { ViewSink } from '../ports.ts';
import { bucketStart, FIVE_MINUTES, type BucketCount, type SubnetCount, type ViewBatch } from './buckets.ts';
import { TIME } from '../time/edition-time.ts';

export interface AggregatorOptions {
  /** Distinct (five minutes, article) counters held before a flush is forced. */
  readonly maxCounters: number;
  /**
   * Distinct (article, subnet) pairs tracked for the current hour. When full, pairs seen once are
   * swept; only if repeats alone fill it are new pairs left untracked (their views still count).
   */
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
 * not yet flushed (seconds' worth) is lost; nothing else.
 *
 * Subnet detail (for the hold-out rule) is kept hour-to-date in memory and only pairs seen at least
 * twice reach the store: honest traffic is mostly one view per subnet per article per hour, and
 * writing a row for each of those would make the subnet table the size of the traffic. The rule
 * compares a subnet's views with the article's total, which comes from the counts, so leaving
 * singletons out changes no decision.
 */
export class ViewAggregator {
  readonly #sink: ViewSink;
  readonly #options: AggregatorOptions;
  #counts = new Map<number, number>();
  /** Hour-to-date views per "article:subnet" in #subnetHour, and how many of them were already written. */
  #subnetHour = -1;
  #subnets = new Map<string, number>();
  #subnetsWritten = new Map<string, number>();
  /** Set when a sweep freed too little to be worth repeating this hour. */
  #subnetsSaturated = false;
  /** Subnet deltas of a finished hour, waiting for the next batch. */
  #subnetCarry: SubnetCount[] = [];
  /** Batches taken out of memory but not yet acknowledged by the store, oldest first. */
  readonly #pending: ViewBatch[] = [];
  #flushing: Promise<void> | undefined;
  #lost = 0;
  #recorded = 0;

  constructor(sink: ViewSink, options: AggregatorOptions = DEFAULT_AGGREGATOR_OPTIONS) {
    this.#sink = sink;
    this.#options = options;
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

  get counters(): number {
    return this.#counts.size;
  }

  /** Counts one view of an article at `at`, from a subnet (keyed hash). */
  record(articleId: number, at: number, subnet: string): void {
    const key = Math.floor(at / FIVE_MINUTES) * ARTICLE_BITS + articleId;
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
    this.#recorded++;
    const hour = bucketStart(at, '1h') / TIME.HOUR;
    if (hour !== this.#subnetHour) {
      if (this.#subnetHour >= 0) this.#subnetCarry.push(...this.#subnetDeltas());
      this.#subnetHour = hour;
      this.#subnets = new Map();
      this.#subnetsWritten = new Map();
      this.#subnetsSaturated = false;
    }
    const subnetKey = `${articleId}:${subnet}`;
    const current = this.#subnets.get(subnetKey);
    if (current !== undefined) this.#subnets.set(subnetKey, current + 1);
    else {
      if (this.#subnets.size >= this.#options.maxSubnetCounters && !this.#subnetsSaturated) this.#sweepSubnets();
      if (this.#subnets.size < this.#options.maxSubnetCounters) this.#subnets.set(subnetKey, 1);
    }
    if (this.#counts.size >= this.#options.maxCounters) void this.flush().catch(() => undefined);
  }

  /** Subnet pairs tracked for the current hour (bounded by maxSubnetCounters). */
  get subnetCounters(): number {
    return this.#subnets.size;
  }

  #sweepSubnets(): void {
    for (const [key, views] of this.#subnets) if (views === 1) this.#subnets.delete(key);
    this.#subnetsSaturated = this.#subnets.size > this.#options.maxSubnetCounters * 0.9;
  }

  /** What the store has not yet been told of pairs seen at least twice this hour. */
  #subnetDeltas(): SubnetCount[] {
    const out: SubnetCount[] = [];
    for (const [key, views] of this.#subnets) {
      if (views < 2) continue;
      const written = this.#subnetsWritten.get(key) ?? 0;
      if (views === written) continue;
      const at = key.indexOf(':');
      out.push({ hour: this.#subnetHour * TIME.HOUR, articleId: Number(key.slice(0, at)), subnet: key.slice(at + 1), views: views - written });
      this.#subnetsWritten.set(key, views);
    }
    return out;
  }

  /** Writes everything counted so far; concurrent calls share one flush. Throws if the store refused (counts are kept). */
  flush(): Promise<void> {
    this.#flushing ??= this.#flushOnce().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
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
    }
  }

  #takeBatch(): ViewBatch {
    const counts: BucketCount[] = [];
    for (const [key, views] of this.#counts) {
      const articleId = key % ARTICLE_BITS;
      counts.push({ bucketStart: ((key - articleId) / ARTICLE_BITS) * FIVE_MINUTES, articleId, views });
    }
    const subnets = [...this.#subnetCarry, ...this.#subnetDeltas()];
    this.#subnetCarry = [];
    this.#counts = new Map();
    return { id: randomUUID(), counts, subnets };
  }
}

import type { ArticleRepository, Clock, ViewIncrement, ViewRepository } from '../ports.ts';
import { hourBucket } from './ranking-service.ts';

export interface ViewRecorderOptions {
  /** Distinct (hour, article) pairs held before a flush is forced. */
  readonly maxPending: number;
}

/**
 * Counts views in memory and writes them in batches, so a beacon costs a map update and
 * the database sees one transaction per flush. A failed flush keeps its counts for the
 * next one; at most the unflushed counts are lost if the process dies.
 */
export class ViewRecorder {
  readonly #views: ViewRepository;
  readonly #articles: ArticleRepository;
  readonly #clock: Clock;
  readonly #options: ViewRecorderOptions;
  #pending = new Map<string, ViewIncrement>();
  #published = new Set<number>();
  #flushing: Promise<void> | undefined;

  constructor(
    deps: { views: ViewRepository; articles: ArticleRepository; clock: Clock },
    options: ViewRecorderOptions = { maxPending: 20_000 },
  ) {
    this.#views = deps.views;
    this.#articles = deps.articles;
    this.#clock = deps.clock;
    this.#options = options;
  }

  /** Reloads which articles are published (views of anything else are refused). */
  async loadPublished(): Promise<void> {
    this.#published = new Set(await this.#articles.publishedIds());
  }

  isPublished(articleId: number): boolean {
    return this.#published.has(articleId);
  }

  /** Counts one view; false when the article is not published. */
  record(articleId: number): boolean {
    if (!this.#published.has(articleId)) return false;
    const bucketStart = hourBucket(this.#clock.now());
    const key = `${bucketStart}:${articleId}`;
    const current = this.#pending.get(key);
    this.#pending.set(key, { articleId, bucketStart, views: (current?.views ?? 0) + 1 });
    if (this.#pending.size >= this.#options.maxPending) void this.flush().catch(() => undefined);
    return true;
  }

  get pendingCount(): number {
    let n = 0;
    for (const p of this.#pending.values()) n += p.views;
    return n;
  }

  /** Writes pending counts; concurrent calls share one flush. */
  flush(): Promise<void> {
    this.#flushing ??= this.#flushOnce().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #flushOnce(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = this.#pending;
    this.#pending = new Map();
    try {
      await this.#views.add([...batch.values()]);
    } catch (err) {
      // Put the counts back so the next flush retries them (the write was one transaction, so none landed).
      for (const [key, inc] of batch) {
        const current = this.#pending.get(key);
        this.#pending.set(key, { ...inc, views: inc.views + (current?.views ?? 0) });
      }
      throw err;
    }
  }
}

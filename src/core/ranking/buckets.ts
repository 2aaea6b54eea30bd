import { TIME } from '../time/edition-time.ts';

/** Counts are kept per five minutes (for the hour and trending lists) and rolled up per hour and per day. */
export const FIVE_MINUTES = 5 * TIME.MINUTE;
export const GRANULARITIES = ['5m', '1h', '1d'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const GRANULARITY_MS: Readonly<Record<Granularity, number>> = { '5m': FIVE_MINUTES, '1h': TIME.HOUR, '1d': TIME.DAY };

/** Start of the bucket of `granularity` containing `at` (UTC). */
export function bucketStart(at: number, granularity: Granularity): number {
  const size = GRANULARITY_MS[granularity];
  return at - (at % size);
}

/** One count to add: `views` for an article in the bucket starting at `bucketStart`. */
export interface BucketCount {
  readonly bucketStart: number;
  readonly articleId: number;
  readonly views: number;
}

/** Views from one subnet to one article in an hour (the subnet as a keyed hash). */
export interface SubnetCount {
  readonly hour: number;
  readonly articleId: number;
  readonly subnet: string;
  readonly views: number;
}

/**
 * One flush: five-minute counts plus per-subnet hourly counts. The id makes writing it idempotent:
 * a store that has applied a batch id ignores it the second time, so a retried flush never counts twice.
 */
export interface ViewBatch {
  readonly id: string;
  readonly counts: readonly BucketCount[];
  readonly subnets: readonly SubnetCount[];
}

/** Adds five-minute counts up into hour and day counts. */
export function rollUp(counts: readonly BucketCount[], granularity: Exclude<Granularity, '5m'>): BucketCount[] {
  const out = new Map<string, BucketCount>();
  for (const c of counts) {
    const start = bucketStart(c.bucketStart, granularity);
    const key = `${start}:${c.articleId}`;
    const prev = out.get(key);
    out.set(key, { bucketStart: start, articleId: c.articleId, views: (prev?.views ?? 0) + c.views });
  }
  return [...out.values()];
}

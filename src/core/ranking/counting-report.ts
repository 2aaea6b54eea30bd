import type { ViewAggregator } from './view-aggregator.ts';
import type { BeaconOutcome, DedupeState, ViewCollector } from './view-collector.ts';

const OUTCOMES: readonly BeaconOutcome[] = ['counted', 'duplicate', 'bot', 'prefetch', 'staff', 'token', 'unpublished', 'limited', 'method'];

/**
 * What this process's view counting has done since it started: why beacons were not counted, where
 * the counted views are (written, waiting, lost), and how likely the dedupe filter is now to drop a
 * genuinely new view. It is how a newsroom checks the numbers it ranks on, and how a lost view is
 * told apart from a refused one (written + unflushed + lost always equals recorded).
 */
export interface CountingReport {
  readonly beacons: number;
  readonly outcomes: Readonly<Record<BeaconOutcome, number>>;
  readonly views: { readonly recorded: number; readonly written: number; readonly unflushed: number; readonly lost: number };
  readonly dedupe: DedupeState;
}

export function countingReport(collector: ViewCollector, aggregator: ViewAggregator): CountingReport {
  const outcomes = Object.fromEntries(OUTCOMES.map((o) => [o, collector.outcomes.get(o) ?? 0])) as Record<BeaconOutcome, number>;
  return {
    beacons: OUTCOMES.reduce((n, o) => n + outcomes[o], 0),
    outcomes,
    views: { recorded: aggregator.recorded, written: aggregator.written, unflushed: aggregator.unflushed, lost: aggregator.lost },
    dedupe: collector.dedupe,
  };
}

/** A probability as a percentage a person can read: two significant digits, and a floor. */
export function percent(p: number): string {
  if (!(p >= 0.00001)) return Number.isNaN(p) ? 'unknown' : 'under 0.001 %';
  return `${Number((p * 100).toPrecision(2)).toString()} %`;
}

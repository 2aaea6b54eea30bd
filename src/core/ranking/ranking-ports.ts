/**
 * What counting views and computing rankings need from outside: where views are written and read,
 * ranking controls, and the coordination of several processes (Redis). Implemented in storage/.
 */
import type { BucketCount, Granularity, ViewBatch } from './buckets.ts';

/**
 * View counts in buckets (5 minutes, hour, day). In one process this is both where flushes go and
 * where rankings read; in scaled mode it is the durable tier behind Redis (closed buckets, history).
 */
export interface ViewRepository {
  /**
   * Adds a flushed batch (five-minute counts rolled up into hours and days, plus subnet counts) in
   * one transaction, once per batch id (false if that id was applied already). `pause` is awaited
   * between statements, so a large batch can let other work run.
   */
  applyBatch(batch: ViewBatch, options?: { pause?: () => Promise<void> }): Promise<boolean>;
  /** Adds counts at one granularity (history import, the demo). */
  addCounts(granularity: Granularity, counts: readonly BucketCount[]): Promise<void>;
  /** Replaces a bucket's counts (scaled mode: the leader archives a closed bucket; a retry writes the same values). */
  setBucket(granularity: Granularity, bucketStart: number, counts: ReadonlyMap<number, number>): Promise<void>;
  /**
   * Scaled mode: folds a closed bucket's Redis counts into the database, once (a marker records it;
   * a retry changes nothing). Returns false if the bucket was archived already.
   */
  archiveBucket(granularity: Granularity, bucketStart: number, counts: ReadonlyMap<number, number>): Promise<boolean>;
  /** Which buckets in [from, to) have been archived (their database counts are complete). */
  archivedBuckets(granularity: Granularity, from: number, to: number): Promise<Set<number>>;
  /** Counts per bucket start, per article, for buckets starting in [from, to). */
  read(granularity: Granularity, from: number, to: number): Promise<Map<number, Map<number, number>>>;
  /** Per article over hours in [from, to): all views, and the views of its busiest subnet. */
  subnetShares(from: number, to: number): Promise<Map<number, { total: number; top: number }>>;
  /** One article's counts per bucket in [from, to), oldest first (the newsroom chart). */
  series(articleId: number, granularity: Granularity, from: number, to: number): Promise<BucketCount[]>;
  /** Deletes buckets older than `before` at one granularity (and subnet counts with the hours). */
  prune(granularity: Granularity, before: number): Promise<void>;
}

/** Staff decisions on rankings: articles kept out by hand, and articles held out automatically until reviewed. */
export interface RankingControlRepository {
  excluded(): Promise<Set<number>>;
  setExcluded(articleId: number, excluded: boolean, userId: number | null, at: number): Promise<void>;
  holds(): Promise<Map<number, RankingHold>>;
  /** Holds an article out (one subnet dominates its views); false if it is held already or was released lately. */
  hold(articleId: number, sharePermille: number, at: number): Promise<boolean>;
  release(articleId: number, userId: number | null, at: number): Promise<void>;
}

export interface RankingHold {
  readonly status: 'held' | 'released';
  /** Share of the article's views from its busiest subnet, in thousandths. */
  readonly sharePermille: number;
  readonly detectedAt: number;
  readonly reviewedAt: number | null;
}

/** Where the collector's flushes go: the database in one process, Redis across many. Idempotent by batch id. */
export interface ViewSink {
  write(batch: ViewBatch): Promise<void>;
}

/** Where rankings read counts: the database in one process; Redis for recent buckets plus the database across many. */
export interface ViewSource {
  read(granularity: Granularity, from: number, to: number): Promise<Map<number, Map<number, number>>>;
  subnetShares(from: number, to: number): Promise<Map<number, { total: number; top: number }>>;
  series(articleId: number, granularity: Granularity, from: number, to: number): Promise<BucketCount[]>;
}

/** What the shared store says of a claimed view: first of its kind, a repeat, or over the reader's shared limit. */
export type ClaimResult = 'fresh' | 'duplicate' | 'limited';

/**
 * Scaled mode: dedupe of (reader, article) across processes, and each reader's per-minute limit
 * counted across processes too (so N processes do not allow N times the limit).
 */
export interface RemoteDedupe {
  claim(claims: readonly { readonly reader: string; readonly articleId: number; readonly at: number }[], ttlMs: number): Promise<ClaimResult[]>;
}

/** The day's salt for reader hashes: random, shared by every process, never written to disk. */
export interface SaltStore {
  saltFor(day: string): Promise<string>;
}

/** Scaled mode: the leader publishes ranking snapshots; every process receives them. */
export interface SnapshotChannel {
  publish(snapshot: string): Promise<void>;
  latest(): Promise<string | undefined>;
  onPublish(listener: () => void): void;
}

/** Scaled mode: "read the invalidation log now", between processes (carries no data; a lost ring costs one poll). */
export interface Doorbell {
  ring(): Promise<void>;
  onRing(listener: () => void): void;
}

/** Scaled mode: which process computes rankings (and archives closed buckets). */
export interface LeaderLease {
  isLeader(): Promise<boolean>;
  release(): Promise<void>;
}

import { cacheKeys } from '../content/cache-keys.ts';
import type { RankingMeta } from '../content/types.ts';
import type { ArticleRepository, Clock } from '../ports.ts';
import type { RankingControlRepository, ViewSource } from './ranking-ports.ts';
import { TIME } from '../time/edition-time.ts';
import { pacedSort } from '../util/paced-sort.ts';
import { pacer } from '../util/pacer.ts';
import { bucketStart, FIVE_MINUTES, GRANULARITY_MS, type Granularity } from './buckets.ts';
import { EMPTY_SNAPSHOT, RANKING_WINDOWS, type RankedItem, type RankingSnapshot, type RankingWindow, type ScopeLists } from './ranking-snapshot.ts';

export interface RankingOptions {
  /** Items each list keeps (pages show 5 or 10; the rest covers filtered items). */
  readonly keep: number;
  /** Leading items whose change re-renders the pages showing a list. */
  readonly shown: number;
  /** Trending: five-minute counts over this span, each weighted by 2^(−age / half-life). */
  readonly trendingSpanMs: number;
  readonly trendingHalfLifeMs: number;
  /** A bucket is final (and cached) this long after it ends: late flushes land before then. */
  readonly graceMs: number;
  /** Scaled mode: called once for each bucket that becomes final, to archive it durably. */
  readonly onClosedBucket?: (granularity: Granularity, start: number, counts: ReadonlyMap<number, number>) => Promise<void>;
  /** Hold-out rule: articles with at least this many 24-hour views... */
  readonly holdMinViews: number;
  /** ...of which one subnet sends more than this share (thousandths) are held out until reviewed. */
  readonly holdSharePermille: number;
}

export const DEFAULT_RANKING_OPTIONS: RankingOptions = Object.freeze({
  keep: 50,
  shown: 10,
  trendingSpanMs: 6 * TIME.HOUR,
  trendingHalfLifeMs: TIME.HOUR,
  graceMs: 20_000,
  holdMinViews: 100,
  holdSharePermille: 300,
});

/** Buckets for a refresh: the final ones (kept across refreshes) and the open ones (read each time). */
interface LoadedBuckets {
  readonly closed: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** Changes whenever `closed` gains or loses a bucket. */
  readonly version: number;
  readonly open: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

/** Closed buckets never change, so each is read once and kept; open ones are read every refresh. */
class BucketCache {
  readonly #closed = new Map<number, Map<number, number>>();
  #version = 0;
  readonly #granularity: Granularity;
  constructor(granularity: Granularity) {
    this.#granularity = granularity;
  }

  async load(
    source: ViewSource,
    from: number,
    now: number,
    graceMs: number,
    onClosed?: (granularity: Granularity, start: number, counts: ReadonlyMap<number, number>) => Promise<void>,
  ): Promise<LoadedBuckets> {
    const size = GRANULARITY_MS[this.#granularity];
    const end = bucketStart(now, this.#granularity) + size;
    // Buckets that ended more than the grace ago are final.
    const finalBefore = bucketStart(now - graceMs, this.#granularity);
    for (const start of [...this.#closed.keys()]) {
      if (start < from) {
        this.#closed.delete(start);
        this.#version++;
      }
    }
    let missingFrom = -1;
    for (let s = from; s < finalBefore; s += size) {
      if (!this.#closed.has(s)) {
        missingFrom = s;
        break;
      }
    }
    if (missingFrom >= 0) {
      const read = await source.read(this.#granularity, missingFrom, finalBefore);
      for (let s = missingFrom; s < finalBefore; s += size) {
        const counts = read.get(s) ?? new Map<number, number>();
        this.#closed.set(s, counts);
        this.#version++;
        if (onClosed && counts.size > 0) await onClosed(this.#granularity, s, counts);
      }
    }
    const open = await source.read(this.#granularity, finalBefore, end);
    return { closed: this.#closed, version: this.#version, open };
  }
}

/** Adds `counts` (times `weight`) into `into`. */
function addInto(into: Map<number, number>, counts: ReadonlyMap<number, number>, weight = 1): void {
  for (const [id, v] of counts) into.set(id, (into.get(id) ?? 0) + v * weight);
}

/**
 * Sums of the closed buckets in each window, kept until the set of closed buckets or a window's
 * edge moves: a refresh then adds only the open buckets, instead of re-adding a week of hours
 * (400,000 map updates for 10,000 articles, ~40 ms of event loop) every minute.
 */
interface ClosedSums {
  readonly key: string;
  readonly sums: ReadonlyMap<number, number>;
}

/**
 * Rankings from bucketed counts (research: ranking §4): the last hour (twelve five-minute buckets),
 * 24 hours (the open hour and 23 closed ones), 7 days (168 hours) and trending (decayed five-minute
 * counts over 6 hours); for the site and per section, sub-section, tag and series, all derived from
 * each window's one site-wide order. Snapshots live in memory; pages never query counts. Staff
 * exclusions and automatic holds (one subnet sending most of an article's views) are left out.
 */
export class RankingService {
  readonly #source: ViewSource;
  readonly #articles: ArticleRepository;
  readonly #controls: RankingControlRepository;
  readonly #clock: Clock;
  readonly options: RankingOptions;
  readonly #fiveMinutes = new BucketCache('5m');
  readonly #hours = new BucketCache('1h');
  #snapshot: RankingSnapshot = EMPTY_SNAPSHOT;
  /**
   * Section, tags and series of articles seen in counts (null: not published), kept across
   * refreshes: looking up 10,000 articles each minute was most of a refresh's cost. Entries are
   * dropped when their article changes (`forget`), and all of them every hour as a safety net.
   */
  #meta = new Map<number, RankingMeta | null>();
  #metaLoadedAt = 0;
  readonly #closedSums = new Map<RankingWindow, ClosedSums>();
  #refreshing: Promise<void> = Promise.resolve();
  readonly #scopeKeys = new WeakMap<RankingMeta, readonly string[]>();
  #nextRefresh: Promise<string[]> | undefined;
  readonly #listeners: ((snapshot: RankingSnapshot) => void)[] = [];

  constructor(
    deps: { source: ViewSource; articles: ArticleRepository; controls: RankingControlRepository; clock: Clock },
    options: RankingOptions = DEFAULT_RANKING_OPTIONS,
  ) {
    this.#source = deps.source;
    this.#articles = deps.articles;
    this.#controls = deps.controls;
    this.#clock = deps.clock;
    this.options = options;
  }

  get snapshot(): RankingSnapshot {
    return this.#snapshot;
  }

  /** The top `n` of a scope in a window, from the current snapshot (no I/O). */
  top(scope: string, n: number, window: RankingWindow = '24h'): readonly RankedItem[] {
    return (this.#snapshot.lists.get(window)?.get(scope) ?? []).slice(0, n);
  }

  /** When the list (window, scope) last changed, or undefined before the first refresh. */
  changedAt(scope: string, window: RankingWindow = '24h'): number | undefined {
    return this.#snapshot.changedAt.get(`${window}|${scope}`);
  }

  /**
   * Recomputes every list from the counts, applies the hold-out rule, and returns the cache keys of
   * scopes whose shown items changed (only pages showing those are re-rendered).
   */
  /**
   * Recomputes every list. Refreshes run one at a time (a paced refresh takes a few hundred
   * milliseconds, and a publish may ask for one meanwhile): a call made during one waits for it and
   * then runs, and calls made during the same wait share that run, so no older computation can
   * replace a newer snapshot.
   */
  refresh(): Promise<string[]> {
    this.#nextRefresh ??= this.#refreshing.then(() => {
      this.#nextRefresh = undefined;
      return this.#refreshOnce();
    });
    const run = this.#nextRefresh;
    this.#refreshing = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async #refreshOnce(): Promise<string[]> {
    // A refresh is tens of milliseconds of CPU and synchronous SQLite reads: paced, so requests keep the core.
    const pause = pacer();
    const now = this.#clock.now();
    const o = this.options;
    const hourFrom = bucketStart(now, '1h') - (7 * 24 - 1) * TIME.HOUR;
    const fiveFrom = bucketStart(now, '5m') - Math.max(o.trendingSpanMs, TIME.HOUR) + FIVE_MINUTES;
    const [hours, fives] = await Promise.all([
      this.#hours.load(this.#source, hourFrom, now, o.graceMs, o.onClosedBucket),
      this.#fiveMinutes.load(this.#source, fiveFrom, now, o.graceMs),
    ]);

    const dayFrom = bucketStart(now, '1h') - 23 * TIME.HOUR;
    const hourAgo = bucketStart(now, '5m') - 11 * FIVE_MINUTES;
    const spanFrom = now - o.trendingSpanMs;
    const decay = Math.LN2 / o.trendingHalfLifeMs;
    const weightAt = (start: number) => Math.exp(-decay * Math.max(0, now - (start + FIVE_MINUTES / 2)));
    let firstTrending = Number.POSITIVE_INFINITY;
    let lastClosedFive = 0;
    for (const start of fives.closed.keys()) {
      if (start > spanFrom) firstTrending = Math.min(firstTrending, start);
      lastClosedFive = Math.max(lastClosedFive, start);
    }
    // Trending weights decay with `now`; a sum weighted to a fixed reference point is rescaled instead.
    const reference = lastClosedFive + FIVE_MINUTES / 2;
    const closed = {
      '7d': await this.#closedSum('7d', `${hours.version}|${hourFrom}`, () => hours.closed, () => 1, pause),
      '24h': await this.#closedSum('24h', `${hours.version}|${dayFrom}`, () => [...hours.closed].filter(([s]) => s >= dayFrom), () => 1, pause),
      '1h': await this.#closedSum('1h', `${fives.version}|${hourAgo}`, () => [...fives.closed].filter(([s]) => s >= hourAgo), () => 1, pause),
      trending: await this.#closedSum(
        'trending',
        `${fives.version}|${firstTrending}|${o.trendingHalfLifeMs}`,
        () => [...fives.closed].filter(([s]) => s > spanFrom),
        (start) => Math.exp(-decay * (reference - (start + FIVE_MINUTES / 2))),
        pause,
      ),
    };
    const totals = new Map<RankingWindow, Map<number, number>>([
      ['7d', new Map(closed['7d'])],
      ['24h', new Map(closed['24h'])],
      ['1h', new Map(closed['1h'])],
      ['trending', new Map()],
    ]);
    addInto(totals.get('trending') as Map<number, number>, closed.trending, Math.exp(-decay * Math.max(0, now - reference)));
    for (const [start, counts] of hours.open) {
      addInto(totals.get('7d') as Map<number, number>, counts);
      if (start >= dayFrom) addInto(totals.get('24h') as Map<number, number>, counts);
    }
    for (const [start, counts] of fives.open) {
      if (start >= hourAgo) addInto(totals.get('1h') as Map<number, number>, counts);
      if (start > spanFrom) addInto(totals.get('trending') as Map<number, number>, counts, weightAt(start));
    }

    await pause();
    const held = await this.#applyHolds(dayFrom, now, totals.get('24h') as Map<number, number>);
    await pause();
    const excluded = await this.#controls.excluded();
    const meta = await this.#metaFor(totals, now, pause);
    const lists = new Map<RankingWindow, ScopeLists>();
    for (const [window, t] of totals) {
      lists.set(window, await this.#rank(t, meta, excluded, held, pause));
      // Each window's sort is a few milliseconds of CPU; let requests in between.
      await pause();
    }

    const before = this.#snapshot;
    const changed = this.#changedScopes(before, lists);
    const changedAt = new Map(before.changedAt);
    for (const key of changed.all) changedAt.set(key, now);
    this.#snapshot = { computedAt: now, lists, changedAt, excluded, held };
    for (const l of this.#listeners) l(this.#snapshot);
    return [...changed.scopes].map((scope) => cacheKeys.ranking(scope));
  }

  /** Sums of closed buckets, kept until `key` changes (hourly for the long windows): up to 168 maps of every article read, so paced. */
  async #closedSum(
    window: RankingWindow,
    key: string,
    buckets: () => Iterable<readonly [number, ReadonlyMap<number, number>]>,
    weight: (start: number) => number,
    pause: () => Promise<void>,
  ): Promise<ReadonlyMap<number, number>> {
    const cached = this.#closedSums.get(window);
    if (cached?.key === key) return cached.sums;
    const sums = new Map<number, number>();
    for (const [start, counts] of buckets()) {
      addInto(sums, counts, weight(start));
      await pause();
    }
    this.#closedSums.set(window, { key, sums });
    return sums;
  }

  /** Drops cached facts about articles that changed (section, tags, series, published or not). */
  forget(articleIds: Iterable<number>): void {
    for (const id of articleIds) this.#meta.delete(id);
  }

  async #metaFor(totals: ReadonlyMap<RankingWindow, ReadonlyMap<number, number>>, now: number, pause: () => Promise<void>): Promise<ReadonlyMap<number, RankingMeta | null>> {
    if (now - this.#metaLoadedAt >= TIME.HOUR || now < this.#metaLoadedAt) {
      this.#meta = new Map();
      this.#metaLoadedAt = now;
    }
    const missing = new Set<number>();
    for (const t of totals.values()) for (const id of t.keys()) if (!this.#meta.has(id)) missing.add(id);
    // In slices, letting requests in between: SQLite reads are synchronous.
    const ids = [...missing];
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      for (const m of await this.#articles.rankingMeta(slice)) this.#meta.set(m.id, m);
      for (const id of slice) if (!this.#meta.has(id)) this.#meta.set(id, null);
      if (i + 500 < ids.length) await pause();
    }
    return this.#meta;
  }

  /** Called with every new snapshot (scaled mode publishes it to the other processes). */
  onSnapshot(listener: (snapshot: RankingSnapshot) => void): void {
    this.#listeners.push(listener);
  }

  /** Takes a snapshot computed elsewhere (scaled mode, non-leader); returns the keys that changed. */
  adopt(snapshot: RankingSnapshot): string[] {
    const changed = this.#changedScopes(this.#snapshot, snapshot.lists);
    this.#snapshot = snapshot;
    return [...changed.scopes].map((scope) => cacheKeys.ranking(scope));
  }

  /** Drops an article from every list at once (unpublished or excluded); returns the keys that changed. */
  remove(articleId: number): string[] {
    const lists = new Map<RankingWindow, ScopeLists>();
    for (const [window, scopes] of this.#snapshot.lists) {
      const next = new Map<string, readonly RankedItem[]>();
      for (const [scope, items] of scopes) next.set(scope, items.filter((i) => i.articleId !== articleId));
      lists.set(window, next);
    }
    const changed = this.#changedScopes(this.#snapshot, lists);
    this.#snapshot = { ...this.#snapshot, lists };
    return [...changed.scopes].map((scope) => cacheKeys.ranking(scope));
  }

  /** Holds out articles whose 24-hour views come mostly from one subnet; returns every held article. */
  async #applyHolds(from: number, now: number, day: ReadonlyMap<number, number>): Promise<Set<number>> {
    const shares = await this.#source.subnetShares(from, bucketStart(now, '1h') + TIME.HOUR);
    for (const [articleId, s] of shares) {
      // Stores keep only subnets seen more than once, so the article's total comes from its counts.
      const total = Math.max(day.get(articleId) ?? 0, s.total);
      if (total < this.options.holdMinViews) continue;
      const permille = Math.round((s.top / total) * 1000);
      if (permille > this.options.holdSharePermille) await this.#controls.hold(articleId, permille, now);
    }
    const held = new Set<number>();
    for (const [id, h] of await this.#controls.holds()) if (h.status === 'held') held.add(id);
    return held;
  }

  async #rank(
    totals: ReadonlyMap<number, number>,
    meta: ReadonlyMap<number, RankingMeta | null>,
    excluded: ReadonlySet<number>,
    held: ReadonlySet<number>,
    pause: () => Promise<void>,
  ): Promise<Map<string, RankedItem[]>> {
    const candidates: { id: number; views: number; m: RankingMeta }[] = [];
    let seen = 0;
    for (const [id, views] of totals) {
      const m = meta.get(id);
      if (views > 0 && m && !excluded.has(id) && !held.has(id)) candidates.push({ id, views, m });
      if (++seen % 2_500 === 0) await pause();
    }
    await pause();
    // Ties go to the newer article, then the higher id, so the order is stable. Sorted in pieces:
    // one sort of 10,000 candidates was the refresh's longest stall.
    const ordered = await pacedSort(candidates, (a, b) => b.views - a.views || (b.m.publishedAt ?? 0) - (a.m.publishedAt ?? 0) || b.id - a.id, pause);
    const scopes = new Map<string, RankedItem[]>();
    const push = (scope: string, item: RankedItem) => {
      const list = scopes.get(scope);
      if (!list) scopes.set(scope, [item]);
      else if (list.length < this.options.keep) list.push(item);
    };
    // Scoped lists are derived from the one site-wide order, not counted separately.
    for (let i = 0; i < ordered.length; i++) {
      const { id: articleId, views, m } = ordered[i] as (typeof ordered)[number];
      const item = { articleId, views: Math.round(views * 100) / 100 };
      for (const scope of this.#scopesOf(m)) push(scope, item);
      // Tens of thousands of candidates across every scope: let requests in now and then (every
      // 2,500 held the loop for 8-16 ms on a 10,000-article edition).
      if (i % 500 === 499) await pause();
    }
    return scopes;
  }

  /** The lists an article belongs to, worked out once per article's facts (they are reloaded when it changes). */
  #scopesOf(m: RankingMeta): readonly string[] {
    let scopes = this.#scopeKeys.get(m);
    if (!scopes) {
      scopes = ['site', `section:${m.sectionId}`, `section:${m.subsectionId}`, ...(m.seriesId !== null ? [`series:${m.seriesId}`] : []), ...m.tagIds.map((t) => `tag:${t}`)];
      this.#scopeKeys.set(m, scopes);
    }
    return scopes;
  }

  #changedScopes(before: RankingSnapshot, after: ReadonlyMap<RankingWindow, ScopeLists>): { scopes: Set<string>; all: Set<string> } {
    const scopes = new Set<string>();
    const all = new Set<string>();
    for (const window of RANKING_WINDOWS) {
      const a = before.lists.get(window) ?? new Map<string, readonly RankedItem[]>();
      const b = after.get(window) ?? new Map<string, readonly RankedItem[]>();
      for (const scope of new Set([...a.keys(), ...b.keys()])) {
        const shownBefore = (a.get(scope) ?? []).slice(0, this.options.shown).map((i) => i.articleId);
        const shownAfter = (b.get(scope) ?? []).slice(0, this.options.shown).map((i) => i.articleId);
        if (shownBefore.join(',') !== shownAfter.join(',')) {
          scopes.add(scope);
          all.add(`${window}|${scope}`);
        }
      }
    }
    return { scopes, all };
  }
}

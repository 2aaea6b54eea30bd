import { cacheKeys } from '../content/cache-keys.ts';
import type { RankingMeta } from '../content/types.ts';
import type { ArticleRepository, Clock, ViewRepository } from '../ports.ts';
import { TIME } from '../time/edition-time.ts';

/** A ranked article and its views in the window. */
export interface RankedItem {
  readonly articleId: number;
  readonly views: number;
}

export const RANKING_WINDOWS = ['24h', '7d'] as const;
export type RankingWindow = (typeof RANKING_WINDOWS)[number];

const WINDOW_HOURS: Readonly<Record<RankingWindow, number>> = { '24h': 24, '7d': 24 * 7 };

/** An immutable set of ranked lists computed at one instant. */
export interface RankingSnapshot {
  readonly computedAt: number;
  /** Lists by window, then by scope: "site", "section:3", "tag:7", "series:2". */
  readonly lists: ReadonlyMap<RankingWindow, ReadonlyMap<string, readonly RankedItem[]>>;
}

export interface RankingOptions {
  /** How many items each scope keeps (pages show 5 or 10; extra covers filtered items). */
  readonly keep: number;
  /** How many leading items of a list must change before pages showing it are re-rendered. */
  readonly shown: number;
}

const EMPTY: RankingSnapshot = { computedAt: 0, lists: new Map() };

/** Start of the UTC hour containing `at`; view counts are kept per hour. */
export function hourBucket(at: number): number {
  return at - (at % TIME.HOUR);
}

/**
 * First-version rankings: sums of hourly view counts over the window, for the whole site
 * and for each section, sub-section, tag and series. Lists are snapshots held in memory and
 * refreshed on a timer, so pages never query counts per view (docs/architecture.md, Rankings).
 */
export class RankingService {
  readonly #views: ViewRepository;
  readonly #articles: ArticleRepository;
  readonly #clock: Clock;
  readonly #options: RankingOptions;
  #snapshot: RankingSnapshot = EMPTY;

  constructor(
    deps: { views: ViewRepository; articles: ArticleRepository; clock: Clock },
    options: RankingOptions = { keep: 50, shown: 10 },
  ) {
    this.#views = deps.views;
    this.#articles = deps.articles;
    this.#clock = deps.clock;
    this.#options = options;
  }

  get snapshot(): RankingSnapshot {
    return this.#snapshot;
  }

  /** The top `n` of a scope in a window, from the current snapshot (no I/O). */
  top(scope: string, n: number, window: RankingWindow = '24h'): readonly RankedItem[] {
    return (this.#snapshot.lists.get(window)?.get(scope) ?? []).slice(0, n);
  }

  /**
   * Recomputes every list and returns the cache keys of scopes whose shown items changed
   * (so pages embedding them are re-rendered, and only those).
   */
  async refresh(): Promise<string[]> {
    const now = this.#clock.now();
    const lists = new Map<RankingWindow, Map<string, RankedItem[]>>();
    const totalsByWindow = new Map<RankingWindow, Map<number, number>>();
    for (const window of RANKING_WINDOWS) {
      // The open hour plus the closed hours before it make up the window.
      const since = hourBucket(now) - (WINDOW_HOURS[window] - 1) * TIME.HOUR;
      totalsByWindow.set(window, await this.#views.totalsSince(since));
    }
    const ids = new Set<number>();
    for (const totals of totalsByWindow.values()) for (const id of totals.keys()) ids.add(id);
    const meta = new Map((await this.#articles.rankingMeta([...ids])).map((m) => [m.id, m]));
    for (const [window, totals] of totalsByWindow) lists.set(window, this.#rank(totals, meta));

    const changed = this.#changedScopes(this.#snapshot, lists);
    this.#snapshot = { computedAt: now, lists };
    return changed.map((scope) => cacheKeys.ranking(scope));
  }

  /** Drops an article from every list at once (it was unpublished); returns the keys that changed. */
  remove(articleId: number): string[] {
    const lists = new Map<RankingWindow, Map<string, RankedItem[]>>();
    for (const [window, scopes] of this.#snapshot.lists) {
      const next = new Map<string, RankedItem[]>();
      for (const [scope, items] of scopes) next.set(scope, items.filter((i) => i.articleId !== articleId));
      lists.set(window, next);
    }
    const changed = this.#changedScopes(this.#snapshot, lists);
    this.#snapshot = { computedAt: this.#snapshot.computedAt, lists };
    return changed.map((scope) => cacheKeys.ranking(scope));
  }

  #rank(totals: ReadonlyMap<number, number>, meta: ReadonlyMap<number, RankingMeta>): Map<string, RankedItem[]> {
    const ranked = [...totals]
      .filter(([id, views]) => views > 0 && meta.has(id))
      .sort(([aId, aViews], [bId, bViews]) => {
        if (bViews !== aViews) return bViews - aViews;
        // Ties go to the newer article, then the higher id, so the order is stable.
        const newer = (meta.get(bId)?.publishedAt ?? 0) - (meta.get(aId)?.publishedAt ?? 0);
        return newer !== 0 ? newer : bId - aId;
      });
    const scopes = new Map<string, RankedItem[]>();
    const push = (scope: string, item: RankedItem) => {
      const list = scopes.get(scope);
      if (!list) scopes.set(scope, [item]);
      else if (list.length < this.#options.keep) list.push(item);
    };
    // Scoped lists are derived from the one site-wide order, not counted separately.
    for (const [articleId, views] of ranked) {
      const m = meta.get(articleId) as RankingMeta;
      const item = { articleId, views };
      push('site', item);
      push(`section:${m.sectionId}`, item);
      push(`section:${m.subsectionId}`, item);
      if (m.seriesId !== null) push(`series:${m.seriesId}`, item);
      for (const tagId of m.tagIds) push(`tag:${tagId}`, item);
    }
    return scopes;
  }

  #changedScopes(
    before: RankingSnapshot,
    after: ReadonlyMap<RankingWindow, ReadonlyMap<string, readonly RankedItem[]>>,
  ): string[] {
    const changed = new Set<string>();
    for (const window of RANKING_WINDOWS) {
      const a = before.lists.get(window) ?? new Map<string, readonly RankedItem[]>();
      const b = after.get(window) ?? new Map<string, readonly RankedItem[]>();
      for (const scope of new Set([...a.keys(), ...b.keys()])) {
        const shownBefore = (a.get(scope) ?? []).slice(0, this.#options.shown).map((i) => i.articleId);
        const shownAfter = (b.get(scope) ?? []).slice(0, this.#options.shown).map((i) => i.articleId);
        if (shownBefore.join(',') !== shownAfter.join(',')) changed.add(scope);
      }
    }
    return [...changed];
  }
}

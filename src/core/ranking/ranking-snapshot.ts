/** What a ranking computation produces: the windows, the ranked lists, and their form on the wire. */

/** A ranked article and its score in the window (views, or decayed views for trending). */
export interface RankedItem {
  readonly articleId: number;
  readonly views: number;
}

export const RANKING_WINDOWS = ['1h', '24h', '7d', 'trending'] as const;
export type RankingWindow = (typeof RANKING_WINDOWS)[number];

/** How each window reads in a list's note. */
export const WINDOW_LABELS: Readonly<Record<RankingWindow, string>> = {
  '1h': 'past hour',
  '24h': 'past 24 hours',
  '7d': 'past 7 days',
  trending: 'trending now',
};

/** The lists of one window: "site", "section:3" (sections and sub-sections), "tag:7", "series:2". */
export type ScopeLists = ReadonlyMap<string, readonly RankedItem[]>;

/** An immutable set of ranked lists computed at one instant. */
export interface RankingSnapshot {
  readonly computedAt: number;
  readonly lists: ReadonlyMap<RankingWindow, ScopeLists>;
  /** When each list ("24h|site") last changed: what a page shows as the list's time. */
  readonly changedAt: ReadonlyMap<string, number>;
  /** Articles left out: excluded by staff, or held for review. */
  readonly excluded: ReadonlySet<number>;
  readonly held: ReadonlySet<number>;
}

export const EMPTY_SNAPSHOT: RankingSnapshot = { computedAt: 0, lists: new Map(), changedAt: new Map(), excluded: new Set(), held: new Set() };

/** A snapshot as JSON (scaled mode ships it through Redis), and back. */
export function serializeSnapshot(s: RankingSnapshot): string {
  return JSON.stringify({
    computedAt: s.computedAt,
    lists: [...s.lists].map(([w, scopes]) => [w, [...scopes]]),
    changedAt: [...s.changedAt],
    excluded: [...s.excluded],
    held: [...s.held],
  });
}

export function parseSnapshot(json: string): RankingSnapshot {
  const raw = JSON.parse(json) as {
    computedAt: number;
    lists: [RankingWindow, [string, RankedItem[]][]][];
    changedAt: [string, number][];
    excluded: number[];
    held: number[];
  };
  return {
    computedAt: raw.computedAt,
    lists: new Map(raw.lists.map(([w, scopes]) => [w, new Map(scopes)])),
    changedAt: new Map(raw.changedAt),
    excluded: new Set(raw.excluded),
    held: new Set(raw.held),
  };
}

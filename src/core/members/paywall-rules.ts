/**
 * Who reads what (docs/members.md, "The paywall"). Pure rules, decided the same way on the fast path
 * (from signed cookies) and in the article route (after refreshing them): no clock, store or I/O here.
 */

import type { ArticleAccess } from '../content/types.ts';

/** What the reader is, as far as the paywall is concerned. */
export type ReaderLevel = 'anonymous' | 'member' | 'subscriber';

/** The metered allowance, set by the newsroom. 0 means no metered reads: the wall at once. */
export interface MeterRules {
  /** Walled articles an anonymous browser reads in any 30 days before the registration wall. */
  readonly anonymousPer30Days: number;
  /** Paid articles a signed-in member without a plan reads in a calendar month before the subscription offer. */
  readonly memberPerMonth: number;
}

/** Until the newsroom sets a meter, walls are hard: no reader gets a walled body by being new. */
export const DEFAULT_METER_RULES: MeterRules = { anonymousPer30Days: 0, memberPerMonth: 0 };
/** Upper bound of either allowance: the meter is a cookie, and a cookie must stay small. */
export const METER_MAX = 30;

/** Articles a browser has read on the meter, and whose meter it is (0: anonymous, else the member's id). */
export interface Meter {
  readonly owner: number;
  readonly reads: readonly { readonly articleId: number; readonly at: number }[];
}

export const EMPTY_METER: Meter = { owner: 0, reads: [] };

/** full: the whole article; register: the sign-up wall; subscribe: the plans offer. */
export type Variant = 'full' | 'register' | 'subscribe';

export interface PaywallDecision {
  readonly variant: Variant;
  /** The read counts against the meter: the meter to keep from now on (the caller stores it). */
  readonly meter?: Meter;
}

const DAY_MS = 86_400_000;

export interface DecideInput {
  readonly access: ArticleAccess;
  readonly level: ReaderLevel;
  readonly memberId: number;
  readonly articleId: number;
  readonly rules: MeterRules;
  readonly meter: Meter;
  readonly now: number;
  /** The calendar month of an instant in the edition's zone ("2026-12"). */
  readonly monthOf: (ms: number) => string;
}

/** Whether a level reads an access class outright, with no meter. */
export function entitled(access: ArticleAccess, level: ReaderLevel): boolean {
  if (access === 'public' || level === 'subscriber') return true;
  return access === 'members' && level === 'member';
}

/**
 * The decision for one article view. Anonymous readers have one meter for every walled article
 * (30 days, rolling); members without a plan have one for paid articles (the calendar month). An
 * article already on the meter is read again without counting; a meter of another owner (someone
 * else signed in on this browser) counts as empty.
 */
export function decide(input: DecideInput): PaywallDecision {
  const { access, level, now } = input;
  if (entitled(access, level)) return { variant: 'full' };
  const anonymous = level === 'anonymous';
  const limit = anonymous ? input.rules.anonymousPer30Days : input.rules.memberPerMonth;
  const wall: Variant = anonymous ? 'register' : 'subscribe';
  const owner = anonymous ? 0 : input.memberId;
  const month = anonymous ? '' : input.monthOf(now);
  const inWindow = (at: number) => at <= now && (anonymous ? at > now - 30 * DAY_MS : input.monthOf(at) === month);
  const reads = input.meter.owner === owner ? input.meter.reads.filter((r) => inWindow(r.at)) : [];
  if (reads.some((r) => r.articleId === input.articleId)) return { variant: 'full' };
  if (reads.length >= Math.min(limit, METER_MAX)) return { variant: wall };
  return { variant: 'full', meter: { owner, reads: [...reads, { articleId: input.articleId, at: now }] } };
}

import { actorCan, type Actor } from '../access/types.ts';
import { BroadsheetError } from '../errors.ts';
import { forbid } from '../newsroom/article-access.ts';
import type { Clock, Storage } from '../ports.ts';
import { DEFAULT_METER_RULES, METER_MAX, type MeterRules, type ReaderLevel } from './paywall-rules.ts';
import type { MemberPlan, Plan, PlanInput } from './plan-ports.ts';

/** Every walled article page shows the plans and the meter: a change to either re-renders them. */
export const PAYWALL_CACHE_KEY = 'paywall';
const SETTINGS_KEY = 'paywall';

/** Stripe statuses that still give access. past_due: Stripe is retrying the card, and the reader keeps reading meanwhile. */
const ENTITLED_STATUSES = new Set(['active', 'trialing', 'past_due']);

export function entitles(plan: MemberPlan, now: number): boolean {
  return ENTITLED_STATUSES.has(plan.status) && (plan.endsAt === null || plan.endsAt > now);
}

function invalid(field: string, detail: string): never {
  throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field, detail });
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const STRIPE_PRICE = /^(?:price_[A-Za-z0-9]{1,200})?$/;
const MAX_PRICE = 100_000_000;

function checkPlan(input: PlanInput): PlanInput {
  const name = input.name.trim();
  const slug = input.slug.trim();
  if (name === '' || name.length > 80) invalid('name', 'a name of 1 to 80 characters');
  if (!SLUG.test(slug) || slug.length > 60) invalid('slug', 'lower-case letters, digits and hyphens');
  if (input.benefits.length > 2000) invalid('benefits', 'at most 2,000 characters');
  for (const [field, price] of [['monthly price', input.monthlyPrice], ['yearly price', input.yearlyPrice]] as const) {
    if (!Number.isSafeInteger(price) || price < 0 || price > MAX_PRICE) invalid(field, 'a whole number of the currency’s smallest unit, from 0');
  }
  if (!/^[a-z]{3}$/.test(input.currency)) invalid('currency', 'a three-letter ISO 4217 code, e.g. jpy or usd');
  for (const [field, price] of [['Stripe monthly price', input.stripeMonthlyPrice], ['Stripe yearly price', input.stripeYearlyPrice]] as const) {
    if (!STRIPE_PRICE.test(price)) invalid(field, 'a Stripe Price id (price_…), or empty');
  }
  return { ...input, name, slug, benefits: input.benefits.trim() };
}

/** Parses the stored meter settings; anything unreadable is the default (never an open wall). */
function readRules(stored: string | undefined): MeterRules {
  if (!stored) return DEFAULT_METER_RULES;
  try {
    const v = JSON.parse(stored) as Partial<MeterRules>;
    const ok = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= METER_MAX;
    if (ok(v.anonymousPer30Days) && ok(v.memberPerMonth)) return { anonymousPer30Days: v.anonymousPer30Days as number, memberPerMonth: v.memberPerMonth as number };
  } catch {
    // fall through
  }
  return DEFAULT_METER_RULES;
}

/**
 * Plans, the meter, complimentary access, and what a member is entitled to. Each write is one
 * operation: validate → authorize → one transaction with its audit entry → invalidations.
 */
export class Plans {
  readonly #storage: Storage;
  readonly #clock: Clock;

  constructor(deps: { storage: Storage; clock: Clock }) {
    this.#storage = deps.storage;
    this.#clock = deps.clock;
  }

  /** Plans on offer (the public offer page lists the active ones). */
  async listPlans(): Promise<Plan[]> {
    return this.#storage.plans.listPlans();
  }

  async activePlans(): Promise<Plan[]> {
    return (await this.#storage.plans.listPlans()).filter((p) => p.active);
  }

  async findPlan(slug: string): Promise<Plan | undefined> {
    return this.#storage.plans.findPlanBySlug(slug);
  }

  async savePlan(actor: Actor, input: PlanInput, id?: number): Promise<{ plan: Plan; keys: string[] }> {
    const plan = checkPlan(input);
    if (!actorCan(actor, 'plan:manage')) forbid('admins manage plans');
    const now = this.#clock.now();
    return this.#storage.transaction(async (tx) => {
      const taken = await tx.plans.findPlanBySlug(plan.slug);
      if (taken && taken.id !== id) throw new BroadsheetError('BS_ERR_PLAN_TAKEN', { slug: plan.slug });
      let saved: Plan;
      if (id === undefined) saved = await tx.plans.createPlan(plan, now);
      else {
        if (!(await tx.plans.findPlan(id))) throw new BroadsheetError('BS_ERR_NOT_FOUND');
        await tx.plans.updatePlan(id, plan);
        saved = { ...plan, id };
      }
      await tx.audit.record({ at: now, userId: actor.id, action: id === undefined ? 'plan.create' : 'plan.update', target: `plan:${saved.id}`, detail: saved.slug });
      const keys = [PAYWALL_CACHE_KEY];
      await tx.invalidations.append(keys, now);
      return { plan: saved, keys };
    });
  }

  async meterRules(): Promise<MeterRules> {
    return readRules(await this.#storage.settings.get(SETTINGS_KEY));
  }

  async setMeterRules(actor: Actor, rules: MeterRules): Promise<string[]> {
    for (const [field, n] of [['anonymous allowance', rules.anonymousPer30Days], ['member allowance', rules.memberPerMonth]] as const) {
      if (!Number.isInteger(n) || n < 0 || n > METER_MAX) invalid(field, `a whole number from 0 to ${METER_MAX}`);
    }
    if (!actorCan(actor, 'plan:manage')) forbid('admins set the meter');
    const now = this.#clock.now();
    return this.#storage.transaction(async (tx) => {
      await tx.settings.put(SETTINGS_KEY, JSON.stringify({ anonymousPer30Days: rules.anonymousPer30Days, memberPerMonth: rules.memberPerMonth }));
      await tx.audit.record({ at: now, userId: actor.id, action: 'paywall.meter', target: 'paywall', detail: `${rules.anonymousPer30Days}/${rules.memberPerMonth}` });
      const keys = [PAYWALL_CACHE_KEY];
      await tx.invalidations.append(keys, now);
      return keys;
    });
  }

  /** The member's level: a subscriber while any plan entitles them (paid or complimentary). */
  async levelFor(memberId: number): Promise<Exclude<ReaderLevel, 'anonymous'>> {
    const now = this.#clock.now();
    return (await this.#storage.plans.memberPlans(memberId)).some((p) => entitles(p, now)) ? 'subscriber' : 'member';
  }

  /** A member's plans with their names, for the account page (their own) and the newsroom (admins). */
  async memberPlans(memberId: number): Promise<(MemberPlan & { readonly planName: string; readonly current: boolean })[]> {
    const [rows, plans] = await Promise.all([this.#storage.plans.memberPlans(memberId), this.#storage.plans.listPlans()]);
    const now = this.#clock.now();
    return rows.map((r) => ({ ...r, planName: plans.find((p) => p.id === r.planId)?.name ?? 'A plan no longer offered', current: entitles(r, now) }));
  }

  async memberPlansFor(actor: Actor, memberId: number): Promise<Awaited<ReturnType<Plans['memberPlans']>>> {
    if (!actorCan(actor, 'plan:manage')) forbid('admins see members’ plans');
    return this.memberPlans(memberId);
  }

  async planCounts(actor: Actor): Promise<{ plan: string; members: number }[]> {
    if (!actorCan(actor, 'member:manage')) forbid('admins see reader accounts');
    const [counts, plans] = await Promise.all([this.#storage.plans.planCounts(this.#clock.now()), this.#storage.plans.listPlans()]);
    return counts.map((c) => ({ plan: plans.find((p) => p.id === c.planId)?.name ?? 'A plan no longer offered', members: c.members }));
  }

  /** Complimentary access to a plan until a date, granted by staff (audited with who and why). */
  async grant(actor: Actor, input: { memberId: number; planSlug: string; endsAt: number; note: string }): Promise<MemberPlan> {
    const now = this.#clock.now();
    if (!Number.isFinite(input.endsAt) || input.endsAt <= now) invalid('end date', 'a date after today');
    if (input.note.length > 500) invalid('note', 'at most 500 characters');
    if (!actorCan(actor, 'plan:manage')) forbid('admins grant complimentary access');
    return this.#storage.transaction(async (tx) => {
      const [member, plan] = await Promise.all([tx.members.findById(input.memberId), tx.plans.findPlanBySlug(input.planSlug)]);
      if (!member || !plan) throw new BroadsheetError('BS_ERR_NOT_FOUND');
      const granted = await tx.plans.grant({ memberId: member.id, planId: plan.id, endsAt: input.endsAt, note: input.note.trim(), grantedBy: actor.id, at: now });
      await tx.audit.record({ at: now, userId: actor.id, action: 'plan.grant', target: `member:${member.id}`, detail: `${plan.slug} until ${new Date(input.endsAt).toISOString()}` });
      return granted;
    });
  }

  async revoke(actor: Actor, memberId: number, grantId: number): Promise<void> {
    if (!actorCan(actor, 'plan:manage')) forbid('admins revoke complimentary access');
    const now = this.#clock.now();
    await this.#storage.transaction(async (tx) => {
      const grant = (await tx.plans.memberPlans(memberId)).find((p) => p.id === grantId && p.source === 'complimentary');
      if (!grant) throw new BroadsheetError('BS_ERR_NOT_FOUND');
      await tx.plans.revoke(grant.id, now);
      await tx.audit.record({ at: now, userId: actor.id, action: 'plan.revoke', target: `member:${memberId}`, detail: String(grant.id) });
    });
  }
}

/** Plans, members' entitlements to them, and the Stripe events already applied (migration 020). */

export interface Plan {
  readonly id: number;
  readonly slug: string;
  readonly name: string;
  /** One benefit per line. */
  readonly benefits: string;
  /** In the currency's minor unit (yen: 980 is ¥980; dollars: 999 is $9.99). */
  readonly monthlyPrice: number;
  readonly yearlyPrice: number;
  /** ISO 4217, lower case as Stripe writes it ("jpy"). */
  readonly currency: string;
  readonly active: boolean;
  /** Stripe Price ids for Checkout ("" until set). */
  readonly stripeMonthlyPrice: string;
  readonly stripeYearlyPrice: string;
}

export type PlanInput = Omit<Plan, 'id'>;

export type PlanSource = 'stripe' | 'complimentary';

/** What entitles a member to a plan: a Stripe subscription, or a grant by staff until a date. */
export interface MemberPlan {
  readonly id: number;
  readonly memberId: number;
  readonly planId: number | null;
  readonly source: PlanSource;
  /** Stripe's subscription status (active, trialing, past_due, canceled, …); grants are "active". */
  readonly status: string;
  readonly endsAt: number | null;
  readonly stripeCustomer: string;
  readonly stripeSubscription: string | null;
  readonly eventAt: number;
  readonly note: string;
  readonly grantedBy: number | null;
  readonly createdAt: number;
}

export interface PlanRepository {
  listPlans(): Promise<Plan[]>;
  findPlan(id: number): Promise<Plan | undefined>;
  findPlanBySlug(slug: string): Promise<Plan | undefined>;
  findPlanByStripePrice(price: string): Promise<Plan | undefined>;
  createPlan(input: PlanInput, at: number): Promise<Plan>;
  updatePlan(id: number, input: PlanInput): Promise<void>;

  memberPlans(memberId: number): Promise<MemberPlan[]>;
  /** Members with an entitlement, for the newsroom's members list. */
  planCounts(now: number): Promise<{ planId: number | null; members: number }[]>;
  /** The plans that entitle each of these members now (names by member id). */
  currentPlans(memberIds: readonly number[], now: number): Promise<Map<number, string[]>>;
  grant(input: { memberId: number; planId: number; endsAt: number; note: string; grantedBy: number; at: number }): Promise<MemberPlan>;
  revoke(id: number, at: number): Promise<void>;
  findBySubscription(subscription: string): Promise<MemberPlan | undefined>;
  findCustomer(memberId: number): Promise<string | undefined>;
  memberForCustomer(customer: string): Promise<number | undefined>;
  /** Writes a subscription's state as of `eventAt`; returns false when a newer event was applied already. */
  upsertSubscription(input: {
    memberId: number;
    planId: number | null;
    status: string;
    endsAt: number | null;
    customer: string;
    subscription: string;
    eventAt: number;
    at: number;
  }): Promise<boolean>;
  /** Records an event id; false when it was recorded before (a replay). */
  recordEvent(id: string, type: string, at: number): Promise<boolean>;
}

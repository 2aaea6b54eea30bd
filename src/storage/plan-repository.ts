import type { Kysely, Selectable } from 'kysely';
import type { MemberPlan, Plan, PlanInput, PlanRepository, PlanSource } from '../core/members/plan-ports.ts';
import type { Database, MemberPlansTable, PlansTable } from './schema.ts';

function toPlan(r: Selectable<PlansTable>): Plan {
  return {
    id: r.id, slug: r.slug, name: r.name, benefits: r.benefits, monthlyPrice: Number(r.monthly_price), yearlyPrice: Number(r.yearly_price),
    currency: r.currency, active: Number(r.active) === 1, stripeMonthlyPrice: r.stripe_monthly_price, stripeYearlyPrice: r.stripe_yearly_price,
  };
}

function toMemberPlan(r: Selectable<MemberPlansTable>): MemberPlan {
  return {
    id: r.id, memberId: r.member_id, planId: r.plan_id, source: r.source as PlanSource, status: r.status, endsAt: r.ends_at === null ? null : Number(r.ends_at),
    stripeCustomer: r.stripe_customer, stripeSubscription: r.stripe_subscription, eventAt: Number(r.event_at), note: r.note, grantedBy: r.granted_by,
    createdAt: Number(r.created_at),
  };
}

function planRow(input: PlanInput) {
  return {
    slug: input.slug, name: input.name, benefits: input.benefits, monthly_price: input.monthlyPrice, yearly_price: input.yearlyPrice, currency: input.currency,
    active: input.active ? 1 : 0, stripe_monthly_price: input.stripeMonthlyPrice, stripe_yearly_price: input.stripeYearlyPrice,
  };
}

export class KyselyPlanRepository implements PlanRepository {
  readonly #db: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async listPlans(): Promise<Plan[]> {
    return (await this.#db.selectFrom('plans').selectAll().orderBy('monthly_price').orderBy('id').execute()).map(toPlan);
  }

  async findPlan(id: number): Promise<Plan | undefined> {
    const row = await this.#db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPlan(row) : undefined;
  }

  async findPlanBySlug(slug: string): Promise<Plan | undefined> {
    const row = await this.#db.selectFrom('plans').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row ? toPlan(row) : undefined;
  }

  async findPlanByStripePrice(price: string): Promise<Plan | undefined> {
    if (price === '') return undefined;
    const row = await this.#db
      .selectFrom('plans')
      .selectAll()
      .where((eb) => eb.or([eb('stripe_monthly_price', '=', price), eb('stripe_yearly_price', '=', price)]))
      .executeTakeFirst();
    return row ? toPlan(row) : undefined;
  }

  async createPlan(input: PlanInput, at: number): Promise<Plan> {
    const row = await this.#db.insertInto('plans').values({ ...planRow(input), created_at: at }).returningAll().executeTakeFirstOrThrow();
    return toPlan(row);
  }

  async updatePlan(id: number, input: PlanInput): Promise<void> {
    await this.#db.updateTable('plans').set(planRow(input)).where('id', '=', id).execute();
  }

  async memberPlans(memberId: number): Promise<MemberPlan[]> {
    const rows = await this.#db.selectFrom('member_plans').selectAll().where('member_id', '=', memberId).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
    return rows.map(toMemberPlan);
  }

  async planCounts(now: number): Promise<{ planId: number | null; members: number }[]> {
    const rows = await this.#db
      .selectFrom('member_plans')
      .select(['plan_id', (eb) => eb.fn.count<number>('member_id').distinct().as('n')])
      .where('status', 'in', ['active', 'trialing', 'past_due'])
      .where((eb) => eb.or([eb('ends_at', 'is', null), eb('ends_at', '>', now)]))
      .groupBy('plan_id')
      .execute();
    return rows.map((r) => ({ planId: r.plan_id, members: Number(r.n) }));
  }

  async currentPlans(memberIds: readonly number[], now: number): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>();
    if (memberIds.length === 0) return out;
    const rows = await this.#db
      .selectFrom('member_plans as mp')
      .leftJoin('plans as p', 'p.id', 'mp.plan_id')
      .select(['mp.member_id', 'p.name'])
      .where('mp.member_id', 'in', [...memberIds])
      .where('mp.status', 'in', ['active', 'trialing', 'past_due'])
      .where((eb) => eb.or([eb('mp.ends_at', 'is', null), eb('mp.ends_at', '>', now)]))
      .orderBy('mp.id')
      .execute();
    for (const r of rows) out.set(r.member_id, [...(out.get(r.member_id) ?? []), r.name ?? 'A plan no longer offered']);
    return out;
  }

  async grant(input: { memberId: number; planId: number; endsAt: number; note: string; grantedBy: number; at: number }): Promise<MemberPlan> {
    const row = await this.#db
      .insertInto('member_plans')
      .values({
        member_id: input.memberId, plan_id: input.planId, source: 'complimentary', status: 'active', ends_at: input.endsAt, note: input.note,
        granted_by: input.grantedBy, created_at: input.at, updated_at: input.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toMemberPlan(row);
  }

  async revoke(id: number, at: number): Promise<void> {
    await this.#db.updateTable('member_plans').set({ status: 'canceled', ends_at: at, updated_at: at }).where('id', '=', id).where('source', '=', 'complimentary').execute();
  }

  async findBySubscription(subscription: string): Promise<MemberPlan | undefined> {
    const row = await this.#db.selectFrom('member_plans').selectAll().where('stripe_subscription', '=', subscription).executeTakeFirst();
    return row ? toMemberPlan(row) : undefined;
  }

  async findCustomer(memberId: number): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('member_plans')
      .select('stripe_customer')
      .where('member_id', '=', memberId)
      .where('stripe_customer', '!=', '')
      .orderBy('updated_at', 'desc')
      .executeTakeFirst();
    return row?.stripe_customer;
  }

  async memberForCustomer(customer: string): Promise<number | undefined> {
    if (customer === '') return undefined;
    const row = await this.#db.selectFrom('member_plans').select('member_id').where('stripe_customer', '=', customer).executeTakeFirst();
    return row?.member_id;
  }

  async upsertSubscription(input: {
    memberId: number; planId: number | null; status: string; endsAt: number | null; customer: string; subscription: string; eventAt: number; at: number;
  }): Promise<boolean> {
    const existing = await this.#db.selectFrom('member_plans').select(['id', 'event_at']).where('stripe_subscription', '=', input.subscription).executeTakeFirst();
    const values = { plan_id: input.planId, status: input.status, ends_at: input.endsAt, stripe_customer: input.customer, event_at: input.eventAt, updated_at: input.at };
    if (!existing) {
      await this.#db
        .insertInto('member_plans')
        .values({ ...values, member_id: input.memberId, source: 'stripe', stripe_subscription: input.subscription, created_at: input.at })
        .execute();
      return true;
    }
    if (Number(existing.event_at) > input.eventAt) return false;
    await this.#db.updateTable('member_plans').set(values).where('id', '=', existing.id).execute();
    return true;
  }

  async recordEvent(id: string, type: string, at: number): Promise<boolean> {
    const result = await this.#db.insertInto('stripe_events').values({ id, type, received_at: at }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}

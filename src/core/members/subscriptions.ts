import { BroadsheetError } from '../errors.ts';
import type { Clock, Storage } from '../ports.ts';
import type { Member } from './member-ports.ts';
import { subscriptionState, type PaymentEvent, type Payments, type SubscriptionState } from './payment-ports.ts';
import type { Plan } from './plan-ports.ts';

/** What an applied event did, for the webhook's log line and the tests. */
export type EventOutcome = 'applied' | 'replayed' | 'stale' | 'ignored';

const SUBSCRIPTION_EVENTS = new Set(['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted']);

/**
 * Paid plans through the payments port: checkout and the billing portal for readers, and the
 * provider's webhook as the only source of truth about a subscription (docs/members.md, "Payments").
 * An event is applied once (its id is recorded in the same transaction), newest-wins (an older event
 * arriving late changes nothing), and only when its signature checks out.
 */
export class Subscriptions {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #payments: Payments;
  readonly #publicUrl: string;

  constructor(deps: { storage: Storage; clock: Clock; payments: Payments; publicUrl: string }) {
    this.#storage = deps.storage;
    this.#clock = deps.clock;
    this.#payments = deps.payments;
    this.#publicUrl = deps.publicUrl;
  }

  get configured(): boolean {
    return this.#payments.configured;
  }

  #requireConfigured(): void {
    if (!this.#payments.configured) throw new BroadsheetError('BS_ERR_PAYMENTS_OFF');
  }

  /** The checkout address for a member choosing a plan and a billing interval. */
  async checkout(member: Member, plan: Plan, interval: 'month' | 'year', returnTo: string): Promise<string> {
    this.#requireConfigured();
    const price = interval === 'month' ? plan.stripeMonthlyPrice : plan.stripeYearlyPrice;
    if (!plan.active || price === '') throw new BroadsheetError('BS_ERR_NOT_FOUND');
    const customer = await this.#storage.plans.findCustomer(member.id);
    const back = `${this.#publicUrl}${returnTo}`;
    return this.#payments.checkout({
      memberId: member.id,
      email: member.email,
      customer,
      price,
      successUrl: `${this.#publicUrl}/account/?done=subscribed&returnTo=${encodeURIComponent(returnTo)}`,
      cancelUrl: back,
    });
  }

  /** Whether the member has a billing account to manage (they have paid before). */
  async hasBilling(memberId: number): Promise<boolean> {
    return this.#payments.configured && (await this.#storage.plans.findCustomer(memberId)) !== undefined;
  }

  /** The billing portal for a member who has paid before (cards, invoices, cancelling). */
  async portal(member: Member): Promise<string> {
    this.#requireConfigured();
    const customer = await this.#storage.plans.findCustomer(member.id);
    if (!customer) throw new BroadsheetError('BS_ERR_NOT_FOUND');
    return this.#payments.portal({ customer, returnUrl: `${this.#publicUrl}/account/` });
  }

  /** Cancels the member's live subscriptions with the provider (before their account is erased). */
  async cancelAll(memberId: number): Promise<void> {
    const live = (await this.#storage.plans.memberPlans(memberId)).filter((p) => p.source === 'stripe' && p.stripeSubscription && p.status !== 'canceled');
    if (live.length === 0) return;
    this.#requireConfigured();
    try {
      for (const p of live) await this.#payments.cancel(p.stripeSubscription as string);
    } catch (err) {
      // The account stays: erasing it while Stripe keeps charging would be worse than asking to try again.
      throw new BroadsheetError('BS_ERR_PAYMENTS_UNAVAILABLE', {}, { cause: err });
    }
  }

  /** Verifies and applies one webhook delivery. */
  async receive(payload: string, signature: string | undefined): Promise<EventOutcome> {
    const event = this.#payments.verifyEvent(payload, signature);
    // A completed checkout names the subscription; its state is read before the transaction (no network inside one).
    let fetched: SubscriptionState | undefined;
    if (event.type === 'checkout.session.completed' && event.object.mode === 'subscription' && typeof event.object.subscription === 'string') {
      fetched = await this.#payments.subscription(event.object.subscription);
    }
    const now = this.#clock.now();
    return this.#storage.transaction(async (tx) => {
      if (!(await tx.plans.recordEvent(event.id, event.type, now))) return 'replayed';
      const state = fetched ?? this.#stateOf(event);
      if (!state) return 'ignored';
      if (event.type === 'invoice.payment_failed') {
        // Only marks a subscription we know; its own update event, when it comes, says the rest.
        const known = await tx.plans.findBySubscription(state.id);
        if (!known) return 'ignored';
        const applied = await tx.plans.upsertSubscription({
          memberId: known.memberId, planId: known.planId, status: 'past_due', endsAt: known.endsAt, customer: known.stripeCustomer,
          subscription: state.id, eventAt: event.createdAt, at: now,
        });
        if (applied) await tx.audit.record({ at: now, userId: null, action: 'subscription.payment_failed', target: `member:${known.memberId}`, detail: state.id });
        return applied ? 'applied' : 'stale';
      }
      const memberId = await this.#memberOf(tx, event, state);
      if (memberId === undefined) return 'ignored';
      const plan = await tx.plans.findPlanByStripePrice(state.priceId);
      const status = event.type === 'customer.subscription.deleted' ? 'canceled' : state.status;
      const applied = await tx.plans.upsertSubscription({
        memberId, planId: plan?.id ?? null, status, endsAt: status === 'canceled' ? (state.endedAt ?? event.createdAt) : null, customer: state.customer,
        subscription: state.id, eventAt: event.createdAt, at: now,
      });
      if (applied) await tx.audit.record({ at: now, userId: null, action: `subscription.${status}`, target: `member:${memberId}`, detail: `${state.id} ${plan?.slug ?? state.priceId}` });
      return applied ? 'applied' : 'stale';
    });
  }

  #stateOf(event: PaymentEvent): SubscriptionState | undefined {
    if (SUBSCRIPTION_EVENTS.has(event.type)) return subscriptionState(event.object);
    if (event.type === 'invoice.payment_failed') {
      // The subscription's id moved under `parent` in newer API versions.
      const o = event.object as { subscription?: unknown; parent?: { subscription_details?: { subscription?: unknown } } };
      const id = typeof o.subscription === 'string' ? o.subscription : o.parent?.subscription_details?.subscription;
      return typeof id === 'string' ? { id, customer: '', status: 'past_due', priceId: '', memberRef: '', endedAt: null } : undefined;
    }
    return undefined;
  }

  /** Whose subscription: the checkout's own reference, the metadata it wrote, or the customer seen before. */
  async #memberOf(tx: Parameters<Parameters<Storage['transaction']>[0]>[0], event: PaymentEvent, state: SubscriptionState): Promise<number | undefined> {
    const refs = [event.type === 'checkout.session.completed' ? event.object.client_reference_id : undefined, state.memberRef];
    for (const ref of refs) {
      if (typeof ref === 'string' && /^[1-9][0-9]{0,14}$/.test(ref)) {
        const member = await tx.members.findById(Number(ref));
        if (member) return member.id;
      }
    }
    return tx.plans.memberForCustomer(state.customer);
  }
}

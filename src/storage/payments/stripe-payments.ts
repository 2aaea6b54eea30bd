import Stripe from 'stripe';
import { BroadsheetError } from '../../core/errors.ts';
import { subscriptionState, type PaymentEvent, type Payments, type SubscriptionState } from '../../core/members/payment-ports.ts';

/** Signed events older than this are refused (the library's default tolerance, said here so it is a decision). */
const SIGNATURE_TOLERANCE_S = 300;

/**
 * The payments port over Stripe's official library (decision 020). Checkout Sessions in subscription
 * mode, the Customer Portal, Subscriptions read and cancelled, and webhook signatures checked by the
 * library's own `constructEvent`. `apiUrl` points the client at a local server in tests.
 */
export class StripePayments implements Payments {
  readonly configured = true;
  readonly #stripe: Stripe;
  readonly #webhookSecret: string;

  constructor(options: { secretKey: string; webhookSecret: string; apiUrl?: string | undefined }) {
    const api = options.apiUrl ? new URL(options.apiUrl) : undefined;
    this.#stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      ...(api ? { host: api.hostname, port: api.port || (api.protocol === 'https:' ? 443 : 80), protocol: api.protocol === 'https:' ? 'https' : 'http' } : {}),
    });
    this.#webhookSecret = options.webhookSecret;
  }

  async checkout(input: { memberId: number; email: string; customer: string | undefined; price: string; successUrl: string; cancelUrl: string }): Promise<string> {
    const session = await this.#stripe.checkout.sessions.create({
      mode: 'subscription',
      line_items: [{ price: input.price, quantity: 1 }],
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      // Whose checkout it is, in the session and in the subscription it creates (the webhook reads either).
      client_reference_id: String(input.memberId),
      subscription_data: { metadata: { member_id: String(input.memberId) } },
      ...(input.customer ? { customer: input.customer } : { customer_email: input.email }),
    });
    if (!session.url) throw new Error('Stripe returned a checkout session without a URL');
    return session.url;
  }

  async portal(input: { customer: string; returnUrl: string }): Promise<string> {
    const session = await this.#stripe.billingPortal.sessions.create({ customer: input.customer, return_url: input.returnUrl });
    return session.url;
  }

  async subscription(id: string): Promise<SubscriptionState> {
    const sub = await this.#stripe.subscriptions.retrieve(id);
    return subscriptionState(sub as unknown as Record<string, unknown>);
  }

  async cancel(subscription: string): Promise<void> {
    await this.#stripe.subscriptions.cancel(subscription);
  }

  verifyEvent(payload: string, signature: string | undefined): PaymentEvent {
    if (!signature) throw new BroadsheetError('BS_ERR_PAYMENT_SIGNATURE');
    let event: Stripe.Event;
    try {
      event = this.#stripe.webhooks.constructEvent(payload, signature, this.#webhookSecret, SIGNATURE_TOLERANCE_S);
    } catch (err) {
      throw new BroadsheetError('BS_ERR_PAYMENT_SIGNATURE', {}, { cause: err });
    }
    return { id: event.id, type: event.type, createdAt: event.created * 1000, object: event.data.object as unknown as Record<string, unknown> };
  }
}

import { BroadsheetError } from '../errors.ts';

/**
 * The payments port: what Broadsheet asks of a payment provider (Stripe, in
 * src/storage/payments/stripe-payments.ts). The webhook is the truth about subscriptions; these calls
 * only start a checkout, open the billing portal, read a subscription, and cancel one.
 */

/** A provider's event as its webhook delivers it, after the signature is checked. */
export interface PaymentEvent {
  readonly id: string;
  readonly type: string;
  /** When the provider created the event (ms): events are applied newest-wins. */
  readonly createdAt: number;
  readonly object: Readonly<Record<string, unknown>>;
}

/** The fields of a subscription that decide a member's plan. */
export interface SubscriptionState {
  readonly id: string;
  readonly customer: string;
  readonly status: string;
  readonly priceId: string;
  /** The member id the checkout wrote into the subscription's metadata ("" when absent). */
  readonly memberRef: string;
  /** When it ended (ms), for a canceled subscription. */
  readonly endedAt: number | null;
}

export interface Payments {
  /** False when no provider is configured: subscribing answers BS_ERR_PAYMENTS_OFF. */
  readonly configured: boolean;
  /** Starts a hosted checkout for a subscription; returns the address to send the reader to. */
  checkout(input: { memberId: number; email: string; customer: string | undefined; price: string; successUrl: string; cancelUrl: string }): Promise<string>;
  /** The hosted billing portal for a customer; returns its address. */
  portal(input: { customer: string; returnUrl: string }): Promise<string>;
  subscription(id: string): Promise<SubscriptionState>;
  /** Cancels at once (an account being erased). */
  cancel(subscription: string): Promise<void>;
  /** Checks the webhook signature and parses the event; throws BS_ERR_PAYMENT_SIGNATURE. */
  verifyEvent(payload: string, signature: string | undefined): PaymentEvent;
}

/** Reads a subscription object as the provider sends it in an event or an API answer. */
export function subscriptionState(object: Readonly<Record<string, unknown>>): SubscriptionState {
  const items = (object.items as { data?: { price?: { id?: unknown } }[] } | undefined)?.data ?? [];
  const customer = object.customer;
  const metadata = (object.metadata as Record<string, unknown> | undefined) ?? {};
  const ended = object.ended_at;
  return {
    id: String(object.id ?? ''),
    customer: typeof customer === 'string' ? customer : String((customer as { id?: unknown } | null)?.id ?? ''),
    status: String(object.status ?? ''),
    priceId: String(items[0]?.price?.id ?? ''),
    memberRef: typeof metadata.member_id === 'string' ? metadata.member_id : '',
    endedAt: typeof ended === 'number' ? ended * 1000 : null,
  };
}

/** No provider configured: plans can be shown and granted, but nobody can pay yet. */
export const PAYMENTS_OFF: Payments = {
  configured: false,
  checkout: () => Promise.reject(new BroadsheetError('BS_ERR_PAYMENTS_OFF')),
  portal: () => Promise.reject(new BroadsheetError('BS_ERR_PAYMENTS_OFF')),
  subscription: () => Promise.reject(new BroadsheetError('BS_ERR_PAYMENTS_OFF')),
  cancel: () => Promise.reject(new BroadsheetError('BS_ERR_PAYMENTS_OFF')),
  verifyEvent: () => {
    throw new BroadsheetError('BS_ERR_PAYMENTS_OFF');
  },
};

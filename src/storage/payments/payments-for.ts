import type { Config } from '../../config.ts';
import { PAYMENTS_OFF, type Payments } from '../../core/members/payment-ports.ts';
import { StripePayments } from './stripe-payments.ts';

/** Stripe when its keys are configured; otherwise plans can be shown and granted but nobody can pay. */
export function paymentsFor(config: Config): Payments {
  const { secretKey, webhookSecret, apiUrl } = config.stripe;
  return secretKey && webhookSecret ? new StripePayments({ secretKey, webhookSecret, apiUrl }) : PAYMENTS_OFF;
}

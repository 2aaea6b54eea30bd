import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Subscriptions } from '../../core/members/subscriptions.ts';

/** A Stripe event is a few kilobytes; this is generous and still bounded. */
const EVENT_BODY_LIMIT = 512 * 1024;

const Headers = Type.Object({ 'stripe-signature': Type.Optional(Type.String({ maxLength: 4096 })) });

/**
 * POST /api/payments/stripe: Stripe's webhook. The body is kept as the exact string Stripe signed
 * (a parsed and re-serialized body would not verify); the signature, not the caller, is the
 * authority, so there is no session, CSRF or key. Answers 200 for every genuine event, applied or
 * not, so Stripe stops retrying it; 400 for a bad signature.
 */
export async function paymentsWebhookPlugin(app: FastifyInstance, options: { subscriptions: Subscriptions }): Promise<void> {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: EVENT_BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.post('/api/payments/stripe', { schema: { headers: Headers }, bodyLimit: EVENT_BODY_LIMIT }, async (request, reply) => {
    const signature = request.headers['stripe-signature'];
    const outcome = await options.subscriptions.receive(String(request.body ?? ''), typeof signature === 'string' ? signature : undefined);
    if (outcome !== 'replayed') request.log.info({ outcome }, 'payment event');
    return reply.header('cache-control', 'no-store').send({ received: true, outcome });
  });
}

import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/** A request the fake Stripe API received: form parameters as Stripe's library encodes them. */
export interface StripeCall {
  readonly method: string;
  readonly path: string;
  readonly params: URLSearchParams;
  readonly authorization: string;
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A local HTTP server that answers the four calls Broadsheet makes as Stripe's API reference documents
 * them (Checkout Sessions create, Billing Portal Sessions create, Subscriptions retrieve and cancel),
 * with objects of the documented shape. It is not Stripe: it checks nothing about prices or customers,
 * and says so in docs/members.md.
 */
export async function startFakeStripe(): Promise<{
  url: string;
  calls: StripeCall[];
  subscriptions: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}> {
  const calls: StripeCall[] = [];
  const subscriptions = new Map<string, Record<string, unknown>>();
  let n = 0;
  const server = createServer(async (req, res) => {
    const raw = await body(req);
    const [path = '', query = ''] = (req.url ?? '').split('?');
    const params = new URLSearchParams(req.method === 'GET' || req.method === 'DELETE' ? query : raw);
    calls.push({ method: req.method ?? '', path, params, authorization: String(req.headers.authorization ?? '') });
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${++n}` });
      res.end(JSON.stringify(value));
    };
    const sub = /^\/v1\/subscriptions\/([A-Za-z0-9_]+)$/.exec(path);
    if (req.method === 'POST' && path === '/v1/checkout/sessions') {
      const id = `cs_test_${++n}`;
      return send(200, {
        id, object: 'checkout.session', mode: params.get('mode'), url: `https://checkout.test/pay/${id}`, status: 'open',
        client_reference_id: params.get('client_reference_id'), customer: params.get('customer'), customer_email: params.get('customer_email'),
        success_url: params.get('success_url'), cancel_url: params.get('cancel_url'), livemode: false,
      });
    }
    if (req.method === 'POST' && path === '/v1/billing_portal/sessions') {
      const id = `bps_test_${++n}`;
      return send(200, { id, object: 'billing_portal.session', customer: params.get('customer'), return_url: params.get('return_url'), url: `https://billing.test/session/${id}`, livemode: false });
    }
    if (sub && (req.method === 'GET' || req.method === 'DELETE')) {
      const found = subscriptions.get(sub[1] as string);
      if (!found) return send(404, { error: { type: 'invalid_request_error', code: 'resource_missing', message: `No such subscription: '${sub[1]}'` } });
      if (req.method === 'DELETE') {
        const canceled = { ...found, status: 'canceled', ended_at: Math.floor(Date.now() / 1000) };
        subscriptions.set(sub[1] as string, canceled);
        return send(200, canceled);
      }
      return send(200, found);
    }
    return send(404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path})` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    subscriptions,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A subscription object as Stripe's API reference shows one (the fields Broadsheet reads, and a few around them). */
export function subscriptionObject(input: { id: string; customer: string; status: string; price: string; memberId?: number; endedAt?: number }): Record<string, unknown> {
  return {
    id: input.id, object: 'subscription', customer: input.customer, status: input.status, livemode: false,
    metadata: input.memberId === undefined ? {} : { member_id: String(input.memberId) },
    items: { object: 'list', data: [{ id: `si_${input.id}`, object: 'subscription_item', price: { id: input.price, object: 'price', recurring: { interval: 'month' } }, quantity: 1 }] },
    cancel_at_period_end: false, ended_at: input.endedAt ?? null,
  };
}

const signer = new Stripe('sk_test_signer00000000');

/** An event as Stripe delivers it, and its Stripe-Signature made by the library's own test helper. */
export function signedEvent(secret: string, event: { id: string; type: string; created: number; object: Record<string, unknown> }, options: { timestamp?: number } = {}): { payload: string; signature: string } {
  const payload = JSON.stringify({ id: event.id, object: 'event', api_version: '2025-01-27', created: event.created, livemode: false, type: event.type, data: { object: event.object } });
  const signature = signer.webhooks.generateTestHeaderString({ payload, secret, ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}) });
  return { payload, signature };
}

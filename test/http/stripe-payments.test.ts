import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { articlePath } from '../../src/core/content/article-path.ts';
import { AdminClient, signedIn } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { postgresDialect, postgresStatus, sqliteDialect, type TestDialect } from '../helpers/dialects.ts';
import { signedEvent, startFakeStripe, subscriptionObject } from '../helpers/fake-stripe.ts';
import { signUpMember } from '../helpers/members.ts';
import { requires } from '../helpers/requirements.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';

/*
 * Paid plans through Stripe's official library, against a local server that answers as Stripe's API
 * reference documents, with webhook events signed by the library's own test helper. What this does
 * not prove (Stripe's real behaviour) is listed in docs/members.md, "Payments".
 */

const pg = await postgresStatus();
const SECRET = 'whsec_testsecret0123456789';
const T0 = 1_800_000_000;

for (const [dialect, missing] of [[sqliteDialect, undefined], [postgresDialect, pg.ok ? undefined : pg.reason]] as [TestDialect, string | undefined][]) {
  const suite = `payments through Stripe (${dialect.name})`;
  describe(suite, { skip: requires(suite, dialect.name === 'postgres' ? { postgres: missing } : {}) }, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
    let stripe: Awaited<ReturnType<typeof startFakeStripe>>;
    let reader: AdminClient;
    let memberId: number;
    let paidPath: string;
    let events = 0;

    const deliver = (type: string, created: number, object: Record<string, unknown>, secret = SECRET) => {
      const { payload, signature } = signedEvent(secret, { id: `evt_${dialect.name}_${++events}`, type, created, object });
      return { payload, signature, send: () => t.app.inject({ method: 'POST', url: '/api/payments/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, payload }) };
    };
    const outcome = (res: { statusCode: number; body: string }) => {
      assert.equal(res.statusCode, 200, res.body);
      return (JSON.parse(res.body) as { outcome: string }).outcome;
    };
    const level = () => t.services.plans.levelFor(memberId);

    before(async () => {
      smtp = await startSmtpSink();
      stripe = await startFakeStripe();
      t = await startTestApp({
        dialect,
        env: { BROADSHEET_SMTP_URL: smtp.url, BROADSHEET_STRIPE_SECRET_KEY: 'sk_test_broadsheet0001', BROADSHEET_STRIPE_WEBHOOK_SECRET: SECRET, BROADSHEET_STRIPE_API_URL: stripe.url },
      });
      const admin = await signedIn(t.app, t.services, 'admin');
      await admin.get('/admin/plans/');
      const made = await admin.post('/admin/plans/', {
        name: 'Premium', slug: 'premium', currency: 'usd', monthlyPrice: '999', yearlyPrice: '9900', stripeMonthlyPrice: 'price_monthly1', stripeYearlyPrice: 'price_yearly1', active: '1',
      });
      assert.equal(made.statusCode, 303, made.body);
      const summary = (await t.services.storage.articles.list({ kind: 'all' }, { limit: 1, offset: 0 })).items[0]!;
      paidPath = articlePath(summary, await t.services.reader.sections(), t.services.time);
      const editor = await signedIn(t.app, t.services, 'editor');
      await editor.get(`/admin/articles/${summary.id}/`);
      assert.equal((await editor.post(`/admin/articles/${summary.id}/access`, { access: 'paid' })).statusCode, 303);
      ({ client: reader } = await signUpMember(t, smtp.mails, 'payer@example.com'));
      memberId = (await t.services.storage.members.findByEmail('payer@example.com'))!.id;
    });
    after(async () => {
      await t?.close();
      await stripe?.close();
      await smtp?.close();
    });

    test('subscribing starts a Stripe Checkout session for the plan’s price and sends the reader to it', async () => {
      const plans = await reader.get(`/account/plans/?returnTo=${encodeURIComponent(paidPath)}`);
      assert.equal(plans.statusCode, 200);
      assert.match(plans.body, /\$9\.99 a month/);
      const res = await reader.post('/account/subscribe', { plan: 'premium', interval: 'month', returnTo: paidPath });
      assert.equal(res.statusCode, 303, res.body);
      assert.match(res.headers.location as string, /^https:\/\/checkout\.test\/pay\/cs_test_/);
      const call = stripe.calls.find((c) => c.path === '/v1/checkout/sessions')!;
      assert.equal(call.authorization, 'Bearer sk_test_broadsheet0001');
      assert.equal(call.params.get('mode'), 'subscription');
      assert.equal(call.params.get('line_items[0][price]'), 'price_monthly1');
      assert.equal(call.params.get('client_reference_id'), String(memberId));
      assert.equal(call.params.get('subscription_data[metadata][member_id]'), String(memberId));
      assert.equal(call.params.get('customer_email'), 'payer@example.com');
      assert.match(call.params.get('success_url') ?? '', /\/account\/\?done=subscribed/);
      assert.equal(call.params.get('cancel_url'), `http://localhost:3000${paidPath}`);
      const unknown = await reader.post('/account/subscribe', { plan: 'no-such-plan', interval: 'month' });
      assert.equal(unknown.statusCode, 404);
      const stranger = new AdminClient(t.app);
      const offer = await stranger.get('/account/plans/');
      assert.match(offer.body, /Sign in or create a free account<\/a> to subscribe/);
      await stranger.get('/account/');
      const signedOut = await stranger.post('/account/subscribe', { plan: 'premium', interval: 'month' });
      assert.equal(signedOut.statusCode, 303, 'signed out: to the sign-in page');
      assert.equal(signedOut.headers.location, '/account/');
    });

    test('the completed checkout makes the member a subscriber; a replay changes nothing', async () => {
      assert.equal(await level(), 'member');
      stripe.subscriptions.set('sub_1', subscriptionObject({ id: 'sub_1', customer: 'cus_1', status: 'active', price: 'price_monthly1', memberId }));
      const event = deliver('checkout.session.completed', T0, { id: 'cs_test_x', object: 'checkout.session', mode: 'subscription', client_reference_id: String(memberId), customer: 'cus_1', subscription: 'sub_1' });
      assert.equal(outcome(await event.send()), 'applied');
      assert.equal(await level(), 'subscriber');
      assert.ok(stripe.calls.some((c) => c.method === 'GET' && c.path === '/v1/subscriptions/sub_1'), 'the subscription was read from Stripe');
      // The reader comes back from checkout: the entitlement is read afresh and the article opens.
      const back = await reader.get('/account/?done=subscribed');
      assert.match(back.body, /Thank you for subscribing/);
      assert.ok(!reader.cookies.has('bs_ent'), 'the old entitlement is dropped');
      const page = await reader.get(paidPath);
      assert.ok(!/class="paywall"/.test(page.body), 'a subscriber reads the paid article');
      assert.match(reader.cookies.get('bs_ent') ?? '', /^\d+\.s\./);

      const audits = (await t.services.storage.audit.recent(50)).filter((a) => a.action.startsWith('subscription.'));
      assert.equal(audits.length, 1);
      assert.equal(outcome(await event.send()), 'replayed', 'the same event again');
      assert.equal((await t.services.storage.audit.recent(50)).filter((a) => a.action.startsWith('subscription.')).length, 1, 'a replay writes nothing');
    });

    test('events out of order: an older update arriving after a newer one is ignored', async () => {
      const canceled = deliver('customer.subscription.deleted', T0 + 20, subscriptionObject({ id: 'sub_1', customer: 'cus_1', status: 'canceled', price: 'price_monthly1', memberId, endedAt: T0 + 20 }));
      const olderActive = deliver('customer.subscription.updated', T0 + 10, subscriptionObject({ id: 'sub_1', customer: 'cus_1', status: 'active', price: 'price_monthly1', memberId }));
      assert.equal(outcome(await canceled.send()), 'applied');
      assert.equal(await level(), 'member');
      assert.equal(outcome(await olderActive.send()), 'stale');
      assert.equal(await level(), 'member', 'the late, older event did not revive the subscription');
      const renewed = deliver('customer.subscription.created', T0 + 30, subscriptionObject({ id: 'sub_2', customer: 'cus_1', status: 'active', price: 'price_yearly1' }));
      assert.equal(outcome(await renewed.send()), 'applied', 'found by its customer, without metadata');
      assert.equal(await level(), 'subscriber');
      const failed = deliver('invoice.payment_failed', T0 + 40, { id: 'in_1', object: 'invoice', customer: 'cus_1', parent: { subscription_details: { subscription: 'sub_2' } } });
      assert.equal(outcome(await failed.send()), 'applied');
      const held = await t.services.storage.plans.findBySubscription('sub_2');
      assert.equal(held?.status, 'past_due');
      assert.equal(await level(), 'subscriber', 'Stripe is retrying the card: the reader keeps reading meanwhile');
      const ignored = deliver('customer.created', T0 + 50, { id: 'cus_9', object: 'customer' });
      assert.equal(outcome(await ignored.send()), 'ignored');
    });

    test('forged, tampered, stale or unsigned events are refused with 400 and change nothing', async () => {
      const before = await t.services.storage.plans.memberPlans(memberId);
      const object = subscriptionObject({ id: 'sub_2', customer: 'cus_1', status: 'canceled', price: 'price_yearly1', memberId });
      const forged = deliver('customer.subscription.deleted', T0 + 100, object, 'whsec_notthesecret0000');
      const good = deliver('customer.subscription.deleted', T0 + 100, object);
      const post = (payload: string, signature?: string) =>
        t.app.inject({ method: 'POST', url: '/api/payments/stripe', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, payload });
      const stale = signedEvent(SECRET, { id: 'evt_stale', type: 'customer.subscription.deleted', created: T0 + 100, object }, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
      for (const [what, res] of [
        ['another secret', await forged.send()],
        ['a changed body', await post(good.payload.replace('"canceled"', '"active"'), good.signature)],
        ['no signature', await post(good.payload)],
        ['an hour-old signature', await post(stale.payload, stale.signature)],
        ['junk', await post('{"id":', 'garbage')],
      ] as const) {
        assert.equal(res.statusCode, 400, what);
        assert.equal((JSON.parse(res.body) as { error: { code: string } }).error.code, 'BS_ERR_PAYMENT_SIGNATURE', what);
      }
      assert.deepEqual(await t.services.storage.plans.memberPlans(memberId), before);
      assert.equal(await level(), 'subscriber');
    });

    test('the billing portal opens for the member’s Stripe customer', async () => {
      const account = await reader.get('/account/');
      assert.match(account.body, /Manage billing/);
      const res = await reader.post('/account/billing', {});
      assert.equal(res.statusCode, 303, res.body);
      assert.match(res.headers.location as string, /^https:\/\/billing\.test\/session\/bps_test_/);
      const call = stripe.calls.find((c) => c.path === '/v1/billing_portal/sessions')!;
      assert.equal(call.params.get('customer'), 'cus_1');
      assert.equal(call.params.get('return_url'), 'http://localhost:3000/account/');
    });

    test('deleting the account cancels the live subscription at Stripe first, then erases everything', async () => {
      await reader.get('/account/');
      // Stripe does not know the subscription (or cannot be reached): the account is kept, and the reader is told.
      const refused = await reader.post('/account/delete', { confirm: 'delete' });
      assert.equal(refused.statusCode, 503, refused.body);
      assert.match(refused.body, /The payment service did not answer/);
      assert.ok(await t.services.storage.members.findById(memberId), 'nothing was erased');
      stripe.subscriptions.set('sub_2', subscriptionObject({ id: 'sub_2', customer: 'cus_1', status: 'active', price: 'price_yearly1' }));
      await reader.get('/account/');
      const res = await reader.post('/account/delete', { confirm: 'delete' });
      assert.equal(res.statusCode, 200, res.body);
      assert.ok(stripe.calls.some((c) => c.method === 'DELETE' && c.path === '/v1/subscriptions/sub_2'));
      assert.equal(await t.services.storage.members.findById(memberId), undefined);
      assert.deepEqual(await t.services.storage.plans.memberPlans(memberId), []);
    });
  });
}

describe('payments not configured', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => t?.close());

  test('the webhook answers 503 BS_ERR_PAYMENTS_OFF, and the plans page says subscriptions are not open', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/payments/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': 't=1,v1=x' }, payload: '{}' });
    assert.equal(res.statusCode, 503);
    assert.equal((JSON.parse(res.body) as { error: { code: string } }).error.code, 'BS_ERR_PAYMENTS_OFF');
    const page = await t.app.inject({ url: '/account/plans/' });
    assert.equal(page.statusCode, 200);
  });
});

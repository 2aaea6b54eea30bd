import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actorOf, type Actor, type User } from '../../src/core/access/types.ts';
import { publishDue } from '../../src/core/newsroom/change-status.ts';
import { REPLAY_WINDOW_SECONDS, verifySignature } from '../../src/core/webhooks/webhook-signature.ts';
import { signedIn, type AdminClient } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { postgresDialect, postgresStatus, sqliteDialect, type TestDialect } from '../helpers/dialects.ts';
import { parsePage } from '../helpers/dom.ts';
import { assertValidHtml } from '../helpers/html.ts';
import { requires } from '../helpers/requirements.ts';
import { WebhookReceiver } from '../helpers/webhook-receiver.ts';

/*
 * Webhooks against a real receiver on 127.0.0.1 (allowed explicitly): which changes emit which events,
 * signatures, retries with backoff after 500s and timeouts, giving up after a day, the delivery log
 * and "Redeliver", the outbox's atomicity, and private addresses refused when nothing is allowed.
 */

const RETRY_BASE = 1_000;
const HOUR = 3_600_000;
const pg = await postgresStatus();

interface Body { id: string; type: string; created_at: string; data: { article?: { id: number; headline: string; status: string }; note?: string; page?: { slug: string } } }
const parse = (s: string) => JSON.parse(s) as Body;

for (const [dialect, missing] of [[sqliteDialect, undefined], [postgresDialect, pg.ok ? undefined : pg.reason]] as [TestDialect, string | undefined][]) {
  const suite = `webhooks (${dialect.name})`;
  describe(suite, { skip: requires(suite, dialect.name === 'postgres' ? { postgres: missing } : {}) }, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let admin: AdminClient;
    let actor: Actor;
    let secret: string;
    let subscriptionId: number;
    const deliver = () => t.services.deliverWebhooks();
    const fresh = () => receiver.received.splice(0);

    before(async () => {
      t = await startTestApp({
        dialect,
        env: { BROADSHEET_OUTBOUND_ALLOW: '127.0.0.1', BROADSHEET_WEBHOOK_DELIVERY: 'off', BROADSHEET_WEBHOOK_RETRY_BASE_MS: String(RETRY_BASE), BROADSHEET_WEBHOOK_TIMEOUT_MS: '300' },
      });
      receiver = await new WebhookReceiver().start();
      admin = await signedIn(t.app, t.services, 'admin', `Hook Admin ${dialect.name}`);
      actor = actorOf(admin.user as User);
    });
    after(async () => {
      await receiver?.close();
      await t?.close();
    });

    test('an admin subscribes in the newsroom; a publish is delivered signed, once, with a thin payload', async () => {
      const page = await admin.get('/admin/webhooks/');
      assert.equal(page.statusCode, 200);
      await assertValidHtml(page.body, 'webhooks page');
      const made = await admin.post('/admin/webhooks/', { name: 'Partner', url: receiver.url, 'events[]': ['article.published', 'article.updated', 'article.corrected', 'article.unpublished', 'page.changed'] });
      assert.equal(made.statusCode, 200, made.body);
      secret = parsePage(made.body).$('#new-secret').text();
      assert.match(secret, /^whsec_/);
      subscriptionId = (await t.services.storage.webhooks.subscriptions())[0]!.id;

      const sub = (await t.services.storage.sections.listAll()).find((s) => s.parentId !== null)!.id;
      const { id } = await t.services.newsroom.createDraft(actor, { headline: 'Typhoon nears Okinawa', subsectionId: sub });
      await deliver();
      assert.equal(receiver.received.length, 0, 'a draft tells nobody');
      const draft = (await t.services.storage.articles.findForEdit(id))!;
      await t.services.newsroom.changeStatus(actor, { articleId: id, baseVersion: draft.version, action: 'publish' });
      assert.equal(await deliver(), 1);
      assert.equal(await deliver(), 0, 'delivered once');
      const [got] = fresh();
      const body = parse(got!.body);
      assert.equal(body.type, 'article.published');
      assert.equal(body.data.article!.id, id);
      assert.equal(got!.headers['content-type'], 'application/json');
      assert.equal(got!.headers['broadsheet-event'], 'article.published');
      const sig = got!.headers['broadsheet-signature'] as string;
      const now = t.clock.now();
      assert.ok(verifySignature(secret, got!.body, sig, now), 'the signature verifies with the secret');
      assert.ok(!verifySignature(secret, got!.body.replace('Typhoon', 'Tycoon'), sig, now), 'a changed body does not');
      assert.ok(!verifySignature('whsec_other', got!.body, sig, now), 'another secret does not');
      assert.ok(!verifySignature(secret, got!.body, sig, now + (REPLAY_WINDOW_SECONDS + 5) * 1000), 'a replay after the window does not');
      const log = await admin.get(`/admin/webhooks/${subscriptionId}/`);
      assert.equal(log.statusCode, 200);
      await assertValidHtml(log.body, 'webhook log');
      assert.match(parsePage(log.body).$('tbody tr').first().text(), /article\.published[\s\S]*delivered[\s\S]*HTTP 204/);
    });

    test('each kind of change sends its event; a stale save and a draft page send none; a scheduled publish does', async () => {
      const listed = await t.services.storage.articles.listForNewsroom({ status: 'published' }, { limit: 1, offset: 0 });
      const id = listed.items[0]!.id;
      const save = async (kind: 'update' | 'correction' | 'silent', note: string, base?: number) => {
        const a = (await t.services.storage.articles.findForEdit(id))!;
        return t.services.newsroom.saveArticle(actor, { articleId: id, baseVersion: base ?? a.version, content: { ...a.content, summary: `${a.content.summary} ${kind}` }, mode: 'save', publicChange: { kind, note } });
      };
      await save('update', '');
      await save('correction', 'The minister was misnamed.');
      await save('silent', '');
      await assert.rejects(save('update', '', 1), /BS_ERR_ARTICLE_CONFLICT|moved on|version/);
      const a = (await t.services.storage.articles.findForEdit(id))!;
      await t.services.newsroom.changeStatus(actor, { articleId: id, baseVersion: a.version, action: 'unpublish' });
      await t.services.newsroom.createPage(actor, { slug: 'hook-draft', title: 'Draft page', bodyHtml: '<p>x</p>', status: 'draft' });
      await t.services.newsroom.createPage(actor, { slug: 'hook-live', title: 'Live page', bodyHtml: '<p>x</p>', status: 'published' });
      const sub = (await t.services.storage.sections.listAll()).find((s) => s.parentId !== null)!.id;
      const { id: later } = await t.services.newsroom.createDraft(actor, { headline: 'Scheduled story', subsectionId: sub });
      const d = (await t.services.storage.articles.findForEdit(later))!;
      await t.services.newsroom.changeStatus(actor, { articleId: later, baseVersion: d.version, action: 'schedule', at: t.clock.now() + HOUR });
      t.clock.advance(HOUR + 1);
      await publishDue({ storage: t.services.storage, clock: t.clock });
      await deliver();
      const got = fresh().map((r) => parse(r.body));
      assert.deepEqual(got.map((b) => b.type), ['article.updated', 'article.corrected', 'article.updated', 'article.unpublished', 'page.changed', 'article.published']);
      assert.equal(got[1]!.data.note, 'The minister was misnamed.');
      assert.equal(got[4]!.data.page!.slug, 'hook-live');
      assert.equal(new Set(got.map((b) => b.id)).size, got.length, 'each event has its own id');
    });

    test('500s and timeouts are retried with growing, jittered delays; a day of failures marks it failed; Redeliver sends it again', async () => {
      let failing = true;
      receiver.answer = (_r, i) => (!failing ? 200 : i % 2 === 0 ? 500 : 'hang');
      const sub = (await t.services.storage.sections.listAll()).find((s) => s.parentId !== null)!.id;
      const { id } = await t.services.newsroom.createDraft(actor, { headline: 'Retry me', subsectionId: sub });
      await t.services.newsroom.changeStatus(actor, { articleId: id, baseVersion: (await t.services.storage.articles.findForEdit(id))!.version, action: 'publish' });
      await deliver();
      const deliveryOf = async () => (await t.services.storage.webhooks.deliveries(subscriptionId, 1))[0]!;
      let d = await deliveryOf();
      assert.equal(d.state, 'pending');
      assert.equal(d.attempts, 1);
      assert.equal(d.lastStatus, 500);
      let delay = d.nextAttemptAt - t.clock.now();
      assert.ok(delay >= RETRY_BASE / 2 && delay <= RETRY_BASE, `first retry after ${delay} ms`);
      assert.equal(await deliver(), 0, 'not before its time');
      t.clock.advance(delay);
      await deliver();
      d = await deliveryOf();
      assert.equal(d.attempts, 2);
      assert.match(d.lastError ?? '', /timed out/);
      delay = d.nextAttemptAt - t.clock.now();
      assert.ok(delay >= RETRY_BASE && delay <= 2 * RETRY_BASE, `second retry after ${delay} ms (doubled)`);
      // Keep failing until a day has passed since it was queued.
      let guard = 0;
      while ((d = await deliveryOf()).state === 'pending' && guard++ < 60) {
        t.clock.set(d.nextAttemptAt);
        await deliver();
      }
      assert.equal(d.state, 'failed');
      assert.ok(d.lastAttemptAt! - d.createdAt <= 24 * HOUR && d.attempts > 8, `${d.attempts} attempts over ${(d.lastAttemptAt! - d.createdAt) / HOUR} h`);
      // A day went by on the test clock: the newsroom session has expired, so sign in again.
      await admin.login(admin.user!.email);
      const log = await admin.get(`/admin/webhooks/${subscriptionId}/`);
      assert.match(parsePage(log.body).$('tbody tr').first().text(), /failed[\s\S]*HTTP 500|timed out/);
      failing = false;
      const before = receiver.received.length;
      const again = await admin.post(`/admin/webhooks/deliveries/${d.id}/redeliver`, {});
      assert.equal(again.statusCode, 200);
      await deliver();
      assert.equal((await deliveryOf()).state, 'delivered');
      const last = receiver.received.at(-1)!;
      assert.equal(receiver.received.length, before + 1);
      assert.equal(parse(last.body).data.article!.id, id, 'the same event, signed afresh');
      assert.ok(verifySignature(secret, last.body, last.headers['broadsheet-signature'] as string, t.clock.now()));
      receiver.answer = () => 204;
      fresh();
    });

    test('the outbox is written in the change’s transaction: a rolled-back write leaves no event', async () => {
      const count = async () => (await t.services.storage.webhooks.deliveries(subscriptionId, 1000)).length;
      const before = await count();
      await assert.rejects(
        t.services.storage.transaction(async (tx) => {
          await tx.webhooks.enqueue({ type: 'article.published', subject: 'article:1', payload: '{}', at: t.clock.now() });
          throw new Error('the change failed after its event was written');
        }),
      );
      assert.equal(await count(), before);
    });

    test('housekeeping forgets finished deliveries after 30 days and keeps pending ones', async () => {
      const sub = await t.services.webhooks.subscriptions(actor);
      const pendingBefore = (await t.services.storage.webhooks.deliveries(subscriptionId, 1000)).filter((d) => d.state === 'pending').length;
      receiver.answer = () => 500;
      await t.services.newsroom.createPage(actor, { slug: `prune-${dialect.name}`, title: 'Prune', bodyHtml: '<p>x</p>', status: 'published' });
      await deliver();
      receiver.answer = () => 204;
      fresh();
      t.clock.advance(31 * 24 * HOUR);
      await t.services.storage.webhooks.prune(t.clock.now() - 30 * 24 * HOUR);
      const left = await t.services.storage.webhooks.deliveries(sub[0]!.id, 1000);
      assert.ok(left.every((d) => d.state === 'pending'), 'finished ones are gone');
      assert.equal(left.length, pendingBefore + 1, 'the one still being retried stays');
      await t.services.storage.transaction(async (tx) => {
        for (const d of left) await tx.webhooks.redeliver(d.id, t.clock.now());
      });
      await deliver();
      await admin.login(admin.user!.email);
      fresh();
    });

    test('pause stops new deliveries; bad subscriptions are refused with the field named', async () => {
      assert.equal((await admin.post(`/admin/webhooks/${subscriptionId}/pause`, {})).statusCode, 200);
      await t.services.newsroom.createPage(actor, { slug: 'while-paused', title: 'Paused', bodyHtml: '<p>x</p>', status: 'published' });
      await deliver();
      assert.equal(receiver.received.length, 0);
      assert.equal((await admin.post(`/admin/webhooks/${subscriptionId}/resume`, {})).statusCode, 200);
      for (const [form, pattern] of [
        [{ name: 'x', url: 'ftp://example.com/', 'events[]': ['page.changed'] }, /http:\/\/ or https:\/\//],
        [{ name: 'x', url: receiver.url, 'events[]': ['article.deleted'] }, /not an event/],
        [{ name: 'x', url: receiver.url }, /at least one event/],
        [{ name: 'x', url: 'http://user:pw@127.0.0.1/', 'events[]': ['page.changed'] }, /credentials/],
      ] as const) {
        const res = await admin.post('/admin/webhooks/', form as unknown as Record<string, string>);
        assert.equal(res.statusCode, 422, JSON.stringify(form));
        assert.match(res.body, pattern);
      }
      const editor = await signedIn(t.app, t.services, 'editor', `Hook Editor ${dialect.name}`);
      assert.equal((await editor.get('/admin/webhooks/')).statusCode, 403);
      assert.equal((await editor.post('/admin/webhooks/', { name: 'x', url: receiver.url, 'events[]': ['page.changed'] })).statusCode, 403);
    });
  });
}

test('without the allowance, a webhook to a private, loopback, link-local or metadata address is refused', async () => {
  const t = await startTestApp({ env: { BROADSHEET_WEBHOOK_DELIVERY: 'off' } });
  try {
    const admin = await signedIn(t.app, t.services, 'admin', 'Private Hook Admin');
    for (const url of ['http://127.0.0.1:9/hooks', 'http://localhost/hooks', 'http://[::1]/x', 'http://10.1.2.3/', 'http://169.254.169.254/latest/meta-data/', 'http://2130706433/', 'http://[::ffff:192.168.0.1]/']) {
      const res = await admin.post('/admin/webhooks/', { name: 'Inside', url, 'events[]': ['page.changed'] });
      assert.equal(res.statusCode, 422, url);
      assert.match(res.body, /cannot be reached from here/, url);
    }
    assert.equal((await t.services.storage.webhooks.subscriptions()).length, 0);
  } finally {
    await t.close();
  }
});

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { actorOf, type User } from '../../src/core/access/types.ts';
import { AdminClient, signedIn } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { postgresDialect, postgresStatus, sqliteDialect, type TestDialect } from '../helpers/dialects.ts';
import { assertValidHtml } from '../helpers/html.ts';
import { requires } from '../helpers/requirements.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';
import { until } from '../helpers/wait.ts';

/*
 * Newsletters with a real SMTP server on 127.0.0.1: double opt-in, account-page choices, an edition
 * written to its recipients before sending, List-Unsubscribe with one-click, the web version, alerts
 * once per article, a dead sender's mails resumed without anyone getting two, and hard bounces.
 */

const pg = await postgresStatus();

for (const [dialect, missing] of [[sqliteDialect, undefined], [postgresDialect, pg.ok ? undefined : pg.reason]] as [TestDialect, string | undefined][]) {
  const suite = `newsletters (${dialect.name})`;
  describe(suite, { skip: requires(suite, dialect.name === 'postgres' ? { postgres: missing } : {}) }, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
    let admin: AdminClient;
    let briefingId: number;
    let alertId: number;
    const take = (address: string) =>
      until(() => {
        const i = smtp.mails.findIndex((m) => m.to.includes(address));
        return i >= 0 ? smtp.mails.splice(i, 1)[0] : undefined;
      }, `a mail to ${address}`);
    const linkIn = (text: string) => /\/account\/link\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];

    before(async () => {
      smtp = await startSmtpSink({ rejects: new Set(['gone@example.com']) });
      t = await startTestApp({ dialect, env: { BROADSHEET_SMTP_URL: smtp.url, BROADSHEET_NEWSLETTER_SENDING: 'false' } });
      admin = await signedIn(t.app, t.services, 'admin', `Letters Admin ${dialect.name}`);
      await admin.get('/admin/newsletters/');
      assert.equal((await admin.post('/admin/newsletters/', { name: 'Morning Briefing', slug: 'morning-briefing', description: 'The day’s news at 7:00 JST', senderName: 'The Broadsheet', kind: 'briefing' })).statusCode, 200);
      assert.equal((await admin.post('/admin/newsletters/', { name: 'Breaking News', slug: 'breaking', description: '', senderName: 'The Broadsheet', kind: 'alert' })).statusCode, 200);
      const list = await t.services.newsletters.list();
      briefingId = list.find((n) => n.slug === 'morning-briefing')!.id;
      alertId = list.find((n) => n.slug === 'breaking')!.id;
    });
    after(async () => {
      await t?.close();
      await smtp?.close();
    });

    test('double opt-in from the newsletters page: nothing stored until the mailed link is followed', async () => {
      const reader = new AdminClient(t.app);
      const page = await reader.get('/newsletters/');
      assert.equal(page.statusCode, 200);
      await assertValidHtml(page.body, 'newsletters page');
      const bad = await reader.post('/newsletters/morning-briefing/subscribe', { email: 'not an address' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /BS_ERR_CONTENT_INVALID/);
      assert.equal((await reader.post('/newsletters/no-such-letter/subscribe', { email: 'early@example.com' })).statusCode, 404);
      const asked = await reader.post('/newsletters/morning-briefing/subscribe', { email: 'early@example.com' });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Check your email/);
      await t.services.members.settled();
      assert.equal(await t.services.storage.members.findByEmail('early@example.com'), undefined, 'no account before confirmation');
      const mail = await take('early@example.com');
      assert.match(mail.subject, /Confirm your subscription to Morning Briefing/);
      const token = linkIn(mail.text)!;
      await reader.get(`/account/link/${token}`);
      const confirmed = await reader.post(`/account/link/${token}`, {});
      assert.equal(confirmed.statusCode, 303);
      assert.equal(confirmed.headers.location, '/newsletters/?done=confirmed');
      const member = (await t.services.storage.members.findByEmail('early@example.com'))!;
      assert.equal(member.source, 'newsletter');
      assert.deepEqual(await t.services.storage.newsletters.subscriptionsOf(member.id), [briefingId]);
    });

    test('an edition: recipients written before sending, each mail with one-click unsubscribe and a fixed Message-ID, no tracking; web version; sent once', async () => {
      // A second subscriber chooses on the account page.
      const now = t.clock.now();
      const second = await t.services.storage.members.create({ email: 'second@example.com', source: 'account', sourceDetail: '', at: now });
      await t.services.newsletters.setSubscriptions(second, [briefingId]);
      const editor = await signedIn(t.app, t.services, 'editor', `Letters Editor ${dialect.name}`);
      await editor.get(`/admin/newsletters/${briefingId}/`);
      const built = await editor.post(`/admin/newsletters/${briefingId}/briefing`, {});
      assert.equal(built.statusCode, 200);
      await assertValidHtml(built.body, 'newsletter editions page');
      const edition = (await t.services.storage.newsletters.editions(briefingId, 1))[0]!;
      assert.equal(edition.state, 'draft');
      assert.equal((await t.app.inject({ method: 'GET', url: `/newsletters/morning-briefing/${edition.id}/` })).statusCode, 404, 'a draft has no web version');
      const sent = await editor.post(`/admin/newsletters/editions/${edition.id}/send`, {});
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body, /Sending to 2 subscribers/);
      assert.deepEqual(await t.services.storage.newsletters.progress(edition.id), { queued: 2, sent: 0, failed: 0 }, 'every recipient is written before any mail');
      assert.equal((await editor.post(`/admin/newsletters/editions/${edition.id}/send`, {})).statusCode, 409);
      assert.equal(await t.services.sendNewsletters(), 2);
      const mail = await take('second@example.com');
      await take('early@example.com');
      assert.equal(mail.subject, edition.subject);
      assert.match(mail.headers['list-unsubscribe'] ?? '', /^<http:\/\/localhost:3000\/newsletters\/unsubscribe\/\d+-\d+-[A-Za-z0-9_-]{22}>$/);
      assert.equal(mail.headers['list-unsubscribe-post'], 'List-Unsubscribe=One-Click');
      assert.equal(mail.messageId, `<edition-${edition.id}.member-${second.id}@localhost>`);
      assert.doesNotMatch(mail.html, /<img/i, 'no tracking pixel');
      assert.match(mail.text, new RegExp(`/newsletters/morning-briefing/${edition.id}/`));
      assert.equal((await t.services.storage.newsletters.edition(edition.id))!.state, 'sent');
      const web = await t.app.inject({ method: 'GET', url: `/newsletters/morning-briefing/${edition.id}/` });
      assert.equal(web.statusCode, 200);
      await assertValidHtml(web.body, 'edition web version');

      // One click from the mail client: a cross-site POST with no cookie and no CSRF token.
      const url = new URL(/<(.+)>/.exec(mail.headers['list-unsubscribe']!)![1]!);
      const one = await t.app.inject({ method: 'POST', url: url.pathname, headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' }, payload: 'List-Unsubscribe=One-Click' });
      assert.equal(one.statusCode, 200);
      assert.deepEqual(await t.services.storage.newsletters.subscriptionsOf(second.id), []);
      const forged = url.pathname.replace(/-[A-Za-z0-9_-]{22}$/, `-${'A'.repeat(22)}`);
      assert.equal((await t.app.inject({ method: 'POST', url: forged, payload: '' })).statusCode, 404);
      const other = url.pathname.replace(`/${second.id}-`, '/1-');
      assert.equal((await t.app.inject({ method: 'POST', url: other })).statusCode, 404, 'a token is for one member and newsletter');
    });

    test('an alert goes out once per article; editors only', async () => {
      const published = (await t.services.storage.articles.listForNewsroom({ status: 'published' }, { limit: 1, offset: 0 })).items[0]!;
      await admin.get(`/admin/newsletters/${alertId}/`);
      const first = await admin.post(`/admin/newsletters/${alertId}/alert`, { article: String(published.id) });
      assert.equal(first.statusCode, 200);
      const again = await admin.post(`/admin/newsletters/${alertId}/alert`, { article: String(published.id) });
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /already been sent/);
      const writer = await signedIn(t.app, t.services, 'writer', `Letters Writer ${dialect.name}`);
      assert.equal((await writer.get(`/admin/newsletters/${alertId}/`)).statusCode, 403);
    });

    test('a scheduled briefing is built once a day at its local time, and goes out unreviewed when set so', async () => {
      await admin.get('/admin/newsletters/');
      const made = await admin.post('/admin/newsletters/', { name: 'Evening Briefing', slug: 'evening', description: '', senderName: 'Desk', kind: 'briefing', scheduleAt: '07:00', autoSend: 'on' });
      assert.equal(made.statusCode, 200, made.body);
      const bad = await admin.post('/admin/newsletters/', { name: 'Bad', slug: 'bad-time', description: '', senderName: 'Desk', kind: 'briefing', scheduleAt: '25:00' });
      assert.equal(bad.statusCode, 422);
      const evening = (await t.services.newsletters.list()).find((n) => n.slug === 'evening')!;
      // The test clock reads 15:00 JST: today's 07:00 has passed.
      assert.equal((await t.services.newsletters.runSchedule()).length, 1);
      assert.equal((await t.services.newsletters.runSchedule()).length, 0, 'once a day, however often it looks');
      const [today] = await t.services.storage.newsletters.editions(evening.id, 5);
      assert.equal(today!.state, 'sending', 'sent without review');
      const nextMorning = t.services.time.parseLocal(`${t.services.time.localInput(t.clock.now() + 24 * 3_600_000).slice(0, 10)}T06:59`)!;
      t.clock.set(nextMorning);
      assert.equal((await t.services.newsletters.runSchedule()).length, 0, 'not before 07:00 JST');
      t.clock.advance(60_000);
      assert.equal((await t.services.newsletters.runSchedule()).length, 1, 'at 07:00 JST');
      await admin.login(admin.user!.email);
    });

    test('the article editor sends a breaking-news alert at once, and only once', async () => {
      const published = (await t.services.storage.articles.listForNewsroom({ status: 'published' }, { limit: 2, offset: 0 })).items[1]!;
      const editor = await signedIn(t.app, t.services, 'editor', `Alert Editor ${dialect.name}`);
      const page = await editor.get(`/admin/articles/${published.id}/`);
      assert.match(page.body, /Send as a Breaking News alert/);
      const sent = await editor.post(`/admin/newsletters/${alertId}/alert`, { article: String(published.id), send: 'now' });
      assert.equal(sent.statusCode, 200);
      assert.match(sent.body, /Alert sending to/);
      assert.equal((await editor.post(`/admin/newsletters/${alertId}/alert`, { article: String(published.id), send: 'now' })).statusCode, 409);
    });

    test('a sender that died mid-send: its claims lapse and the rest go out, nobody twice; a hard bounce unsubscribes', async () => {
      const now = t.clock.now();
      const actor = actorOf((await t.services.storage.users.list()).find((u: User) => u.role === 'admin')!);
      const addresses = Array.from({ length: 30 }, (_, i) => `bulk${i}@example.com`).concat(['gone@example.com']);
      for (const email of addresses) {
        const m = await t.services.storage.members.create({ email, source: 'account', sourceDetail: '', at: now });
        await t.services.storage.newsletters.subscribe(briefingId, m.id, now);
      }
      const editionId = await t.services.newsletters.buildBriefing(actor, briefingId);
      await t.services.newsletters.send(actor, editionId);
      // A sender claims ten and dies before sending any.
      const dead = await t.services.storage.newsletters.claimRecipients(now, 'dead-sender', now + 60_000, 10);
      assert.equal(dead.length, 10);
      await t.services.sendNewsletters();
      assert.equal((await t.services.storage.newsletters.progress(editionId)).queued, 10, 'the dead sender’s claims wait for their lease');
      t.clock.advance(60_001);
      await t.services.sendNewsletters();
      const progress = await t.services.storage.newsletters.progress(editionId);
      assert.deepEqual(progress, { queued: 0, sent: 30 + 1 /* early@ */, failed: 1 });
      const bulk = smtp.mails.filter((m) => m.to.startsWith('bulk'));
      assert.equal(bulk.length, 30);
      assert.equal(new Set(bulk.map((m) => m.to)).size, 30, 'nobody twice');
      const gone = (await t.services.storage.members.findByEmail('gone@example.com'))!;
      assert.deepEqual(await t.services.storage.newsletters.subscriptionsOf(gone.id), [], 'a hard bounce unsubscribes the address');
      smtp.mails.splice(0);
    });
  });
}

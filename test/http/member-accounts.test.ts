import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { AdminClient, signedIn } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { postgresDialect, postgresStatus, sqliteDialect, type TestDialect } from '../helpers/dialects.ts';
import { parsePage } from '../helpers/dom.ts';
import { assertValidHtml } from '../helpers/html.ts';
import { requires } from '../helpers/requirements.ts';
import { startSmtpSink } from '../helpers/smtp-sink.ts';
import { until } from '../helpers/wait.ts';
import type { KyselyStorage } from '../../src/storage/open-storage.ts';

/*
 * Reader accounts end to end over HTTP with a real SMTP server on 127.0.0.1: sign-up and sign-in by
 * link, the same answer for known and unknown addresses, one-time links, staff and reader sessions
 * kept apart, email change, sign out everywhere, export, and erasure that leaves no trace.
 */

const pg = await postgresStatus();

/** Every text value in every table, for "is this address anywhere?". */
async function everywhere(storage: KyselyStorage): Promise<string> {
  const db = storage.connection.db;
  const parts: string[] = [];
  for (const t of await db.introspection.getTables()) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(t.name)}`.execute(db);
    parts.push(JSON.stringify(rows.rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
  }
  return parts.join('\n').toLowerCase();
}

for (const [dialect, missing] of [[sqliteDialect, undefined], [postgresDialect, pg.ok ? undefined : pg.reason]] as [TestDialect, string | undefined][]) {
  const suite = `reader accounts (${dialect.name})`;
  describe(suite, { skip: requires(suite, dialect.name === 'postgres' ? { postgres: missing } : {}) }, () => {
    let t: TestApp;
    let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
    const linkIn = (text: string) => /\/account\/link\/([A-Za-z0-9_-]{43})/.exec(text)?.[1];
    /** Takes the oldest mail to the address off the server's pile. */
    const mailTo = (address: string) =>
      until(() => {
        const i = smtp.mails.findIndex((m) => m.to.includes(address));
        return i >= 0 ? smtp.mails.splice(i, 1)[0] : undefined;
      }, `a mail to ${address}`);
    const requestLink = async (client: AdminClient, email: string, extra: Record<string, string> = {}) => {
      await client.get('/account/');
      return client.post('/account/signin', { email, ...extra });
    };
    const follow = async (client: AdminClient, token: string) => {
      const confirm = await client.get(`/account/link/${token}`);
      assert.equal(confirm.statusCode, 200);
      return client.post(`/account/link/${token}`, {});
    };
    const signUp = async (email: string, extra: Record<string, string> = {}) => {
      const client = new AdminClient(t.app);
      await requestLink(client, email, extra);
      await t.services.members.settled();
      const mail = await mailTo(email);
      const res = await follow(client, linkIn(mail.text)!);
      assert.equal(res.statusCode, 303, res.body);
      return { client, res };
    };

    before(async () => {
      smtp = await startSmtpSink();
      t = await startTestApp({ dialect, env: { BROADSHEET_SMTP_URL: smtp.url } });
    });
    after(async () => {
      await t?.close();
      await smtp?.close();
    });

    test('sign up by link: the mail has text and HTML parts, the link signs in once, the cookie is the reader’s own', async () => {
      const client = new AdminClient(t.app);
      const form = await client.get('/account/');
      assert.equal(form.statusCode, 200);
      assert.equal(form.headers['cache-control'], 'no-store');
      await assertValidHtml(form.body, 'sign-in page');
      const asked = await client.post('/account/signin', { email: 'Reader.One@Example.com', returnTo: '/politics/', source: 'article' });
      assert.equal(asked.statusCode, 200);
      assert.match(asked.body, /Check your email/);
      await t.services.members.settled();
      const mail = await mailTo('reader.one@example.com');
      assert.match(mail.subject, /Finish creating your/);
      const token = linkIn(mail.text)!;
      assert.ok(token);
      assert.ok(mail.html.includes(`/account/link/${token}`), 'the HTML part carries the same link');
      const res = await follow(client, token);
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/politics/', 'back where the reader started');
      const cookie = res.cookies.find((c) => c.name === 'bs_member')!;
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.equal(cookie.path, '/');
      const account = await client.get('/account/');
      assert.match(account.body, /reader\.one@example\.com/);
      await assertValidHtml(account.body, 'account page');
      const member = (await t.services.storage.members.findByEmail('reader.one@example.com'))!;
      assert.equal(member.source, 'article');
      assert.equal(member.sourceDetail, '/politics/');
      // The link is spent.
      const again = await new AdminClient(t.app).get(`/account/link/${token}`).then(async () => follow(new AdminClient(t.app), token));
      assert.equal(again.statusCode, 410);
    });

    test('asking for a link answers the same for a known and an unknown address, and writes nothing in the request', async () => {
      await signUp('known@example.com');
      const count = async () => (await t.services.storage.members.list('', { limit: 1000, offset: 0 })).total;
      const before = await count();
      const known = await requestLink(new AdminClient(t.app), 'known@example.com');
      const unknown = await requestLink(new AdminClient(t.app), 'nobody@example.com');
      assert.equal(known.statusCode, unknown.statusCode);
      const strip = (html: string) => parsePage(html).$('main').text().replace(/known@example\.com|nobody@example\.com/g, 'X');
      assert.equal(strip(known.body), strip(unknown.body));
      assert.equal(await count(), before, 'no account is made until the link is followed');
      await t.services.members.settled();
      assert.match((await mailTo('known@example.com')).subject, /^Sign in to/);
      assert.match((await mailTo('nobody@example.com')).subject, /Finish creating/);
      smtp.mails.splice(0);
    });

    test('a newsroom session never signs anyone in here, and a reader cookie never opens the newsroom', async () => {
      const editor = await signedIn(t.app, t.services, 'editor', `Members Editor ${dialect.name}`);
      const asStaff = await editor.get('/account/');
      assert.match(asStaff.body, /Sign in or create an account/);
      const { client } = await signUp('reader.two@example.com');
      const newsroom = await client.get('/admin/articles/');
      assert.notEqual(newsroom.statusCode, 200);
      assert.match(String(newsroom.headers.location ?? ''), /\/admin\/login/);
      const noToken = await client.request({ method: 'POST', url: '/account/signout', form: { _csrf: 'forged' } });
      assert.equal(noToken.statusCode, 403);
    });

    test('email change by confirmation, sign out everywhere, export, and erasure without a trace', async () => {
      const { client } = await signUp('old.address@example.com');
      const second = await signUp('old.address@example.com');
      assert.match((await second.client.get('/account/')).body, /old\.address@example\.com/);
      await client.get('/account/');
      const asked = await client.post('/account/email', { email: 'new.address@example.com' });
      assert.equal(asked.statusCode, 200);
      await t.services.members.settled();
      const mail = await mailTo('new.address@example.com');
      assert.match(mail.subject, /Confirm your new address/);
      assert.equal(smtp.mails.filter((m) => m.to.includes('old.address')).length, 0);
      await follow(client, linkIn(mail.text)!);
      assert.match((await client.get('/account/')).body, /new\.address@example\.com/);
      assert.match((await second.client.get('/account/')).body, /Sign in or create/, 'the other browser was signed out by the change');

      const third = await signUp('new.address@example.com');
      await client.get('/account/');
      assert.equal((await client.post('/account/signout-everywhere', {})).statusCode, 303);
      assert.match((await third.client.get('/account/')).body, /Sign in or create/);

      const fresh = await signUp('new.address@example.com');
      const data = await fresh.client.get('/account/data.json');
      assert.match(String(data.headers['content-disposition']), /attachment/);
      assert.equal(data.json().account.email, 'new.address@example.com');
      // One more link asked and left unused: erasure removes it too.
      await requestLink(new AdminClient(t.app), 'new.address@example.com');
      await t.services.members.settled();
      await fresh.client.get('/account/');
      assert.equal((await fresh.client.post('/account/delete', {})).statusCode, 422, 'the box must be ticked');
      const gone = await fresh.client.post('/account/delete', { confirm: 'delete' });
      assert.equal(gone.statusCode, 200);
      assert.match(gone.body, /has been deleted/);
      const storage = t.services.storage as KyselyStorage;
      const all = await everywhere(storage);
      for (const address of ['new.address@example.com', 'old.address@example.com']) assert.ok(!all.includes(address), `${address} is nowhere in the database`);
      assert.match((await fresh.client.get('/account/')).body, /Sign in or create/);
    });

    test('bad input is a clear 4xx; a flood of link requests is throttled', async () => {
      const client = new AdminClient(t.app);
      await client.get('/account/');
      const bad = await client.post('/account/signin', { email: 'not an address' });
      assert.equal(bad.statusCode, 422);
      assert.match(bad.body, /like name@example\.com/);
      assert.equal((await client.get('/account/link/short')).statusCode, 400);
      let last = 200;
      for (let i = 0; i < 8 && last === 200; i++) last = (await client.post('/account/signin', { email: 'flood@example.com' })).statusCode;
      assert.equal(last, 429);
      assert.equal((await client.get('/account/data.json')).statusCode, 303, 'signed out: sent to sign in');
    });
  });
}

test('admins list and export members (formula-looking cells kept inert); editors cannot', async () => {
  const t = await startTestApp({ seed: false });
  try {
    const now = t.clock.now();
    await t.services.storage.members.create({ email: 'plain@example.com', source: 'account', sourceDetail: '', at: now });
    await t.services.storage.members.create({ email: '=cmd@example.com', source: 'article', sourceDetail: '/politics/x/', at: now + 1 });
    const admin = await signedIn(t.app, t.services, 'admin', 'Members Admin');
    const list = await admin.get('/admin/members/');
    assert.equal(list.statusCode, 200);
    await assertValidHtml(list.body, 'members page');
    assert.match(list.body, /plain@example\.com/);
    assert.match(parsePage(list.body).$('main').text(), /account: 1, article: 1/);
    const found = await admin.get('/admin/members/?q=plain');
    assert.equal(parsePage(found.body).$('tbody tr').length, 1);
    const csv = await admin.get('/admin/members.csv');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    const lines = csv.body.trim().split('\n');
    assert.equal(lines[0], 'email,signed_up_at,source,source_detail,last_seen_at,plans');
    assert.equal(lines.length, 3);
    assert.ok(lines.some((l) => l.startsWith("'=cmd@example.com,")), csv.body);
    const editor = await signedIn(t.app, t.services, 'editor', 'Members Editor');
    assert.equal((await editor.get('/admin/members/')).statusCode, 403);
    assert.equal((await editor.get('/admin/members.csv')).statusCode, 403);
    // Nothing about members on public answers.
    const home = await t.app.inject({ method: 'GET', url: '/' });
    assert.doesNotMatch(home.body, /plain@example\.com/);
  } finally {
    await t.close();
  }
});

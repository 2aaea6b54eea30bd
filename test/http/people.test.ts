import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { AdminClient, signedIn, TEST_PASSWORD } from '../helpers/admin-client.ts';
import { parsePage } from '../helpers/dom.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { assertValidHtml } from '../helpers/html.ts';

describe('profiles', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(async () => {
    await t.close();
  });

  test('a writer edits their own profile, not someone else’s; bad input is a 422 and changes nothing', async () => {
    const writer = await signedIn(t.app, t.services, 'writer', 'Profile Writer');
    const other = await signedIn(t.app, t.services, 'writer', 'Other Writer');
    const own = await writer.get(`/admin/users/${writer.user!.id}/profile`);
    assert.equal(own.statusCode, 200);
    await assertValidHtml(own.body, 'profile page');
    assert.equal((await writer.get(`/admin/users/${other.user!.id}/profile`)).statusCode, 403);
    const refused = await writer.post(`/admin/users/${other.user!.id}/profile`, { name: 'Hijacked', title: '', bio: '', photoMediaId: '' });
    assert.equal(refused.statusCode, 403);
    for (const [form, field] of [
      [{ name: '', title: '', bio: '', photoMediaId: '' }, /name: is required/],
      [{ name: 'Profile Writer', title: 'x'.repeat(101), bio: '', photoMediaId: '' }, /title: at most 100/],
      [{ name: 'Profile Writer', title: '', bio: '', photoMediaId: '999999' }, /photo: the photo does not exist/],
      [{ name: 'Profile Writer', title: '', bio: '', photoMediaId: 'abc' }, /photo: choose a photo/],
    ] as const) {
      const res = await writer.post(`/admin/users/${writer.user!.id}/profile`, form);
      assert.equal(res.statusCode, 422);
      assert.match(parsePage(res.body).text('.flash'), field);
    }
    const authorPage = await t.app.inject({ url: '/author/profile-writer/' });
    assert.equal(authorPage.statusCode, 200);
    const saved = await writer.post(`/admin/users/${writer.user!.id}/profile`, { name: 'Profile Writer', title: 'Night Editor', bio: 'Writes about trains.', photoMediaId: '' });
    assert.equal(saved.statusCode, 200);
    const page = parsePage((await t.app.inject({ url: '/author/profile-writer/' })).body);
    assert.equal(page.text('.author-bio'), 'Writes about trains.', 'the cached author page was re-rendered');
    assert.equal(page.text('.listing-description'), 'Night Editor');
    assert.equal((await t.services.storage.users.findById(other.user!.id))?.name, 'Other Writer');
  });
});

describe('two-step sign-in required for admins', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ env: { BROADSHEET_REQUIRE_ADMIN_2FA: 'true' } });
  });
  after(async () => {
    await t.close();
  });

  test('an admin without it is sent to set it up and can do nothing else; with it, sign-in takes a code; wrong codes are throttled', async () => {
    const admin = await signedIn(t.app, t.services, 'admin', 'Chief');
    const list = await admin.get('/admin/articles/');
    assert.equal(list.statusCode, 303);
    assert.equal(list.headers.location, '/admin/account/2fa?required=1');
    assert.equal((await admin.post('/admin/users/', { email: 'x@example.com', name: 'X', role: 'writer' })).statusCode, 403);
    const setup = await admin.get('/admin/account/2fa?required=1');
    assert.match(parsePage(setup.body).text('.notice'), /requires admins/);
    const begun = await admin.post('/admin/account/2fa/begin', {});
    await assertValidHtml(begun.body, 'two-step setup');
    const secret = parsePage(begun.body).text('#totp-secret').replace(/\s+/g, '');
    const app = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    const on = await admin.post('/admin/account/2fa/confirm', { code: app.generate({ timestamp: t.clock.now() }) });
    assert.equal(on.statusCode, 200);
    assert.equal(parsePage(on.body).text('#two-factor-status'), 'on');
    assert.equal((await admin.get('/admin/articles/')).statusCode, 200, 'now the newsroom opens');
    const record = await t.services.storage.users.findById(admin.user!.id);
    assert.ok(record?.totpSecret && !record.totpSecret.includes(secret), 'the secret is stored sealed, never as it is');

    // A fresh sign-in: the password gives a code page, not a session.
    const fresh = new AdminClient(t.app);
    const step1 = await fresh.login(admin.user!.email, TEST_PASSWORD);
    assert.equal(step1.statusCode, 200);
    assert.equal(fresh.cookies.has('bs_session'), false, 'no session before the code');
    const ticket = parsePage(step1.body).$('input[name=ticket]').attr('value')!;
    // Five wrong codes are the account's limit; the sixth attempt is throttled even with the right code.
    for (let i = 0; i < 5; i++) assert.equal((await fresh.post('/admin/login/code', { ticket, code: String(100000 + i) })).statusCode, 401);
    t.clock.advance(30_000);
    const throttled = await fresh.post('/admin/login/code', { ticket, code: app.generate({ timestamp: t.clock.now() }) });
    assert.equal(throttled.statusCode, 429);
    assert.ok(Number(throttled.headers['retry-after']) > 0);
    t.clock.advance(16 * 60_000);
    const step1b = await fresh.login(admin.user!.email, TEST_PASSWORD);
    const ticket2 = parsePage(step1b.body).$('input[name=ticket]').attr('value')!;
    const ok = await fresh.post('/admin/login/code', { ticket: ticket2, code: app.generate({ timestamp: t.clock.now() }) });
    assert.equal(ok.statusCode, 303);
    assert.equal((await fresh.get('/admin/articles/')).statusCode, 200);
    assert.equal((await fresh.post('/admin/login/code', { ticket: ticket2, code: app.generate({ timestamp: t.clock.now() }) })).statusCode, 400, 'a ticket works once');
  });
});

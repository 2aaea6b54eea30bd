import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import type { Permission } from '../../src/core/access/roles.ts';
import { actorOf, type User } from '../../src/core/access/types.ts';
import { signedIn } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { postgresDialect, postgresStatus, sqliteDialect, type TestDialect } from '../helpers/dialects.ts';
import { parsePage } from '../helpers/dom.ts';
import { requires } from '../helpers/requirements.ts';

/*
 * The Admin API: tokens (shown once, hashed, scoped, expiring, revocable), every newsroom write through
 * the same operations (versions, 409s, workflow), idempotent creates, and 4xx codes for bad input.
 */

const API = '/api/admin/v1';
const DAY = 86_400_000;
const pg = await postgresStatus();

for (const [dialect, missing] of [[sqliteDialect, undefined], [postgresDialect, pg.ok ? undefined : pg.reason]] as [TestDialect, string | undefined][]) {
  const suite = `the Admin API (${dialect.name})`;
  describe(suite, { skip: requires(suite, dialect.name === 'postgres' ? { postgres: missing } : {}) }, () => {
    let t: TestApp;
    let admin: User;
    let n = 0;
    const user = async (role: User['role']): Promise<User> => (await t.services.auth.createUser(admin, { email: `api-${role}-${++n}@example.com`, name: `Api ${role} ${n}`, role })).user;
    const token = async (u: User, scopes: readonly Permission[], days = 30, kind: 'personal' | 'integration' = 'personal') =>
      (await t.services.integrations.createToken(actorOf(u), { kind, name: `t${++n}`, scopes, expiresInDays: days })).token;
    const call = (tok: string | undefined, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method, url: `${API}${url}`, headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
    const subsection = async () => (await t.services.storage.sections.listAll()).find((s) => s.parentId !== null)!.id;

    before(async () => {
      t = await startTestApp({ dialect });
      admin = (await t.services.auth.bootstrapAdmin({ email: 'api-root@example.com', name: 'Api Root', password: 'a long enough test passphrase' })).user;
    });
    after(async () => t?.close());

    test('a user makes a token in the newsroom: shown once, stored hashed; it answers /me until revoked', async () => {
      const writer = await signedIn(t.app, t.services, 'writer', `Token Writer ${dialect.name}`);
      const made = await writer.post('/admin/tokens/', { name: 'My script', kind: 'personal', 'scopes[]': ['newsroom:enter', 'article:create'], days: '30' });
      assert.equal(made.statusCode, 200);
      assert.equal(made.headers['cache-control'], 'no-store');
      const tok = parsePage(made.body).$('#new-token').text();
      assert.match(tok, /^bsat_[A-Za-z0-9_-]{43}$/);
      const stored = await t.services.storage.accessTokens.list(writer.user!.id);
      assert.equal(stored.length, 1);
      assert.ok(!JSON.stringify(stored).includes(tok.slice(5)), 'only a hash and a short prefix are kept');
      const me = await call(tok, 'GET', '/me');
      assert.equal(me.statusCode, 200);
      assert.equal(me.json().user.role, 'writer');
      assert.deepEqual(me.json().token.scopes, ['newsroom:enter', 'article:create']);
      const listed = await writer.get('/admin/tokens/');
      assert.ok(!listed.body.includes(tok), 'the list never shows the token again');
      // A writer cannot hand a token a permission the role lacks, nor make an integration token.
      assert.equal((await writer.post('/admin/tokens/', { name: 'Too much', kind: 'personal', 'scopes[]': ['user:manage'], days: '30' })).statusCode, 403);
      assert.equal((await writer.post('/admin/tokens/', { name: 'Machine', kind: 'integration', 'scopes[]': ['newsroom:enter'], days: '30' })).statusCode, 403);
      assert.equal((await writer.post('/admin/tokens/', { name: 'Forever', kind: 'personal', 'scopes[]': ['newsroom:enter'], days: '999' })).statusCode, 422);
      const id = parsePage(listed.body).$('form[action="/admin/tokens/revoke"] input[name="id"]').attr('value')!;
      assert.equal((await writer.post('/admin/tokens/revoke', { id })).statusCode, 200);
      const refused = await call(tok, 'GET', '/me');
      assert.equal(refused.statusCode, 401);
      assert.equal(refused.json().error.code, 'BS_ERR_API_TOKEN');
    });

    test('no token, a wrong one, an expired one, or a disabled owner: 401; a scope the token lacks: 403 BS_ERR_API_SCOPE', async () => {
      assert.equal((await call(undefined, 'GET', '/me')).json().error.code, 'BS_ERR_API_TOKEN');
      assert.equal((await call('bsat_nope', 'GET', '/me')).statusCode, 401);
      const editor = await user('editor');
      const narrow = await token(editor, ['newsroom:enter'], 1);
      const created = await call(narrow, 'POST', '/articles', { headline: 'Not allowed', subsectionId: await subsection() });
      assert.equal(created.statusCode, 403);
      assert.equal(created.json().error.code, 'BS_ERR_API_SCOPE');
      const writer = await user('writer');
      const wtok = await token(writer, ['newsroom:enter', 'tag:create']);
      const users = await call(wtok, 'GET', '/users');
      assert.equal(users.statusCode, 403);
      assert.equal(users.json().error.code, 'BS_ERR_AUTH_FORBIDDEN');
      t.clock.advance(DAY + 1);
      assert.equal((await call(narrow, 'GET', '/me')).statusCode, 401, 'expired after its day');
      await t.services.auth.updateUser(admin, writer.id, { status: 'disabled' });
      t.services.tokenGate.forget();
      assert.equal((await call(wtok, 'GET', '/me')).statusCode, 401, "a disabled owner's tokens stop");
    });

    test('an article through the API: draft, save, a stale save is 409 and writes nothing, publish; the Content API and the outbox see it', async () => {
      const writer = await user('writer');
      const tok = await token(writer, ['newsroom:enter', 'article:create', 'article:publish-own']);
      const made = await call(tok, 'POST', '/articles', { headline: 'Port reopens after storm', subsectionId: await subsection() });
      assert.equal(made.statusCode, 201);
      const article = made.json().article;
      assert.equal(article.status, 'draft');
      const content = { ...article.content, summary: 'Ships moved again on Tuesday.', bodyHtml: '<p>The port reopened.</p>', tagIds: [], authorIds: article.content.authorIds };
      const saved = await call(tok, 'PUT', `/articles/${article.id}`, { version: article.version, content });
      assert.equal(saved.statusCode, 200, saved.body);
      const stale = await call(tok, 'PUT', `/articles/${article.id}`, { version: article.version, content: { ...content, headline: 'Overwritten?' } });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'BS_ERR_ARTICLE_CONFLICT');
      assert.equal((await t.services.storage.articles.findForEdit(article.id))!.content.headline, 'Port reopens after storm');
      const outboxBefore = await t.services.storage.webhooks.subscriptions();
      assert.equal(outboxBefore.length, 0);
      const published = await call(tok, 'POST', `/articles/${article.id}/workflow`, { version: saved.json().version, action: 'publish' });
      assert.equal(published.statusCode, 200, published.body);
      assert.equal(published.json().status, 'published');
      const { key } = await t.services.integrations.createApiKey(actorOf(admin), { name: `reader ${n++}`, origins: [] });
      const read = await t.app.inject({ method: 'GET', url: `/api/content/v1/articles/${article.id}`, headers: { 'x-api-key': key } });
      assert.equal(read.statusCode, 200);
      assert.equal(read.json().article.headline, 'Port reopens after storm');
      // Another writer's draft is not found through the API either (the same access rule as the newsroom).
      const other = await token(await user('writer'), ['newsroom:enter']);
      const draft = await call(tok, 'POST', '/articles', { headline: 'Private draft', subsectionId: await subsection() });
      assert.equal((await call(other, 'GET', `/articles/${draft.json().article.id}`)).statusCode, 404);
    });

    test('a retried create with the same Idempotency-Key creates once; a different body is 422; concurrent retries make one', async () => {
      const editor = await user('editor');
      const tok = await token(editor, ['newsroom:enter', 'article:create', 'tag:create', 'taxonomy:manage']);
      const sub = await subsection();
      const count = async () => (await t.services.storage.articles.listForNewsroom({ query: 'Idempotent headline' }, { limit: 50, offset: 0 })).total;
      const body = { headline: 'Idempotent headline', subsectionId: sub };
      const first = await call(tok, 'POST', '/articles', body, { 'idempotency-key': 'wire-123' });
      const again = await call(tok, 'POST', '/articles', body, { 'idempotency-key': 'wire-123' });
      assert.equal(first.statusCode, 201);
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.json().article.id, first.json().article.id);
      assert.equal(await count(), 1);
      const changed = await call(tok, 'POST', '/articles', { ...body, headline: 'Something else' }, { 'idempotency-key': 'wire-123' });
      assert.equal(changed.statusCode, 422);
      assert.equal(changed.json().error.code, 'BS_ERR_IDEMPOTENCY_MISMATCH');
      const burst = await Promise.all(Array.from({ length: 6 }, () => call(tok, 'POST', '/articles', { headline: 'Burst headline', subsectionId: sub }, { 'idempotency-key': 'burst-1' })));
      const made = await t.services.storage.articles.listForNewsroom({ query: 'Burst headline' }, { limit: 50, offset: 0 });
      assert.equal(made.total, 1, 'one article however the retries raced');
      for (const r of burst) assert.ok(r.statusCode === 201 || (r.statusCode === 409 && r.json().error.code === 'BS_ERR_IDEMPOTENCY_PENDING'), `${r.statusCode} ${r.body}`);
      // A create that failed frees its key: the corrected retry runs.
      const bad = await call(tok, 'POST', '/sections', { name: ' ' }, { 'idempotency-key': 'sec-1' });
      assert.equal(bad.statusCode, 422);
      assert.equal((await call(tok, 'POST', '/sections', { name: ' ' }, { 'idempotency-key': 'sec-1' })).statusCode, 422);
      assert.equal((await call(tok, 'POST', '/articles', body, { 'idempotency-key': 'x'.repeat(201) })).json().error.code, 'BS_ERR_REQUEST_INVALID');
    });

    test('media, taxonomy, pages and people through the API; bad input is a 4xx with a code, never a 500', async () => {
      const editor = await user('editor');
      const tok = await token(editor, ['newsroom:enter', 'media:upload', 'taxonomy:manage', 'tag:create', 'site:edit']);
      const png = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#3a6' } }).png().toBuffer();
      const up = await call(tok, 'POST', '/media?alt=Green%20field&credit=Desk', png, { 'content-type': 'image/png' });
      assert.equal(up.statusCode, 201, up.body);
      assert.equal(up.json().media.alt, 'Green field');
      const notImage = await call(tok, 'POST', '/media', Buffer.from('<svg onload=alert(1)>'), { 'content-type': 'image/png' });
      assert.equal(notImage.statusCode, 422);
      assert.equal((await call(tok, 'PATCH', `/media/${up.json().media.id}`, { alt: 'A green field', caption: '', credit: 'Desk' })).statusCode, 200);
      const tag = await call(tok, 'POST', '/tags', { name: 'Harbours' });
      assert.equal(tag.statusCode, 201);
      assert.equal((await call(tok, 'PATCH', `/tags/${tag.json().tag.id}`, { description: 'Ports and shipping' })).statusCode, 200);
      const tax = await call(tok, 'GET', '/taxonomy');
      assert.ok(tax.json().tags.some((x: { name: string }) => x.name === 'Harbours'));
      const page = await call(tok, 'POST', '/pages', { slug: 'api-made', title: 'Made by API', bodyHtml: '<p>Hello<script>x()</script></p>', status: 'published' });
      assert.equal(page.statusCode, 201, page.body);
      assert.doesNotMatch(page.json().page.bodyHtml, /script/, 'sanitized by the same operation as the page editor');
      const pageSave = await call(tok, 'PUT', `/pages/${page.json().page.id}`, { version: 99, page: { slug: 'api-made', title: 'Stale', bodyHtml: '<p>x</p>', status: 'published' } });
      assert.equal(pageSave.statusCode, 409);
      // Admin-only people management: an admin's token with the scope can invite.
      const atok = await token(admin, ['newsroom:enter', 'user:manage']);
      const invited = await call(atok, 'POST', '/users', { email: `api-invite-${dialect.name}@example.com`, name: 'Invited', role: 'writer' });
      assert.equal(invited.statusCode, 201, invited.body);
      assert.equal((await call(atok, 'PATCH', `/users/${invited.json().user.id}`, { role: 'editor' })).json().user.role, 'editor');
      for (const [method, url, payload] of [
        ['POST', '/articles', { headline: 'x' }],
        ['POST', '/articles', { headline: 'x', subsectionId: 'one' }],
        ['PUT', '/articles/abc', {}],
        ['GET', '/articles?status=secret', undefined],
        ['GET', '/articles?order=password_hash', undefined],
        ['POST', '/articles/1/workflow', { version: 1, action: 'delete' }],
        ['PATCH', '/users/1', { role: 'owner' }],
        ['POST', '/pages', { slug: '../x', title: 'x', bodyHtml: '', status: 'live' }],
      ] as const) {
        const res = await call(method === 'GET' ? tok : atok, method, url, payload);
        assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${method} ${url}: ${res.statusCode} ${res.body}`);
        assert.match(res.json().error.code, /^BS_ERR_/);
      }
    });
  });
}

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { signedIn, type AdminClient } from '../helpers/admin-client.ts';
import { parsePage } from '../helpers/dom.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';
import { assertValidHtml } from '../helpers/html.ts';
import { until } from '../helpers/wait.ts';

/* Admins make and revoke Content API keys in the newsroom; the key is shown once; nobody else may. */

let t: TestApp;
let admin: AdminClient;
let editor: AdminClient;
before(async () => {
  t = await startTestApp();
  admin = await signedIn(t.app, t.services, 'admin', 'Key Admin');
  editor = await signedIn(t.app, t.services, 'editor', 'Key Editor');
});
after(async () => t?.close());

test('an admin creates a key (shown once, not cached), the API accepts it, the list shows its use, revoking stops it', async () => {
  const page = await admin.get('/admin/api-keys/');
  assert.equal(page.statusCode, 200);
  await assertValidHtml(page.body, 'API keys page');
  const made = await admin.post('/admin/api-keys/', { name: 'Partner site', origins: 'https://partner.example.com\n', rate: '120' });
  assert.equal(made.statusCode, 200);
  assert.equal(made.headers['cache-control'], 'no-store');
  const key = parsePage(made.body).$('#new-key').text();
  assert.match(key, /^bsk_[A-Za-z0-9_-]{32}$/);
  const api = await t.app.inject({ method: 'GET', url: '/api/content/v1/sections', headers: { 'x-api-key': key, origin: 'https://partner.example.com' } });
  assert.equal(api.statusCode, 200);
  assert.equal(api.headers['access-control-allow-origin'], 'https://partner.example.com');
  assert.equal(api.headers['x-ratelimit-limit'], '120');
  // Last use is written after the answer, off the request's path.
  const list = await until(async () => {
    const res = await admin.get('/admin/api-keys/');
    return /never/.test(parsePage(res.body).$('tbody tr').first().text()) ? undefined : res;
  }, 'the list to show the key\'s last use');
  assert.doesNotMatch(list.body, new RegExp(key), 'the list never shows the key again');
  assert.match(list.body, /Partner site/);
  const id = parsePage(list.body).$('form[action="/admin/api-keys/revoke"] input[name="id"]').attr('value')!;
  assert.equal((await admin.post('/admin/api-keys/revoke', { id })).statusCode, 200);
  const refused = await t.app.inject({ method: 'GET', url: '/api/content/v1/sections', headers: { 'x-api-key': key } });
  assert.equal(refused.statusCode, 401, 'revoked in this process at once');
  const audit = await t.services.storage.audit.recent(10);
  assert.ok(audit.some((e) => e.action === 'api-key.create') && audit.some((e) => e.action === 'api-key.revoke'));
});

test('bad input is a 4xx naming the field; an editor cannot see or make keys', async () => {
  const bad = await admin.post('/admin/api-keys/', { name: 'X', origins: 'https://ok.example.com\nftp://nope', rate: '60' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /not an origin like https:\/\/app\.example\.com/);
  assert.equal((await admin.post('/admin/api-keys/', { name: 'X', rate: 'lots' })).statusCode, 400);
  assert.equal((await editor.get('/admin/api-keys/')).statusCode, 403);
  assert.equal((await editor.post('/admin/api-keys/', { name: 'Mine', rate: '60' })).statusCode, 403);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { PERMISSIONS, roleCan, ROLES, type Permission, type Role } from '../../src/core/access/roles.ts';
import { actorOf, type User } from '../../src/core/access/types.ts';
import { ADMIN_API_ACCESS } from '../../src/web/api/admin-api-access.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

/*
 * The Admin API's authorization matrix: every registered route × every role × its own and someone
 * else's item, each called with a valid request, compared with ADMIN_API_ACCESS and the ownership
 * rules. Allowed calls must succeed (2xx), refused ones must be 403 (or 404 where another person's
 * draft is not even visible), never a 5xx; without a token everything is 401.
 */

let t: TestApp;
let admin: User;
let owner: User;
let png: Buffer;
const tokens = new Map<Role, string>();
const users = new Map<Role, User>();
let n = 0;

/** Whose item a call works on. */
type Whose = 'own' | 'others';

before(async () => {
  t = await startTestApp();
  admin = (await t.services.auth.bootstrapAdmin({ email: 'matrix-root@example.com', name: 'Matrix Root', password: 'a long enough test passphrase' })).user;
  owner = (await t.services.auth.createUser(admin, { email: 'matrix-owner@example.com', name: 'Matrix Owner', role: 'writer' })).user;
  png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#468' } }).png().toBuffer();
  for (const role of ROLES) {
    const u = role === 'admin' ? admin : (await t.services.auth.createUser(admin, { email: `matrix-${role}@example.com`, name: `Matrix ${role}`, role })).user;
    users.set(role, u);
    // Each token carries every permission its role holds: a refusal can only come from the role or the item.
    const scopes = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleCan(role, p));
    tokens.set(role, (await t.services.integrations.createToken(actorOf(u), { kind: 'personal', name: `matrix ${role}`, scopes })).token);
  }
});
after(async () => t?.close());

const sub = async () => (await t.services.storage.sections.listAll()).find((s) => s.parentId !== null)!.id;

/** A fresh item for the route, owned by `by`, and the request that works on it. */
async function requestFor(route: string, by: User, actor: User): Promise<{ url: string; payload?: unknown; headers?: Record<string, string> }> {
  const [method, path] = route.split(' ') as [string, string];
  const storage = t.services.storage;
  const u = ++n;
  const draft = async () => (await t.services.newsroom.createDraft(actorOf(by), { headline: `Matrix draft ${u}`, subsectionId: await sub() })).id;
  const asUrl = (id: number) => path.replace(':id', String(id)).replace('/api/admin/v1', '');
  switch (route) {
    case 'POST /api/admin/v1/articles':
      return { url: '/articles', payload: { headline: `Matrix new ${u}`, subsectionId: await sub() } };
    case 'GET /api/admin/v1/articles/:id':
      return { url: asUrl(await draft()) };
    case 'PUT /api/admin/v1/articles/:id': {
      const id = await draft();
      const a = (await storage.articles.findForEdit(id))!;
      return { url: asUrl(id), payload: { version: a.version, content: { ...a.content, summary: `changed ${u}` } } };
    }
    case 'POST /api/admin/v1/articles/:id/workflow': {
      const id = await draft();
      return { url: asUrl(id), payload: { version: (await storage.articles.findForEdit(id))!.version, action: 'submit' } };
    }
    case 'GET /api/admin/v1/articles/:id/revisions':
      return { url: asUrl(await draft()) };
    case 'POST /api/admin/v1/articles/:id/revisions/:revision/restore': {
      const id = await draft();
      const revision = (await storage.revisions.list(id))[0]!;
      return { url: asUrl(id).replace(':revision', String(revision.id)), payload: { version: (await storage.articles.findForEdit(id))!.version } };
    }
    case 'POST /api/admin/v1/articles/:id/notes':
      return { url: asUrl(await draft()), payload: { body: `Check the figures ${u}` } };
    case 'POST /api/admin/v1/articles/:id/ranking':
      return { url: asUrl(await draft()), payload: { action: 'exclude' } };
    case 'PUT /api/admin/v1/front-page': {
      const current = await t.services.newsroom.frontPage(actorOf(admin));
      return { url: '/front-page', payload: { ids: current.top.map((a) => a.id) } };
    }
    case 'PUT /api/admin/v1/menus/:name':
      return { url: '/menus/footer', payload: { items: [{ label: 'About us', href: '/about/' }] } };
    case 'POST /api/admin/v1/redirects':
      return { url: '/redirects', payload: { from: `/old-${u}/`, to: '/' } };
    case 'DELETE /api/admin/v1/redirects':
      await t.services.newsroom.addRedirect(actorOf(admin), `/gone-${u}/`, '/');
      return { url: '/redirects', payload: { from: `/gone-${u}/` } };
    case 'PUT /api/admin/v1/media/:id/file':
    case 'PUT /api/admin/v1/media/:id/focal': {
      const bytes = await sharp({ create: { width: 300 + u, height: 200, channels: 3, background: '#864' } }).png().toBuffer();
      const media = await t.services.newsroom.uploadMedia(actorOf(by), bytes, { alt: 'm', caption: '', credit: '' });
      if (route.endsWith('/focal')) return { url: asUrl(media.id), payload: { x: 300, y: 600 } };
      const next = await sharp({ create: { width: 300 + u, height: 201, channels: 3, background: '#486' } }).png().toBuffer();
      return { url: asUrl(media.id), payload: next, headers: { 'content-type': 'image/png' } };
    }
    case 'POST /api/admin/v1/tags/:id/merge': {
      const from = await storage.tags.ensure(`matrix-merge-${u}`, `Matrix merge ${u}`);
      const into = await storage.tags.ensure(`matrix-into-${u}`, `Matrix into ${u}`);
      return { url: asUrl(from.id), payload: { into: into.id } };
    }
    case 'DELETE /api/admin/v1/tags/:id':
      return { url: asUrl((await storage.tags.ensure(`matrix-delete-${u}`, `Matrix delete ${u}`)).id) };
    case 'PATCH /api/admin/v1/series/:id': {
      const series = await t.services.newsroom.createSeries(actorOf(admin), { title: `Matrix series edit ${u}`, description: '' });
      return { url: asUrl(series.id), payload: { title: `Matrix series edited ${u}`, description: 'x' } };
    }
    case 'PATCH /api/admin/v1/sections/:id':
    case 'DELETE /api/admin/v1/sections/:id': {
      const { section } = await t.services.newsroom.createSection(actorOf(admin), { name: `Matrix room ${u}`, parentId: null, description: '' });
      return { url: asUrl(section.id), ...(method === 'PATCH' ? { payload: { name: `Matrix room edited ${u}`, description: '' } } : {}) };
    }
    case 'POST /api/admin/v1/media':
      return { url: '/media?alt=Matrix', payload: png, headers: { 'content-type': 'image/png' } };
    case 'PATCH /api/admin/v1/media/:id': {
      // Distinct bytes per item: the library keeps one copy of identical files, under its first uploader.
      const bytes = await sharp({ create: { width: 300 + u, height: 200, channels: 3, background: '#468' } }).png().toBuffer();
      const media = await t.services.newsroom.uploadMedia(actorOf(by), bytes, { alt: 'm', caption: '', credit: '' });
      return { url: asUrl(media.id), payload: { alt: `Matrix ${u}`, caption: '', credit: '' } };
    }
    case 'POST /api/admin/v1/tags':
      return { url: '/tags', payload: { name: `Matrix tag ${u}` } };
    case 'PATCH /api/admin/v1/tags/:id':
      return { url: asUrl((await storage.tags.ensure(`matrix-tag-${u}`, `Matrix tag ${u}`)).id), payload: { description: 'x' } };
    case 'POST /api/admin/v1/series':
      return { url: '/series', payload: { title: `Matrix series ${u}` } };
    case 'POST /api/admin/v1/sections':
      return { url: '/sections', payload: { name: `Matrix section ${u}`, parentId: null } };
    case 'POST /api/admin/v1/pages':
      return { url: '/pages', payload: { slug: `matrix-${u}`, title: 'Matrix', bodyHtml: '<p>x</p>', status: 'draft' } };
    case 'GET /api/admin/v1/pages/:id':
    case 'PUT /api/admin/v1/pages/:id': {
      const { id } = await t.services.newsroom.createPage(actorOf(admin), { slug: `matrix-page-${u}`, title: 'Matrix page', bodyHtml: '<p>x</p>', status: 'draft' });
      return { url: asUrl(id), ...(method === 'PUT' ? { payload: { version: 1, page: { slug: `matrix-page-${u}`, title: 'Matrix page 2', bodyHtml: '<p>y</p>', status: 'draft' } } } : {}) };
    }
    case 'POST /api/admin/v1/users':
      return { url: '/users', payload: { email: `matrix-invite-${u}@example.com`, name: `Invitee ${u}`, role: 'contributor' } };
    case 'PATCH /api/admin/v1/users/:id':
      return { url: asUrl(by.id === actor.id ? actor.id : owner.id), payload: { name: `Renamed ${u}` } };
    default:
      if (path.includes(':')) throw new Error(`the matrix does not know how to call ${route}: add it here`);
      return { url: path.replace('/api/admin/v1', '') };
  }
}

/** What the ownership rules on top of the table say for this role and item. */
function objectAllows(route: string, role: Role, whose: Whose): boolean {
  if (whose === 'own') return true;
  if (route.includes('/articles/:id')) return roleCan(role, 'article:edit-any');
  if (route.includes('/media/:id')) return roleCan(role, 'media:edit-any');
  return true;
}

test('every Admin API route is in ADMIN_API_ACCESS, and every entry is a route', () => {
  const registered = new Set(t.app.apiRoutes.filter((r) => r.includes(' /api/admin/')));
  const table = new Set(Object.keys(ADMIN_API_ACCESS));
  assert.deepEqual([...registered].filter((r) => !table.has(r)), [], 'routes missing from ADMIN_API_ACCESS');
  assert.deepEqual([...table].filter((r) => !registered.has(r)), [], 'ADMIN_API_ACCESS entries with no route');
});

test('every route × every role × own and others’ items gets exactly what the table and the ownership rules allow', async () => {
  const routes = t.app.apiRoutes.filter((r) => r.includes(' /api/admin/')).sort();
  const failures: string[] = [];
  let calls = 0;
  for (const role of ROLES) {
    const me = users.get(role)!;
    for (const route of routes) {
      for (const whose of (route.includes(':id') ? ['own', 'others'] : ['own']) as Whose[]) {
        const { url, payload, headers } = await requestFor(route, whose === 'own' ? me : owner, me);
        const method = route.split(' ')[0] as 'GET';
        const res = await t.app.inject({ method, url: `/api/admin/v1${url}`, headers: { authorization: `Bearer ${tokens.get(role)}`, ...headers }, ...(payload !== undefined ? { payload: payload as object } : {}) });
        calls++;
        const allowed = roleCan(role, ADMIN_API_ACCESS[route]!) && objectAllows(route, role, whose);
        const label = `${role} ${route} (${whose}) → ${res.statusCode} ${res.body.slice(0, 160)}`;
        if (res.statusCode >= 500) failures.push(label);
        else if (allowed && (res.statusCode < 200 || res.statusCode >= 300)) failures.push(`should be allowed: ${label}`);
        else if (!allowed && res.statusCode !== 403 && res.statusCode !== 404) failures.push(`should be refused: ${label}`);
        const anonymous = await t.app.inject({ method, url: `/api/admin/v1${url}`, ...(headers ? { headers } : {}), ...(payload !== undefined ? { payload: payload as object } : {}) });
        if (anonymous.statusCode !== 401) failures.push(`without a token ${route} → ${anonymous.statusCode}`);
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(calls >= ROLES.length * routes.length, `${calls} calls`);
});

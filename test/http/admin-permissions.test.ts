import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { roleCan, ROLES, type Role } from '../../src/core/access/roles.ts';
import { actorOf } from '../../src/core/access/types.ts';
import { createDraft } from '../../src/core/newsroom/create-draft.ts';
import { ROUTE_ACCESS } from '../../src/web/admin/route-permissions.ts';
import { AdminClient, signedIn } from '../helpers/admin-client.ts';
import { startTestApp, type TestApp } from '../helpers/demo-app.ts';

let t: TestApp;
const clients = new Map<Role | 'anonymous', AdminClient>();
const ids = new Map<Role | 'anonymous', Record<string, string>>();

before(async () => {
  t = await startTestApp();
  const storage = t.services.storage;
  const sections = await storage.sections.listAll();
  const sub = sections.find((s) => s.parentId !== null)!;
  const tag = (await storage.tags.search('', 1))[0]!;
  const series = (await storage.series.listAll())[0]!;
  const media = (await storage.media.list('', { limit: 1, offset: 0 })).items[0]!;
  for (const role of ROLES) {
    const client = await signedIn(t.app, t.services, role, `Matrix ${role}`);
    clients.set(role, client);
    // Each role works on an article of its own, so a refusal can only come from the role.
    const { id } = await createDraft({ storage, clock: t.clock }, actorOf(client.user!), { headline: `${role} draft`, subsectionId: sub.id });
    const revision = (await storage.revisions.list(id))[0]!;
    ids.set(role, { id: String(id), revision: String(revision.id), media: String(media.id), tag: String(tag.id), series: String(series.id), section: String(sub.id), user: String(client.user!.id) });
  }
  const anon = new AdminClient(t.app);
  await anon.get('/admin/login');
  clients.set('anonymous', anon);
  ids.set('anonymous', ids.get('contributor')!);
});
after(async () => {
  await t.close();
});

function concrete(route: string, values: Record<string, string>): string {
  const path = route.split(' ')[1] as string;
  const idFor = path.startsWith('/admin/media/') ? values.media
    : path.startsWith('/admin/taxonomy/tags/') ? values.tag
    : path.startsWith('/admin/taxonomy/series/') ? values.series
    : path.startsWith('/admin/taxonomy/sections/') ? values.section
    : path.startsWith('/admin/users/') ? values.user
    : values.id;
  return path
    .replace(':id', idFor as string)
    .replace(':revision', values.revision as string)
    .replace(':token', 'x'.repeat(43))
    .concat(path.endsWith('/compare') ? `?from=${values.revision}&to=${values.revision}` : '');
}

test('every newsroom route is in the permission table, and every table entry is a route', () => {
  const registered = new Set(t.app.adminRoutes);
  const table = new Set(Object.keys(ROUTE_ACCESS));
  assert.deepEqual([...registered].filter((r) => !table.has(r)), [], 'routes missing from ROUTE_ACCESS');
  assert.deepEqual([...table].filter((r) => !registered.has(r)), [], 'ROUTE_ACCESS entries with no route');
});

test('every route × every role (and anonymous) gets exactly what the table allows', async () => {
  const routes = [...t.app.adminRoutes].sort((a, b) => Number(a.includes('/logout')) - Number(b.includes('/logout')));
  const failures: string[] = [];
  for (const actor of ['anonymous', ...ROLES] as const) {
    const client = clients.get(actor)!;
    for (const route of routes) {
      const [method] = route.split(' ') as [string];
      const access = ROUTE_ACCESS[route]!;
      const url = concrete(route, ids.get(actor)!);
      const res = await client.request({ method: method as 'GET', url, ...(method === 'GET' ? {} : route.includes('/api/') ? { json: {} } : { form: {} }) });
      const allowed = access === 'public' || (actor !== 'anonymous' && (access === 'signed-in' || roleCan(actor, access)));
      const refusedAnon = res.statusCode === 401 || (res.statusCode === 303 && String(res.headers.location).startsWith('/admin/login'));
      const refused = actor === 'anonymous' ? refusedAnon : res.statusCode === 403;
      const loggedOut = route === 'POST /admin/logout';
      if (allowed && (res.statusCode === 401 || res.statusCode === 403 || (actor !== 'anonymous' && refusedAnon && !loggedOut))) {
        failures.push(`${actor} ${route} should be allowed, got ${res.statusCode}`);
      }
      if (!allowed && !refused) failures.push(`${actor} ${route} should be refused, got ${res.statusCode}`);
      if (res.statusCode >= 500) failures.push(`${actor} ${route} → ${res.statusCode}`);
    }
    // The last route was logout; log in again for the tests that follow.
    if (actor !== 'anonymous') await client.login(client.user!.email);
  }
  assert.deepEqual(failures, []);
});

test('objects: a contributor cannot open, preview or see revisions of another person’s draft', async () => {
  const contributor = clients.get('contributor')!;
  const writerArticle = ids.get('writer')!.id;
  for (const url of [`/admin/articles/${writerArticle}/`, `/admin/articles/${writerArticle}/preview`, `/admin/articles/${writerArticle}/revisions/`, `/admin/api/articles/${writerArticle}`]) {
    const res = await contributor.get(url);
    assert.equal(res.statusCode, 404, url);
  }
  const editor = clients.get('editor')!;
  assert.equal((await editor.get(`/admin/articles/${writerArticle}/`)).statusCode, 200, 'editors see every article');
});

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import { isBroadsheetError } from '../../../core/errors.ts';
import { MENU_NAMES, type MenuItem, type MenuName } from '../../../core/pages/page-ports.ts';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { MenusPage, PageEditorPage, PagesListPage, RedirectsPage } from '../pages/site-pages.tsx';
import { form, FormText, IdParams } from '../schemas.ts';

const NewPageBody = form({ title: FormText(1000), slug: FormText(200) });
const PageBody = form({ version: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }), title: FormText(1000), slug: FormText(200), bodyHtml: FormText(600_000), status: Type.Union([Type.Literal('draft'), Type.Literal('published')]) });
const MenuParams = Type.Object({ name: Type.Union(MENU_NAMES.map((n) => Type.Literal(n))) });
// One entry per menu row; longer than ids, so not FormList.
const MenuList = Type.Union([Type.String({ maxLength: 500 }), Type.Array(Type.String({ maxLength: 500 }), { maxItems: 40 })]);
const MenuBody = form({ 'label[]': Type.Optional(MenuList), 'href[]': Type.Optional(MenuList) });
const RedirectBody = form({ from: FormText(1000), to: FormText(1000) });
const RemoveBody = form({ from: FormText(1000) });
const RedirectQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })), page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,4}$' })) }, { additionalProperties: false });
const list = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

/** Static pages and the header and footer menus (editors and admins). */
export async function siteRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { newsroom } = kit;
  const actor = (request: FastifyRequest) => actorOf(kit.session(request).user);
  const refused = (err: unknown) => isBroadsheetError(err) && err.status < 500 && err.code !== 'BS_ERR_AUTH_FORBIDDEN' && err.code !== 'BS_ERR_NOT_FOUND';

  const listPage = async (request: FastifyRequest, reply: FastifyReply, flash?: Flash, status = 200) =>
    kit.page(reply, <PagesListPage ctx={kit.context(request, reply)} pages={await newsroom.pages(actor(request))} flash={flash} />, status);

  app.get('/admin/pages/', async (request, reply) => listPage(request, reply));
  app.post<{ Body: Static<typeof NewPageBody> }>('/admin/pages/', { schema: { body: NewPageBody } }, async (request, reply) => {
    try {
      const { id, invalidates } = await newsroom.createPage(actor(request), { title: request.body.title, slug: request.body.slug, bodyHtml: '', status: 'draft' });
      await kit.applyInvalidations(invalidates);
      return reply.redirect(`/admin/pages/${id}/`, 303);
    } catch (err) {
      if (!refused(err)) throw err;
      return listPage(request, reply, { kind: 'error', text: (err as Error).message }, (err as { status: number }).status);
    }
  });

  const editor = async (request: FastifyRequest, reply: FastifyReply, id: number, flash?: Flash, status = 200) => {
    const { page, revisions } = await newsroom.page(actor(request), id);
    // Who saved each revision is shown to admins (the account list is theirs).
    const users = kit.session(request).user.role === 'admin' ? await newsroom.users(actor(request)) : [];
    return kit.page(reply, <PageEditorPage ctx={kit.context(request, reply)} page={page} revisions={revisions} names={new Map(users.map((u) => [u.id, u.name]))} flash={flash} />, status);
  };
  app.get<{ Params: Static<typeof IdParams> }>('/admin/pages/:id/', { schema: { params: IdParams } }, async (request, reply) => editor(request, reply, Number(request.params.id)));
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof PageBody> }>('/admin/pages/:id/', { schema: { params: IdParams, body: PageBody }, bodyLimit: 6 * 1024 * 1024 }, async (request, reply) => {
    const id = Number(request.params.id);
    const b = request.body;
    try {
      const { version, invalidates } = await newsroom.savePage(actor(request), id, Number(b.version), { title: b.title, slug: b.slug, bodyHtml: b.bodyHtml, status: b.status });
      await kit.applyInvalidations(invalidates);
      return editor(request, reply, id, { kind: 'ok', text: `Saved (version ${version}).` });
    } catch (err) {
      if (!refused(err)) throw err;
      return editor(request, reply, id, { kind: 'error', text: (err as Error).message }, (err as { status: number }).status);
    }
  });

  const redirectsPage = async (request: FastifyRequest, reply: FastifyReply, flash?: Flash, status = 200, query = '', page = 1) =>
    kit.page(reply, <RedirectsPage ctx={kit.context(request, reply)} list={await newsroom.redirects(actor(request), query, page)} query={query} flash={flash} />, status);
  app.get<{ Querystring: Static<typeof RedirectQuery> }>('/admin/redirects/', { schema: { querystring: RedirectQuery } }, async (request, reply) =>
    redirectsPage(request, reply, undefined, 200, request.query.q ?? '', Number(request.query.page ?? 1)),
  );
  app.post<{ Body: Static<typeof RedirectBody> }>('/admin/redirects/', { schema: { body: RedirectBody } }, async (request, reply) => {
    try {
      const r = await newsroom.addRedirect(actor(request), request.body.from, request.body.to);
      return redirectsPage(request, reply, { kind: 'ok', text: `${r.from} now redirects to ${r.to}.` });
    } catch (err) {
      if (!refused(err)) throw err;
      return redirectsPage(request, reply, { kind: 'error', text: (err as Error).message }, (err as { status: number }).status);
    }
  });
  app.post<{ Body: Static<typeof RemoveBody> }>('/admin/redirects/remove', { schema: { body: RemoveBody } }, async (request, reply) => {
    await newsroom.removeRedirect(actor(request), request.body.from);
    return redirectsPage(request, reply, { kind: 'ok', text: `Removed the redirect from ${request.body.from}.` });
  });

  const defaults = async () => {
    const sections = await newsroom.sections();
    const items = sections.roots().map((s) => ({ label: s.name, href: `/${s.path}/` }));
    return { header: items, footer: items };
  };
  const menusPage = async (request: FastifyRequest, reply: FastifyReply, flash?: Flash, status = 200) =>
    kit.page(reply, <MenusPage ctx={kit.context(request, reply)} menus={await newsroom.menus()} defaults={await defaults()} flash={flash} />, status);
  app.get('/admin/menus/', async (request, reply) => menusPage(request, reply));
  app.post<{ Params: Static<typeof MenuParams>; Body: Static<typeof MenuBody> }>('/admin/menus/:name', { schema: { params: MenuParams, body: MenuBody } }, async (request, reply) => {
    const labels = list(request.body['label[]']);
    const hrefs = list(request.body['href[]']);
    // A row with neither a label nor an address is an unused row, not a link.
    const items: MenuItem[] = labels.map((label, i) => ({ label, href: hrefs[i] ?? '' })).filter((x) => x.label.trim() !== '' || x.href.trim() !== '');
    try {
      const keys = await newsroom.saveMenu(actor(request), request.params.name as MenuName, items);
      await kit.applyInvalidations(keys);
      return menusPage(request, reply, { kind: 'ok', text: 'Menu saved; every page shows it now.' });
    } catch (err) {
      if (!refused(err)) throw err;
      return menusPage(request, reply, { kind: 'error', text: (err as Error).message }, (err as { status: number }).status);
    }
  });
}

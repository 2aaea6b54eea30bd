import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { MENU_NAMES, type MenuName } from '../../core/pages/page-ports.ts';
import { IdParam, IdParams } from '../admin/schemas.ts';
import type { AdminApiKit } from './admin-api-kit.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const strict = { additionalProperties: false } as const;
const RevisionParams = Type.Object({ id: IdParam, revision: IdParam });
const RestoreBody = Type.Object({ version: Id }, strict);
const NoteBody = Type.Object({ body: Type.String({ minLength: 1, maxLength: 5000 }) }, strict);
const RankingBody = Type.Object({ action: Type.Union([Type.Literal('exclude'), Type.Literal('include'), Type.Literal('release')]) }, strict);
const FrontPageBody = Type.Object({ ids: Type.Array(Id, { maxItems: 200 }) }, strict);
const MenuParams = Type.Object({ name: Type.Union(MENU_NAMES.map((m) => Type.Literal(m))) });
const MenuBody = Type.Object({ items: Type.Array(Type.Object({ label: Type.String({ maxLength: 200 }), href: Type.String({ maxLength: 2000 }) }, strict), { maxItems: 50 }) }, strict);
const RedirectQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 500 })), page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })) }, strict);
const RedirectBody = Type.Object({ from: Type.String({ minLength: 1, maxLength: 2000 }), to: Type.String({ minLength: 1, maxLength: 2000 }) }, strict);
const RedirectDelete = Type.Object({ from: Type.String({ minLength: 1, maxLength: 2000 }) }, strict);

/** The desk's other writes: revisions, notes, the rankings, the front page, menus and redirects. */
export async function adminApiDeskRoutes(app: FastifyInstance, kit: AdminApiKit): Promise<void> {
  const { newsroom } = kit;
  const actor = (request: FastifyRequest) => kit.holder(request).actor;
  const tags = ['admin: desk'];

  app.get<{ Params: Static<typeof IdParams> }>('/api/admin/v1/articles/:id/revisions', { schema: { summary: "An article's revisions, newest first", tags, params: IdParams } }, async (request) => {
    const { revisions } = await newsroom.revisions(actor(request), Number(request.params.id));
    return { revisions: revisions.map((r) => ({ id: r.id, version: r.version, kind: r.kind, status: r.status, userId: r.userId, note: r.note, createdAt: new Date(r.createdAt).toISOString() })) };
  });

  app.post<{ Params: Static<typeof RevisionParams>; Body: Static<typeof RestoreBody> }>(
    '/api/admin/v1/articles/:id/revisions/:revision/restore',
    { schema: { summary: 'Restore a revision as a new one (from the version you read)', tags, params: RevisionParams, body: RestoreBody } },
    async (request) => {
      const result = await newsroom.restoreRevision(actor(request), { articleId: Number(request.params.id), revisionId: Number(request.params.revision), baseVersion: request.body.version });
      await kit.applyInvalidations(result.invalidates);
      return { version: result.version, revisionId: result.revisionId };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof NoteBody> }>('/api/admin/v1/articles/:id/notes', { schema: { summary: 'A note to the desk on an article (never public)', tags, params: IdParams, body: NoteBody } }, async (request, reply) => {
    await newsroom.addNote(actor(request), Number(request.params.id), request.body.body);
    return reply.code(201).send({ ok: true });
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RankingBody> }>('/api/admin/v1/articles/:id/ranking', { schema: { summary: 'Keep an article out of the rankings, let it back in, or release a hold', tags, params: IdParams, body: RankingBody } }, async (request) => {
    await newsroom.controlRanking(actor(request), Number(request.params.id), request.body.action);
    await kit.refreshRanking();
    return { ok: true };
  });

  app.put<{ Body: Static<typeof FrontPageBody> }>('/api/admin/v1/front-page', { schema: { summary: "The home page's top stories, in order", tags, body: FrontPageBody } }, async (request) => {
    await kit.applyInvalidations(await newsroom.arrangeFrontPage(actor(request), request.body.ids));
    return { ok: true };
  });

  app.put<{ Params: Static<typeof MenuParams>; Body: Static<typeof MenuBody> }>('/api/admin/v1/menus/:name', { schema: { summary: 'The header or footer menu', tags, params: MenuParams, body: MenuBody } }, async (request) => {
    await kit.applyInvalidations(await newsroom.saveMenu(actor(request), request.params.name as MenuName, request.body.items));
    return { ok: true };
  });

  app.get<{ Querystring: Static<typeof RedirectQuery> }>('/api/admin/v1/redirects', { schema: { summary: 'Redirects (100 a page), found by old or new address', tags, querystring: RedirectQuery } }, async (request) =>
    newsroom.redirects(actor(request), request.query.q ?? '', Number(request.query.page ?? 1)),
  );

  app.post<{ Body: Static<typeof RedirectBody> }>('/api/admin/v1/redirects', { schema: { summary: 'Add a redirect from an old address', tags, body: RedirectBody } }, async (request, reply) =>
    kit.once(request, reply, async () => ({ status: 201, body: { redirect: await newsroom.addRedirect(actor(request), request.body.from, request.body.to) } })),
  );

  app.delete<{ Body: Static<typeof RedirectDelete> }>('/api/admin/v1/redirects', { schema: { summary: 'Remove a redirect', tags, body: RedirectDelete } }, async (request) => {
    await newsroom.removeRedirect(actor(request), request.body.from);
    return { ok: true };
  });
}

import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ROLES } from '../../core/access/roles.ts';
import { USER_STATUSES } from '../../core/access/types.ts';
import { IdParams } from '../admin/schemas.ts';
import type { AdminApiKit } from './admin-api-kit.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Text = (maxLength: number) => Type.String({ maxLength });
const strict = { additionalProperties: false } as const;

const MediaQuery = Type.Object({ q: Type.Optional(Text(200)), page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })) }, strict);
const UploadQuery = Type.Object({ alt: Type.Optional(Text(2000)), caption: Type.Optional(Text(5000)), credit: Type.Optional(Text(1000)) }, strict);
const MediaPatch = Type.Object({ alt: Text(2000), caption: Text(5000), credit: Text(1000) }, strict);
// Thousandths of the width and height, as the library stores it (500, 500 is the centre).
const Focal = Type.Object({ x: Type.Integer({ minimum: 0, maximum: 1000 }), y: Type.Integer({ minimum: 0, maximum: 1000 }) }, strict);
const MergeBody = Type.Object({ into: Id }, strict);
const SeriesPatch = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), description: Text(2000) }, strict);
const SectionPatch = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), description: Text(2000) }, strict);
const TagBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, strict);
const TagPatch = Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), description: Type.Optional(Text(2000)) }, strict);
const SeriesBody = Type.Object({ title: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Text(2000)) }, strict);
const SectionBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), slug: Type.Optional(Text(200)), parentId: Type.Optional(Type.Union([Id, Type.Null()])), description: Type.Optional(Text(2000)) }, strict);
const PageBody = Type.Object({ slug: Text(200), title: Text(1000), bodyHtml: Text(600_000), status: Type.Union([Type.Literal('draft'), Type.Literal('published')]) }, strict);
const PageSave = Type.Object({ version: Id, page: PageBody }, strict);
const UserBody = Type.Object({ email: Type.String({ minLength: 3, maxLength: 320 }), name: Type.String({ minLength: 1, maxLength: 200 }), role: Type.Union(ROLES.map((r) => Type.Literal(r))), title: Type.Optional(Text(200)) }, strict);
const UserPatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), role: Type.Optional(Type.Union(ROLES.map((r) => Type.Literal(r)))), status: Type.Optional(Type.Union(USER_STATUSES.map((s) => Type.Literal(s)))) },
  strict,
);

/** Media, taxonomy, static pages and accounts, through the same operations as the newsroom's screens. */
export async function adminApiSiteRoutes(app: FastifyInstance, kit: AdminApiKit): Promise<void> {
  const { newsroom, auth } = kit;
  const actor = (request: import('fastify').FastifyRequest) => kit.holder(request).actor;

  // Photos arrive as the raw image (Content-Type: image/jpeg, png, webp or avif); what they are is checked from the bytes.
  app.addContentTypeParser(/^image\/(jpeg|png|webp|avif)$/, { parseAs: 'buffer', bodyLimit: 25 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  app.get<{ Querystring: Static<typeof MediaQuery> }>('/api/admin/v1/media', { schema: { summary: 'The media library', tags: ['admin: media'], querystring: MediaQuery } }, async (request) => {
    const page = Number(request.query.page ?? 1);
    const result = await newsroom.listMedia(request.query.q ?? '', page, 60);
    return { media: result.items, total: result.total, page };
  });

  app.post<{ Querystring: Static<typeof UploadQuery> }>(
    '/api/admin/v1/media',
    { schema: { summary: 'Upload a photo: the body is the image; alt, caption and credit in the query', tags: ['admin: media'], querystring: UploadQuery } },
    async (request, reply) =>
      kit.once(request, reply, async () => {
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const { alt = '', caption = '', credit = '' } = request.query;
        return { status: 201, body: { media: await newsroom.uploadMedia(actor(request), bytes, { alt, caption, credit }) } };
      }),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof MediaPatch> }>('/api/admin/v1/media/:id', { schema: { summary: "A photo's alt text, caption and credit", tags: ['admin: media'], params: IdParams, body: MediaPatch } }, async (request) => {
    await kit.applyInvalidations(await newsroom.updateMedia(actor(request), Number(request.params.id), request.body));
    return { ok: true };
  });

  app.put<{ Params: Static<typeof IdParams> }>('/api/admin/v1/media/:id/file', { schema: { summary: "Replace a photo's file, keeping its text, focal point and every use", tags: ['admin: media'], params: IdParams } }, async (request) => {
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    await kit.applyInvalidations(await newsroom.replaceMediaFile(actor(request), Number(request.params.id), bytes));
    return { ok: true };
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof Focal> }>('/api/admin/v1/media/:id/focal', { schema: { summary: "A photo's focal point in thousandths across and down (500, 500: the centre), for its crops", tags: ['admin: media'], params: IdParams, body: Focal } }, async (request) => {
    await kit.applyInvalidations(await newsroom.setFocalPoint(actor(request), Number(request.params.id), request.body));
    return { ok: true };
  });

  app.get('/api/admin/v1/taxonomy', { schema: { summary: 'Sections, tags and series', tags: ['admin: taxonomy'] } }, async () => {
    const { sections, tags, series } = await newsroom.taxonomy();
    return { sections: sections.all, tags, series };
  });

  app.post<{ Body: Static<typeof TagBody> }>('/api/admin/v1/tags', { schema: { summary: 'Create a tag', tags: ['admin: taxonomy'], body: TagBody } }, async (request, reply) =>
    kit.once(request, reply, async () => ({ status: 201, body: { tag: await newsroom.createTag(actor(request), request.body.name) } })),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof TagPatch> }>('/api/admin/v1/tags/:id', { schema: { summary: 'Rename or describe a tag', tags: ['admin: taxonomy'], params: IdParams, body: TagPatch } }, async (request) => {
    const id = Number(request.params.id);
    if (request.body.name !== undefined) await kit.applyInvalidations(await newsroom.renameTag(actor(request), id, request.body.name));
    if (request.body.description !== undefined) await kit.applyInvalidations(await newsroom.describeTag(actor(request), id, request.body.description));
    return { ok: true };
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MergeBody> }>('/api/admin/v1/tags/:id/merge', { schema: { summary: 'Merge a tag into another (its articles move; its address redirects)', tags: ['admin: taxonomy'], params: IdParams, body: MergeBody } }, async (request) => {
    await kit.applyInvalidations(await newsroom.mergeTag(actor(request), Number(request.params.id), request.body.into));
    return { ok: true };
  });

  app.delete<{ Params: Static<typeof IdParams> }>('/api/admin/v1/tags/:id', { schema: { summary: 'Delete a tag', tags: ['admin: taxonomy'], params: IdParams } }, async (request) => {
    await kit.applyInvalidations(await newsroom.deleteTag(actor(request), Number(request.params.id)));
    return { ok: true };
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof SeriesPatch> }>('/api/admin/v1/series/:id', { schema: { summary: 'Rename or describe a series', tags: ['admin: taxonomy'], params: IdParams, body: SeriesPatch } }, async (request) => {
    await kit.applyInvalidations(await newsroom.updateSeries(actor(request), Number(request.params.id), request.body));
    return { ok: true };
  });

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof SectionPatch> }>('/api/admin/v1/sections/:id', { schema: { summary: 'Rename or describe a section', tags: ['admin: taxonomy'], params: IdParams, body: SectionPatch } }, async (request) => {
    await kit.applyInvalidations(await newsroom.updateSection(actor(request), Number(request.params.id), request.body));
    return { ok: true };
  });

  app.delete<{ Params: Static<typeof IdParams> }>('/api/admin/v1/sections/:id', { schema: { summary: 'Delete an empty section', tags: ['admin: taxonomy'], params: IdParams } }, async (request) => {
    await kit.applyInvalidations(await newsroom.deleteSection(actor(request), Number(request.params.id)));
    return { ok: true };
  });

  app.post<{ Body: Static<typeof SeriesBody> }>('/api/admin/v1/series', { schema: { summary: 'Create a series', tags: ['admin: taxonomy'], body: SeriesBody } }, async (request, reply) =>
    kit.once(request, reply, async () => ({ status: 201, body: { series: await newsroom.createSeries(actor(request), { title: request.body.title, description: request.body.description ?? '' }) } })),
  );

  app.post<{ Body: Static<typeof SectionBody> }>('/api/admin/v1/sections', { schema: { summary: 'Create a section or sub-section', tags: ['admin: taxonomy'], body: SectionBody } }, async (request, reply) =>
    kit.once(request, reply, async () => {
      const { name, slug, parentId = null, description = '' } = request.body;
      const section = await newsroom.createSection(actor(request), { name, parentId, description, ...(slug !== undefined ? { slug } : {}) });
      return { status: 201, body: { section } };
    }),
  );

  app.get('/api/admin/v1/pages', { schema: { summary: 'Static pages', tags: ['admin: pages'] } }, async (request) => ({ pages: await newsroom.pages(actor(request)) }));

  app.post<{ Body: Static<typeof PageBody> }>('/api/admin/v1/pages', { schema: { summary: 'Create a static page', tags: ['admin: pages'], body: PageBody }, bodyLimit: 2 * 1024 * 1024 }, async (request, reply) =>
    kit.once(request, reply, async () => {
      const { id, invalidates } = await newsroom.createPage(actor(request), request.body);
      await kit.applyInvalidations(invalidates);
      return { status: 201, body: { page: (await newsroom.page(actor(request), id)).page } };
    }),
  );

  app.get<{ Params: Static<typeof IdParams> }>('/api/admin/v1/pages/:id', { schema: { summary: 'One static page', tags: ['admin: pages'], params: IdParams } }, async (request) => ({
    page: (await newsroom.page(actor(request), Number(request.params.id))).page,
  }));

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof PageSave> }>('/api/admin/v1/pages/:id', { schema: { summary: 'Save a static page from the version you read', tags: ['admin: pages'], params: IdParams, body: PageSave }, bodyLimit: 2 * 1024 * 1024 }, async (request) => {
    const { version, invalidates } = await newsroom.savePage(actor(request), Number(request.params.id), request.body.version, request.body.page);
    await kit.applyInvalidations(invalidates);
    return { version };
  });

  app.get('/api/admin/v1/users', { schema: { summary: 'Newsroom accounts (admins)', tags: ['admin: people'] } }, async (request) => ({
    users: (await newsroom.users(actor(request))).map((u) => ({ id: u.id, name: u.name, email: u.email, role: u.role, status: u.status, authorId: u.authorId })),
  }));

  app.post<{ Body: Static<typeof UserBody> }>('/api/admin/v1/users', { schema: { summary: 'Invite a colleague (admins): the setup link is mailed', tags: ['admin: people'], body: UserBody } }, async (request, reply) =>
    kit.once(request, reply, async () => {
      const { user, link, mailed } = await auth.createUser(kit.holder(request).user, request.body);
      // Without mail the admin passes the link on, as the newsroom's People screen shows it.
      return { status: 201, body: { user: { id: user.id, name: user.name, email: user.email, role: user.role, status: user.status }, mailed, ...(mailed ? {} : { setupLink: link }) } };
    }),
  );

  app.patch<{ Params: Static<typeof IdParams>; Body: Static<typeof UserPatch> }>('/api/admin/v1/users/:id', { schema: { summary: "Change a colleague's name, role or status (admins)", tags: ['admin: people'], params: IdParams, body: UserPatch } }, async (request) => {
    const user = await auth.updateUser(kit.holder(request).user, Number(request.params.id), request.body);
    return { user: { id: user.id, name: user.name, email: user.email, role: user.role, status: user.status } };
  });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { roleCan } from '../../../core/access/roles.ts';
import { actorOf } from '../../../core/access/types.ts';
import { BroadsheetError, isBroadsheetError } from '../../../core/errors.ts';
import type { AdminKit } from '../admin-kit.ts';
import type { Flash } from '../components/admin-layout.tsx';
import { MediaPage, TaxonomyPage } from '../pages/library-pages.tsx';
import { form, FormList, FormText, IdParam, IdParams, ids as idList, optionalId } from '../schemas.ts';

const MediaQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  filter: Type.Optional(Type.Union([Type.Literal(''), Type.Literal('no-alt'), Type.Literal('mine')])),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
});
const BulkBody = form({ 'ids[]': Type.Optional(FormList), caption: FormText(5000), credit: FormText(1000), alt: FormText(2000) });
const DescribeBody = form({ description: FormText(2000) });
const MergeBody = form({ into: IdParam });
const MoveBody = form({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });
const MediaBody = form({ caption: FormText(5000), credit: FormText(1000), alt: FormText(2000) });
// Percent of width and height, as the number inputs (or a click on the photo) give them.
const FocalBody = form({ x: Type.String({ pattern: '^(100|[0-9]{1,2})(\\.[0-9])?$' }), y: Type.String({ pattern: '^(100|[0-9]{1,2})(\\.[0-9])?$' }) });
const NameBody = form({ name: FormText(500) });
const SectionBody = form({ name: FormText(500), description: Type.Optional(FormText(2000)), parentId: Type.Optional(FormText(12)) });
const SeriesBody = form({ title: FormText(500), description: Type.Optional(FormText(5000)) });

/** Reads a multipart upload: one file plus caption, credit and alt fields. */
export async function readUpload(request: FastifyRequest): Promise<{ bytes: Buffer; caption: string; credit: string; alt: string }> {
  if (!request.isMultipart()) throw new BroadsheetError('BS_ERR_REQUEST_MEDIA_TYPE', { detail: 'send the photo as multipart/form-data' });
  let file: Awaited<ReturnType<FastifyRequest['file']>>;
  let bytes: Buffer;
  try {
    file = await request.file();
    bytes = file ? await file.toBuffer() : Buffer.alloc(0);
  } catch (err) {
    // Whatever the multipart parser throws while reading the client's bytes (no boundary, a
    // malformed part, a body that ends early) is the client's mistake, not ours.
    if (isBroadsheetError(err) || typeof (err as { statusCode?: unknown }).statusCode === 'number') throw err;
    throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: `the upload is not well-formed multipart/form-data (${(err as Error).message})` }, { cause: err });
  }
  if (!file) throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: 'choose a photo to upload' });
  const field = (name: string) => {
    const f = file.fields[name];
    const one = Array.isArray(f) ? f[0] : f;
    return one && 'value' in one && typeof one.value === 'string' ? one.value : '';
  };
  return { bytes, caption: field('caption'), credit: field('credit'), alt: field('alt') };
}

/** The media library and the taxonomy (sections, tags, series). */
export async function libraryRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const mediaPage = async (request: FastifyRequest, reply: FastifyReply, q: string, flash?: Flash, status = 200, filter?: 'no-alt' | 'mine') => {
    const user = kit.session(request).user;
    const result = await kit.newsroom.listMedia(q, 1, 60, filter === 'no-alt' ? { missingAlt: true } : filter === 'mine' ? { uploadedBy: user.id } : {});
    return kit.page(reply, <MediaPage ctx={kit.context(request, reply)} result={result} q={q} filter={filter} canEditAny={roleCan(user.role, 'media:edit-any')} flash={flash} />, status);
  };

  app.get<{ Querystring: Static<typeof MediaQuery> }>('/admin/media/', { schema: { querystring: MediaQuery } }, async (request, reply) =>
    mediaPage(request, reply, request.query.q ?? '', undefined, 200, request.query.filter || undefined),
  );

  /** Runs a media change and shows the library again with the outcome. */
  const mediaChange = async (request: FastifyRequest, reply: FastifyReply, work: () => Promise<{ keys: readonly string[]; text: string }>) => {
    try {
      const { keys, text } = await work();
      await kit.applyInvalidations(keys);
      return mediaPage(request, reply, '', { kind: 'ok', text });
    } catch (err) {
      if (!isBroadsheetError(err) || err.status >= 500) throw err;
      return mediaPage(request, reply, '', { kind: 'error', text: err.message }, err.status);
    }
  };

  app.post<{ Body: Static<typeof BulkBody> }>('/admin/media/bulk', { schema: { body: BulkBody } }, async (request, reply) =>
    mediaChange(request, reply, async () => {
      const ids = idList(request.body['ids[]']);
      if (!ids) throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: 'a ticked photo is not an id' });
      const keys = await kit.newsroom.bulkUpdateMedia(actorOf(kit.session(request).user), ids, { caption: request.body.caption, credit: request.body.credit, alt: request.body.alt });
      return { keys, text: `Changed ${ids.length} photo${ids.length === 1 ? '' : 's'}.` };
    }),
  );

  app.post<{ Params: Static<typeof IdParams> }>('/admin/media/:id/replace', { config: { csrfFromQuery: true }, schema: { params: IdParams, querystring: MediaQuery } }, async (request, reply) =>
    mediaChange(request, reply, async () => {
      const upload = await readUpload(request);
      const keys = await kit.newsroom.replaceMediaFile(actorOf(kit.session(request).user), Number(request.params.id), upload.bytes);
      return { keys, text: `Replaced the file of photo #${request.params.id}; every article that uses it shows the new one.` };
    }),
  );

  app.post('/admin/media/', { config: { csrfFromQuery: true }, schema: { querystring: MediaQuery } }, async (request, reply) => {
    const actor = actorOf(kit.session(request).user);
    try {
      const upload = await readUpload(request);
      const asset = await kit.newsroom.uploadMedia(actor, upload.bytes, upload);
      return mediaPage(request, reply, '', { kind: 'ok', text: `Uploaded photo #${asset.id}.` });
    } catch (err) {
      if (!isBroadsheetError(err) || err.status >= 500) throw err;
      return mediaPage(request, reply, '', { kind: 'error', text: err.message }, err.status);
    }
  });

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MediaBody> }>(
    '/admin/media/:id',
    { schema: { params: IdParams, body: MediaBody } },
    async (request, reply) => {
      const actor = actorOf(kit.session(request).user);
      try {
        await kit.applyInvalidations(await kit.newsroom.updateMedia(actor, Number(request.params.id), request.body));
        return mediaPage(request, reply, '', { kind: 'ok', text: `Saved photo #${request.params.id}.` });
      } catch (err) {
        if (!isBroadsheetError(err) || err.status >= 500) throw err;
        return mediaPage(request, reply, '', { kind: 'error', text: err.message }, err.status);
      }
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof FocalBody> }>(
    '/admin/media/:id/focal',
    { schema: { params: IdParams, body: FocalBody } },
    async (request, reply) => {
      const actor = actorOf(kit.session(request).user);
      const perMille = (v: string) => Math.min(1000, Math.round(Number(v) * 10));
      try {
        await kit.applyInvalidations(await kit.newsroom.setFocalPoint(actor, Number(request.params.id), { x: perMille(request.body.x), y: perMille(request.body.y) }));
        return mediaPage(request, reply, '', { kind: 'ok', text: `Focal point of photo #${request.params.id} set; its crops follow it.` });
      } catch (err) {
        if (!isBroadsheetError(err) || err.status >= 500) throw err;
        return mediaPage(request, reply, '', { kind: 'error', text: err.message }, err.status);
      }
    },
  );

  const taxonomyPage = async (request: FastifyRequest, reply: FastifyReply, flash?: Flash, status = 200) => {
    const { sections, tags, series } = await kit.newsroom.taxonomy();
    return kit.page(reply, <TaxonomyPage ctx={kit.context(request, reply)} sections={sections} tags={tags} series={series} flash={flash} />, status);
  };

  /** Runs a taxonomy change and shows the page again with the outcome. */
  const change = async (request: FastifyRequest, reply: FastifyReply, work: () => Promise<{ keys: readonly string[]; text: string }>) => {
    try {
      const { keys, text } = await work();
      await kit.applyInvalidations(keys);
      return taxonomyPage(request, reply, { kind: 'ok', text });
    } catch (err) {
      if (!isBroadsheetError(err) || err.status >= 500) throw err;
      return taxonomyPage(request, reply, { kind: 'error', text: err.message }, err.status);
    }
  };

  app.get('/admin/taxonomy/', async (request, reply) => taxonomyPage(request, reply));

  app.post<{ Body: Static<typeof NameBody> }>('/admin/taxonomy/tags', { schema: { body: NameBody } }, async (request, reply) =>
    change(request, reply, async () => {
      const tag = await kit.newsroom.createTag(actorOf(kit.session(request).user), request.body.name);
      return { keys: [], text: `Tag “${tag.name}” is ready.` };
    }),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof NameBody> }>('/admin/taxonomy/tags/:id', { schema: { params: IdParams, body: NameBody } }, async (request, reply) =>
    change(request, reply, async () => ({
      keys: await kit.newsroom.renameTag(actorOf(kit.session(request).user), Number(request.params.id), request.body.name),
      text: 'Tag renamed.',
    })),
  );
  const actor = (request: FastifyRequest) => actorOf(kit.session(request).user);
  const tagId = (request: FastifyRequest<{ Params: Static<typeof IdParams> }>) => Number(request.params.id);
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof DescribeBody> }>('/admin/taxonomy/tags/:id/describe', { schema: { params: IdParams, body: DescribeBody } }, async (request, reply) =>
    change(request, reply, async () => ({ keys: await kit.newsroom.describeTag(actor(request), tagId(request), request.body.description), text: 'Tag description saved.' })),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MergeBody> }>('/admin/taxonomy/tags/:id/merge', { schema: { params: IdParams, body: MergeBody } }, async (request, reply) =>
    change(request, reply, async () => ({ keys: await kit.newsroom.mergeTag(actor(request), tagId(request), Number(request.body.into)), text: 'Tags merged; the old tag’s address redirects to the one it went into.' })),
  );
  app.post<{ Params: Static<typeof IdParams> }>('/admin/taxonomy/tags/:id/delete', { schema: { params: IdParams, body: form({}) } }, async (request, reply) =>
    change(request, reply, async () => ({ keys: await kit.newsroom.deleteTag(actor(request), tagId(request)), text: 'Tag deleted.' })),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof MoveBody> }>('/admin/taxonomy/sections/:id/move', { schema: { params: IdParams, body: MoveBody } }, async (request, reply) =>
    change(request, reply, async () => ({ keys: await kit.newsroom.moveSection(actor(request), tagId(request), request.body.direction), text: 'Section moved; the navigation follows.' })),
  );
  app.post<{ Params: Static<typeof IdParams> }>('/admin/taxonomy/sections/:id/delete', { schema: { params: IdParams, body: form({}) } }, async (request, reply) =>
    change(request, reply, async () => ({ keys: await kit.newsroom.deleteSection(actor(request), tagId(request)), text: 'Section deleted.' })),
  );
  app.post<{ Body: Static<typeof SeriesBody> }>('/admin/taxonomy/series', { schema: { body: SeriesBody } }, async (request, reply) =>
    change(request, reply, async () => {
      const s = await kit.newsroom.createSeries(actorOf(kit.session(request).user), { title: request.body.title, description: request.body.description ?? '' });
      return { keys: [], text: `Series “${s.title}” created.` };
    }),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof SeriesBody> }>('/admin/taxonomy/series/:id', { schema: { params: IdParams, body: SeriesBody } }, async (request, reply) =>
    change(request, reply, async () => ({
      keys: await kit.newsroom.updateSeries(actorOf(kit.session(request).user), Number(request.params.id), { title: request.body.title, description: request.body.description ?? '' }),
      text: 'Series saved.',
    })),
  );
  app.post<{ Body: Static<typeof SectionBody> }>('/admin/taxonomy/sections', { schema: { body: SectionBody } }, async (request, reply) =>
    change(request, reply, async () => {
      const parentId = optionalId(request.body.parentId);
      if (parentId === undefined) throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: 'parentId is not an id' });
      const { section, invalidates } = await kit.newsroom.createSection(actorOf(kit.session(request).user), { name: request.body.name, parentId, description: request.body.description ?? '' });
      return { keys: invalidates, text: `Section “${section.name}” added at /${section.path}/.` };
    }),
  );
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof SectionBody> }>('/admin/taxonomy/sections/:id', { schema: { params: IdParams, body: SectionBody } }, async (request, reply) =>
    change(request, reply, async () => ({
      keys: await kit.newsroom.updateSection(actorOf(kit.session(request).user), Number(request.params.id), { name: request.body.name, description: request.body.description ?? '' }),
      text: 'Section renamed.',
    })),
  );
}

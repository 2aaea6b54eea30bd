import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import { BroadsheetError, isBroadsheetError } from '../../../core/errors.ts';
import type { EditableArticle } from '../../../core/newsroom/article-content.ts';
import { availableActions, WORKFLOW_ACTIONS, type WorkflowAction } from '../../../core/newsroom/change-status.ts';
import type { EditionTime } from '../../../core/time/edition-time.ts';
import type { AdminKit } from '../admin-kit.ts';
import { IdParams } from '../schemas.ts';
import { readUpload } from './library-routes.tsx';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** Content as the editor sends it. Bounds here are generous; the exact limits come back as 422s naming the field. */
export const ContentSchema = Type.Object(
  {
    headline: Type.String({ maxLength: 2000 }),
    summary: Type.String({ maxLength: 5000 }),
    bodyHtml: Type.String({ maxLength: 600_000 }),
    dateline: Type.String({ maxLength: 1000 }),
    subsectionId: Id,
    tagIds: Type.Array(Id, { maxItems: 100 }),
    authorIds: Type.Array(Id, { maxItems: 50 }),
    seriesId: Type.Union([Id, Type.Null()]),
    leadMediaId: Type.Union([Id, Type.Null()]),
    leadCaption: Type.Union([Type.String({ maxLength: 5000 }), Type.Null()]),
    leadCredit: Type.Union([Type.String({ maxLength: 1000 }), Type.Null()]),
    leadAlt: Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]),
    isTopStory: Type.Boolean(),
    // Optional: a client that does not send it keeps the article's slug and search/social fields.
    seo: Type.Optional(
      Type.Object(
        {
          slug: Type.String({ maxLength: 200 }),
          title: Type.String({ maxLength: 1000 }),
          description: Type.String({ maxLength: 2000 }),
          socialTitle: Type.String({ maxLength: 1000 }),
          socialDescription: Type.String({ maxLength: 2000 }),
          socialMediaId: Type.Union([Id, Type.Null()]),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SaveBody = Type.Object(
  {
    version: Id,
    content: ContentSchema,
    /** The lead photo's caption, credit and alt text go back to the media library too. */
    leadToLibrary: Type.Optional(Type.Boolean()),
    publicChange: Type.Optional(
      Type.Object(
        { kind: Type.Union([Type.Literal('update'), Type.Literal('correction'), Type.Literal('silent')]), note: Type.String({ maxLength: 5000 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const WorkflowBody = Type.Object(
  {
    version: Id,
    action: Type.Union(WORKFLOW_ACTIONS.map((a) => Type.Literal(a))),
    /** For schedule: an ISO 8601 instant with offset, or a wall-clock time in the edition's zone. */
    at: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

const TagBody = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
});

export function articleJson(article: EditableArticle, actions: readonly WorkflowAction[]) {
  return {
    id: article.id,
    status: article.status,
    version: article.version,
    publishedAt: article.publishedAt,
    scheduledFor: article.scheduledFor,
    modifiedAt: article.modifiedAt,
    content: article.content,
    actions,
  };
}

/** A schedule time: an ISO 8601 instant with its offset, or a wall-clock time in the edition's zone. */
export function scheduleTime(time: EditionTime, text: string): number {
  const at = /[zZ]|[+-]\d{2}:\d{2}$/.test(text) ? Date.parse(text) : time.parseLocal(text);
  if (at === undefined || Number.isNaN(at)) throw new BroadsheetError('BS_ERR_CONTENT_INVALID', { field: 'at', detail: 'not a date and time' });
  return at;
}

/** The newsroom JSON API: what the editor script uses, with the same rules as the forms. */
export async function apiRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  const { newsroom } = kit;

  app.get<{ Params: Static<typeof IdParams> }>('/admin/api/articles/:id', { schema: { params: IdParams } }, async (request) => {
    const actor = actorOf(kit.session(request).user);
    const article = await newsroom.article(actor, Number(request.params.id));
    return { article: articleJson(article, availableActions(actor, article)) };
  });

  const save = (mode: 'save' | 'autosave') => async (request: import('fastify').FastifyRequest<{ Params: Static<typeof IdParams>; Body: Static<typeof SaveBody> }>, reply: import('fastify').FastifyReply) => {
    const actor = actorOf(kit.session(request).user);
    const id = Number(request.params.id);
    try {
      const result = await newsroom.saveArticle(actor, {
        articleId: id,
        baseVersion: request.body.version,
        content: request.body.content,
        mode,
        ...(request.body.leadToLibrary && mode === 'save' ? { leadToLibrary: true } : {}),
        ...(request.body.publicChange ? { publicChange: request.body.publicChange } : {}),
      });
      await kit.applyInvalidations(result.invalidates);
      return { version: result.version, revisionId: result.revisionId, applied: result.applied };
    } catch (err) {
      if (!isBroadsheetError(err, 'BS_ERR_ARTICLE_CONFLICT')) throw err;
      // The stale text is safe in a revision; send the current article so the editor can show both.
      const current = await newsroom.current(id);
      return reply.code(409).send({
        error: { code: err.code, message: err.message },
        revisionId: err.params.revision,
        current: current ? articleJson(current, availableActions(actor, current)) : null,
      });
    }
  };
  const saveOptions = { schema: { params: IdParams, body: SaveBody }, bodyLimit: 6 * 1024 * 1024 };
  app.put('/admin/api/articles/:id', saveOptions, save('save'));
  app.post('/admin/api/articles/:id/autosave', saveOptions, save('autosave'));

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof WorkflowBody> }>(
    '/admin/api/articles/:id/workflow',
    { schema: { params: IdParams, body: WorkflowBody } },
    async (request) => {
      const actor = actorOf(kit.session(request).user);
      const action = request.body.action as WorkflowAction;
      const at = request.body.at === undefined ? undefined : scheduleTime(kit.time, request.body.at);
      const result = await newsroom.changeStatus(actor, { articleId: Number(request.params.id), baseVersion: request.body.version, action, ...(at !== undefined ? { at } : {}) });
      await kit.applyInvalidations(result.invalidates);
      return { status: result.status, version: result.version };
    },
  );

  app.get<{ Querystring: Static<typeof SearchQuery> }>('/admin/api/tags', { schema: { querystring: SearchQuery } }, async (request) => ({
    tags: await newsroom.searchTags(request.query.q ?? '', 50),
  }));

  app.post<{ Body: Static<typeof TagBody> }>('/admin/api/tags', { schema: { body: TagBody } }, async (request, reply) => {
    const tag = await newsroom.createTag(actorOf(kit.session(request).user), request.body.name);
    return reply.code(201).send({ tag });
  });

  app.get<{ Querystring: Static<typeof SearchQuery> }>('/admin/api/media', { schema: { querystring: SearchQuery } }, async (request) => {
    const page = request.query.page ? Number(request.query.page) : 1;
    const result = await newsroom.listMedia(request.query.q ?? '', page, 30);
    return { media: result.items, total: result.total };
  });

  app.post('/admin/api/media', async (request, reply) => {
    const upload = await readUpload(request);
    const media = await newsroom.uploadMedia(actorOf(kit.session(request).user), upload.bytes, upload);
    return reply.code(201).send({ media });
  });
}

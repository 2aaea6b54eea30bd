import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { ARTICLE_STATUSES } from '../../core/content/types.ts';
import { availableActions, type WorkflowAction } from '../../core/newsroom/change-status.ts';
import { articleJson, SaveBody, scheduleTime, WorkflowBody } from '../admin/routes/api-routes.ts';
import { IdParams } from '../admin/schemas.ts';
import type { AdminApiKit } from './admin-api-kit.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const ListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union(ARTICLE_STATUSES.map((s) => Type.Literal(s)))),
    mine: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
  },
  { additionalProperties: false },
);
const CreateBody = Type.Object({ headline: Type.String({ maxLength: 2000 }), subsectionId: Id }, { additionalProperties: false });
const tags = ['admin: articles'];

/** Articles: the same workflow, versions and 409 on stale saves as the newsroom's editor. */
export async function adminApiArticleRoutes(app: FastifyInstance, kit: AdminApiKit): Promise<void> {
  const { newsroom } = kit;

  app.get<{ Querystring: Static<typeof ListQuery> }>('/api/admin/v1/articles', { schema: { summary: 'The newsroom article list (own articles for contributors and writers)', tags, querystring: ListQuery } }, async (request) => {
    const { actor } = kit.holder(request);
    const page = Number(request.query.page ?? 1);
    const { result } = await newsroom.listArticles(actor, {
      page, pageSize: 50, mine: request.query.mine === 'true',
      ...(request.query.status ? { status: request.query.status } : {}),
      ...(request.query.q ? { query: request.query.q } : {}),
    });
    return { articles: result.items, total: result.total, page };
  });

  app.post<{ Body: Static<typeof CreateBody> }>('/api/admin/v1/articles', { schema: { summary: 'Start a draft (send Idempotency-Key to make retries safe)', tags, body: CreateBody } }, async (request, reply) =>
    kit.once(request, reply, async () => {
      const { actor } = kit.holder(request);
      const { id } = await newsroom.createDraft(actor, request.body);
      const article = await newsroom.article(actor, id);
      return { status: 201, body: { article: articleJson(article, availableActions(actor, article)) } };
    }),
  );

  app.get<{ Params: Static<typeof IdParams> }>('/api/admin/v1/articles/:id', { schema: { summary: 'One article as the editor sees it', tags, params: IdParams } }, async (request) => {
    const { actor } = kit.holder(request);
    const article = await newsroom.article(actor, Number(request.params.id));
    return { article: articleJson(article, availableActions(actor, article)) };
  });

  app.put<{ Params: Static<typeof IdParams>; Body: Static<typeof SaveBody> }>(
    '/api/admin/v1/articles/:id',
    { schema: { summary: 'Save an article from the version you read (409 BS_ERR_ARTICLE_CONFLICT when it moved on)', tags, params: IdParams, body: SaveBody }, bodyLimit: 6 * 1024 * 1024 },
    async (request) => {
      const { actor } = kit.holder(request);
      const result = await newsroom.saveArticle(actor, {
        articleId: Number(request.params.id),
        baseVersion: request.body.version,
        content: request.body.content,
        mode: 'save',
        ...(request.body.leadToLibrary ? { leadToLibrary: true } : {}),
        ...(request.body.publicChange ? { publicChange: request.body.publicChange } : {}),
      });
      await kit.applyInvalidations(result.invalidates);
      return { version: result.version, revisionId: result.revisionId };
    },
  );

  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof WorkflowBody> }>(
    '/api/admin/v1/articles/:id/workflow',
    { schema: { summary: 'Submit, return, publish, schedule, unschedule or unpublish', tags, params: IdParams, body: WorkflowBody } },
    async (request) => {
      const { actor } = kit.holder(request);
      const at = request.body.at === undefined ? undefined : scheduleTime(kit.time, request.body.at);
      const result = await newsroom.changeStatus(actor, { articleId: Number(request.params.id), baseVersion: request.body.version, action: request.body.action as WorkflowAction, ...(at !== undefined ? { at } : {}) });
      await kit.applyInvalidations(result.invalidates);
      return { status: result.status, version: result.version };
    },
  );
}

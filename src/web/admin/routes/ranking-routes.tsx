import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import { RANKING_WINDOWS, type RankedItem, type RankingWindow } from '../../../core/ranking/ranking-snapshot.ts';
import type { AdminKit } from '../admin-kit.ts';
import { RankingsPage } from '../pages/ranking-pages.tsx';
import { form, IdParams } from '../schemas.ts';

const RankingBody = form({
  action: Type.Union([Type.Literal('exclude'), Type.Literal('include'), Type.Literal('release')]),
  back: Type.Optional(Type.String({ pattern: '^/admin/[a-z0-9/_-]*$', maxLength: 200 })),
});
const RankingsQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** Editors keep articles out of the rankings, release held ones, and see the current lists. */
export async function rankingRoutes(app: FastifyInstance, kit: AdminKit): Promise<void> {
  app.post<{ Params: Static<typeof IdParams>; Body: Static<typeof RankingBody> }>(
    '/admin/articles/:id/ranking',
    { schema: { params: IdParams, body: RankingBody } },
    async (request, reply) => {
      const id = Number(request.params.id);
      const action = request.body.action;
      await kit.newsroom.controlRanking(actorOf(kit.session(request).user), id, action);
      await kit.refreshRanking();
      const back = request.body.back ?? `/admin/articles/${id}/`;
      return reply.redirect(`${back}?done=${action === 'exclude' ? 'excluded' : action === 'include' ? 'included' : 'released'}`, 303);
    },
  );

  app.get<{ Querystring: Static<typeof RankingsQuery> }>('/admin/rankings/', { schema: { querystring: RankingsQuery } }, async (request, reply) => {
    const snapshot = kit.ranking.snapshot;
    const lists = new Map<RankingWindow, readonly RankedItem[]>(RANKING_WINDOWS.map((w) => [w, kit.ranking.top('site', 10, w)]));
    const listed = [...lists.values()].flatMap((items) => items.map((i) => i.articleId));
    const { holds, excluded, articles } = await kit.newsroom.rankingControls(actorOf(kit.session(request).user), listed);
    const done = request.query.done;
    return kit.page(
      reply,
      <RankingsPage ctx={kit.context(request, reply)} computedAt={snapshot.computedAt} lists={lists} holds={holds} excluded={excluded} articles={articles} counting={kit.counting()} flash={done ? { kind: 'ok', text: `Done: ${done}.` } : undefined} />,
    );
  });
}

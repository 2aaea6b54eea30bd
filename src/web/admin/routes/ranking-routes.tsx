import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { actorOf } from '../../../core/access/types.ts';
import { loadVisible } from '../../../core/newsroom/article-access.ts';
import { RANKING_WINDOWS, type RankedItem, type RankingWindow } from '../../../core/ranking/ranking-service.ts';
import type { AdminKit } from '../admin-plugin.tsx';
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
      const user = kit.session(request).user;
      const article = await loadVisible((id) => kit.storage.articles.findForEdit(id), actorOf(user), Number(request.params.id));
      const now = kit.clock.now();
      const action = request.body.action;
      if (action === 'release') await kit.storage.rankingControls.release(article.id, user.id, now);
      else await kit.storage.rankingControls.setExcluded(article.id, action === 'exclude', user.id, now);
      await kit.storage.audit.record({ at: now, userId: user.id, action: `ranking.${action}`, target: `article:${article.id}`, detail: '' });
      await kit.refreshRanking();
      const back = request.body.back ?? `/admin/articles/${article.id}/`;
      return reply.redirect(`${back}?done=${action === 'exclude' ? 'excluded' : action === 'include' ? 'included' : 'released'}`, 303);
    },
  );

  app.get<{ Querystring: Static<typeof RankingsQuery> }>('/admin/rankings/', { schema: { querystring: RankingsQuery } }, async (request, reply) => {
    const snapshot = kit.ranking.snapshot;
    const lists = new Map<RankingWindow, readonly RankedItem[]>(RANKING_WINDOWS.map((w) => [w, kit.ranking.top('site', 10, w)]));
    const [holds, excluded] = await Promise.all([kit.storage.rankingControls.holds(), kit.storage.rankingControls.excluded()]);
    const ids = new Set<number>([...holds.keys(), ...excluded]);
    for (const items of lists.values()) for (const i of items) ids.add(i.articleId);
    const summaries = await Promise.all([...ids].map((id) => kit.storage.articles.findAny(id)));
    const articles = new Map(summaries.filter((a) => a !== undefined).map((a) => [a.id, a]));
    const done = request.query.done;
    return kit.page(
      reply,
      <RankingsPage ctx={kit.context(request, reply)} computedAt={snapshot.computedAt} lists={lists} holds={holds} excluded={excluded} articles={articles} counting={kit.counting()} flash={done ? { kind: 'ok', text: `Done: ${done}.` } : undefined} />,
    );
  });
}

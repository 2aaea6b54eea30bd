import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { type RankingService } from '../../core/ranking/ranking-service.ts';
import { RANKING_WINDOWS, type RankingWindow } from '../../core/ranking/ranking-snapshot.ts';
import type { EditionTime } from '../../core/time/edition-time.ts';
import { etagMatches } from '../shared/http-headers.ts';
import type { RankingDirectory } from './ranking-directory.ts';

const Query = Type.Object(
  {
    window: Type.Optional(Type.Union(RANKING_WINDOWS.map((w) => Type.Literal(w)))),
    scope: Type.Optional(Type.String({ pattern: '^(site|(section|tag|series):[1-9][0-9]{0,9})$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
  { additionalProperties: false },
);

export interface RankingPluginOptions {
  readonly ranking: RankingService;
  readonly directory: RankingDirectory;
  readonly time: EditionTime;
}

/**
 * GET /api/ranking?window=24h&scope=site&limit=10: a ranked list as JSON, from memory (the snapshot
 * and the directory): no database or Redis call per request. Cacheable for 30 seconds, with an ETag
 * that changes only when the snapshot does (research: ranking §6).
 */
export async function rankingPlugin(app: FastifyInstance, options: RankingPluginOptions): Promise<void> {
  app.get<{ Querystring: Static<typeof Query> }>('/api/ranking', { schema: { querystring: Query } }, async (request, reply) => {
    const window = (request.query.window ?? '24h') as RankingWindow;
    const scope = request.query.scope ?? 'site';
    const limit = request.query.limit ?? 10;
    const snapshot = options.ranking.snapshot;
    const etag = `"${snapshot.computedAt}-${window}-${scope}-${limit}"`;
    reply
      .header('cache-control', 'public, max-age=30, stale-while-revalidate=300, stale-if-error=86400')
      .header('etag', etag)
      .header('vary', 'accept-encoding');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
    const changedAt = options.ranking.changedAt(scope, window);
    const items = options.ranking.top(scope, limit, window).flatMap((item, i) => {
      const entry = options.directory.get(item.articleId);
      return entry ? [{ rank: i + 1, id: item.articleId, headline: entry.headline, url: entry.path, label: entry.label, views: item.views }] : [];
    });
    return {
      window,
      scope,
      computedAt: snapshot.computedAt ? options.time.isoWithOffset(snapshot.computedAt) : null,
      changedAt: changedAt !== undefined ? options.time.isoWithOffset(changedAt) : null,
      items,
    };
  });
}

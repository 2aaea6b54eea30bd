import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { ApiAnswer, ContentApi } from '../../core/api/content-api.ts';
import { ARTICLE_ORDERS } from '../../core/api/content-api-ports.ts';
import { RANKING_WINDOWS } from '../../core/ranking/ranking-snapshot.ts';
import type { ApiKeyGate } from '../../core/api/api-keys.ts';
import type { RateLimiter } from '../../core/api/rate-limit.ts';
import { BroadsheetError } from '../../core/errors.ts';
import type { Clock } from '../../core/ports.ts';
import type { PageCache } from '../shared/page-cache.ts';
import { sendPage } from '../shared/send-page.ts';

/*
 * The Content API (public, read-only) under /api/content/v1/: published articles, sections, tags,
 * bylines, series and pages as JSON. Only the query parameters below exist (anything else is a
 * 400); answers go through the page cache, so they carry an ETag (304 on If-None-Match) and are
 * re-rendered only when a write invalidates what they show.
 */

const SLUG = '^[a-z0-9]+(?:-[a-z0-9]+)*$';
const INSTANT = Type.String({ maxLength: 40, pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2}))?$' });
const FIELDS = Type.String({ maxLength: 400, pattern: '^[a-z_]+(,[a-z_]+)*$' });
/** The client's key, when it cannot send the X-Api-Key header (a plain link, an image tag). */
const KEY = Type.String({ maxLength: 100, description: 'The API key (or send the X-Api-Key header)' });

const ListQuery = Type.Object(
  {
    section: Type.Optional(Type.String({ maxLength: 170, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$' })),
    tag: Type.Optional(Type.String({ maxLength: 80, pattern: SLUG })),
    series: Type.Optional(Type.String({ maxLength: 80, pattern: SLUG })),
    author: Type.Optional(Type.String({ maxLength: 80, pattern: SLUG })),
    published_after: Type.Optional(INSTANT),
    published_before: Type.Optional(INSTANT),
    updated_after: Type.Optional(INSTANT),
    updated_before: Type.Optional(INSTANT),
    updated_since: Type.Optional(INSTANT),
    order: Type.Optional(Type.Union(ARTICLE_ORDERS.map((o) => Type.Literal(o)))),
    cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    fields: Type.Optional(FIELDS),
    include: Type.Optional(FIELDS),
    key: Type.Optional(KEY),
  },
  { additionalProperties: false },
);
const RankingQuery = Type.Object(
  {
    window: Type.Optional(Type.Union(RANKING_WINDOWS.map((w) => Type.Literal(w)))),
    scope: Type.Optional(Type.String({ pattern: '^(site|(section|tag|series):[1-9][0-9]{0,9})$' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    key: Type.Optional(KEY),
  },
  { additionalProperties: false },
);
const OneQuery = Type.Object({ fields: Type.Optional(FIELDS), key: Type.Optional(KEY) }, { additionalProperties: false });
const PathQuery = Type.Object({ path: Type.String({ minLength: 1, maxLength: 300 }), fields: Type.Optional(FIELDS), key: Type.Optional(KEY) }, { additionalProperties: false });
const IdParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,11}$' }) });
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 80, pattern: SLUG }) });
const NoQuery = Type.Object({ key: Type.Optional(KEY) }, { additionalProperties: false });
const DAY = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const SearchQuery = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 500 }),
    section: Type.Optional(Type.String({ maxLength: 170, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:-[a-z0-9]+)*)?$' })),
    tag: Type.Optional(Type.String({ maxLength: 80, pattern: SLUG })),
    author: Type.Optional(Type.String({ maxLength: 80, pattern: SLUG })),
    from: Type.Optional(DAY),
    to: Type.Optional(DAY),
    order: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('newest')])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    key: Type.Optional(KEY),
  },
  { additionalProperties: false },
);

/** An ISO date or date-time (a bare date is midnight UTC) as ms; a date that does not exist is refused. */
function instant(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  // Date.parse rolls "February 30" over into March: the calendar date must exist as written.
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  if (Number.isNaN(ms) || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: `${name} is not a date` });
  return ms;
}

const fieldList = (f: string | undefined) => (f === undefined ? undefined : f.split(','));

export interface ContentApiPluginOptions {
  readonly api: ContentApi;
  readonly cache: PageCache;
  readonly searchCache: PageCache;
  readonly keys: ApiKeyGate;
  readonly limiter: RateLimiter;
  readonly clock: Clock;
}

const WINDOW_MS = 60_000;

export async function contentApiPlugin(app: FastifyInstance, options: ContentApiPluginOptions): Promise<void> {
  const { api, cache } = options;
  const allowedOrigin = new WeakMap<FastifyRequest, string>();

  // A browser asks before sending X-Api-Key from another origin; the answer reveals nothing, and the
  // request that follows is checked against its key's allowed origins.
  app.options('/api/content/v1/*', { schema: { hide: true } }, async (request, reply) => {
    const origin = request.headers.origin;
    if (origin) reply.header('access-control-allow-origin', origin).header('vary', 'origin');
    return reply
      .header('access-control-allow-methods', 'GET, HEAD')
      .header('access-control-allow-headers', 'x-api-key, if-none-match')
      .header('access-control-max-age', '600')
      .code(204)
      .send();
  });

  // Every request names its key: 401 without one, 429 past its limit, CORS only for its origins.
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'OPTIONS') return;
    const header = request.headers['x-api-key'];
    const presented = (Array.isArray(header) ? header[0] : header) ?? (request.query as { key?: unknown } | undefined)?.key;
    const key = await options.keys.authenticate(typeof presented === 'string' ? presented : undefined);
    const now = options.clock.now();
    const decision = await options.limiter.hit(`api-key:${key.id}`, key.ratePerMinute, WINDOW_MS, now);
    reply
      .header('x-ratelimit-limit', String(key.ratePerMinute))
      .header('x-ratelimit-remaining', String(decision.remaining))
      .header('x-ratelimit-reset', String(Math.ceil(decision.resetAt / 1000)));
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil((decision.resetAt - now) / 1000));
      reply.header('retry-after', String(seconds));
      throw new BroadsheetError('BS_ERR_API_RATE', { seconds });
    }
    const origin = request.headers.origin;
    if (origin && key.origins.includes(origin)) allowedOrigin.set(request, origin);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = allowedOrigin.get(request);
    reply.header('vary', 'accept-encoding, origin');
    if (origin) reply.header('access-control-allow-origin', origin).header('access-control-expose-headers', 'etag, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset, retry-after');
    return payload;
  });
  const JSON_TYPE = 'application/json; charset=utf-8';
  const serve = async (request: FastifyRequest, reply: FastifyReply, key: string, answer: () => Promise<ApiAnswer>, store: PageCache = cache) => {
    const page = await store.getOrRender(`api:${key}`, async () => {
      const a = await answer();
      return {
        status: 200,
        html: JSON.stringify(a.body),
        deps: a.deps,
        contentType: JSON_TYPE,
        ...(a.ttlMs !== undefined ? { ttlMs: a.ttlMs } : {}),
        ...(a.lastModified !== undefined ? { lastModified: a.lastModified } : {}),
      };
    });
    return sendPage(request, reply, page);
  };
  const base = '/api/content/v1';

  app.get<{ Querystring: Static<typeof ListQuery> }>(`${base}/articles`, { schema: { querystring: ListQuery } }, async (request, reply) => {
    const q = request.query;
    const updatedFrom = instant('updated_since', q.updated_since) ?? instant('updated_after', q.updated_after);
    const params = {
      ...(q.section !== undefined ? { section: q.section } : {}),
      ...(q.tag !== undefined ? { tag: q.tag } : {}),
      ...(q.series !== undefined ? { series: q.series } : {}),
      ...(q.author !== undefined ? { author: q.author } : {}),
      ...(q.published_after !== undefined ? { publishedFrom: instant('published_after', q.published_after) as number } : {}),
      ...(q.published_before !== undefined ? { publishedBefore: instant('published_before', q.published_before) as number } : {}),
      ...(updatedFrom !== undefined ? { updatedFrom } : {}),
      ...(q.updated_before !== undefined ? { updatedBefore: instant('updated_before', q.updated_before) as number } : {}),
      ...(q.order !== undefined ? { order: q.order } : {}),
      ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      ...(q.limit !== undefined ? { limit: q.limit } : {}),
      ...(q.fields !== undefined ? { fields: fieldList(q.fields) as string[] } : {}),
      ...(q.include !== undefined ? { include: fieldList(q.include) as string[] } : {}),
    };
    // The key is the normalized query, so equal queries share one rendering.
    return serve(request, reply, `articles:${JSON.stringify(params)}`, () => api.articles(params));
  });

  app.get<{ Querystring: Static<typeof PathQuery> }>(`${base}/articles/by-path`, { schema: { querystring: PathQuery } }, async (request, reply) =>
    serve(request, reply, `by-path:${request.query.path}:${request.query.fields ?? ''}`, () => api.articleByPath(request.query.path, fieldList(request.query.fields))),
  );

  app.get<{ Params: Static<typeof IdParams>; Querystring: Static<typeof OneQuery> }>(`${base}/articles/:id`, { schema: { params: IdParams, querystring: OneQuery } }, async (request, reply) =>
    serve(request, reply, `article:${request.params.id}:${request.query.fields ?? ''}`, () => api.article(Number(request.params.id), fieldList(request.query.fields))),
  );

  for (const [name, load] of [['sections', () => api.sections()], ['tags', () => api.tags()], ['authors', () => api.authors()], ['series', () => api.series()], ['pages', () => api.pages()]] as const) {
    app.get(`${base}/${name}`, { schema: { querystring: NoQuery } }, async (request, reply) => serve(request, reply, name, load));
  }

  app.get<{ Querystring: Static<typeof RankingQuery> }>(`${base}/rankings`, { schema: { querystring: RankingQuery } }, async (request, reply) => {
    const { window = '24h', scope = 'site', limit = 10 } = request.query;
    return serve(request, reply, `rankings:${window}:${scope}:${limit}`, () => api.rankings(window, scope, limit));
  });

  app.get<{ Querystring: Static<typeof SearchQuery> }>(`${base}/search`, { schema: { querystring: SearchQuery } }, async (request, reply) => {
    const q = request.query;
    const params = {
      q: q.q,
      ...(q.section !== undefined ? { section: q.section } : {}),
      ...(q.tag !== undefined ? { tag: q.tag } : {}),
      ...(q.author !== undefined ? { author: q.author } : {}),
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(q.order !== undefined ? { order: q.order } : {}),
      ...(q.page !== undefined ? { page: q.page } : {}),
    };
    // Its own cache, as the site's search pages have: a flood of unique queries evicts only searches.
    return serve(request, reply, `search:${JSON.stringify(params)}`, () => api.search(params), options.searchCache);
  });

  app.get<{ Params: Static<typeof SlugParams> }>(`${base}/pages/:slug`, { schema: { params: SlugParams, querystring: NoQuery } }, async (request, reply) =>
    serve(request, reply, `page:${request.params.slug}`, () => api.page(request.params.slug)),
  );
}

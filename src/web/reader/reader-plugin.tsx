import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { VNode } from 'preact';
import { parseArticleSegment, type SectionIndex } from '../../core/content/article-path.ts';
import { BroadsheetError } from '../../core/errors.ts';
import { BeaconTokens } from '../../core/ranking/beacon-token.ts';
import type { Clock } from '../../core/ports.ts';
import type { ListingPage } from '../../core/reader/reader-pages.ts';
import type { ReaderService } from '../../core/reader/reader-service.ts';
import type { SyndicationService } from '../../core/reader/syndication-service.ts';
import type { EditionTime } from '../../core/time/edition-time.ts';
import { NO_STORE } from '../shared/http-headers.ts';
import { variantKey, type PageCache, type RenderedPage } from '../shared/page-cache.ts';
import { PAYWALL_CACHE_KEY } from '../../core/members/plans.ts';
import type { Variant } from '../../core/members/paywall-rules.ts';
import type { PaywallGate, PaywallMembers } from '../members/paywall-gate.ts';
import type { PaywallOffer } from './components/paywall-offer.tsx';
import { sendPage } from '../shared/send-page.ts';
import { ArticlePageView } from './pages/article-page.tsx';
import { createErrorPages, toHtml as renderHtml } from './render-page.tsx';
import { HomePageView } from './pages/home-page.tsx';
import { ListingPageView } from './pages/listing-page.tsx';
import { StaticPageView } from './pages/static-page.tsx';
import { searchHref, SearchPageView } from './pages/search-page.tsx';
import { parseSearchQuery } from '../../core/search/search-query.ts';
import type { FeedContent } from './feed-writer.ts';
import { syndicationPlugin } from './syndication-plugin.ts';
import type { RenderContext, SiteInfo } from './render-context.ts';

export interface ReaderPluginOptions {
  readonly reader: ReaderService;
  /** Mints the signed token each article page's view beacon carries. */
  readonly tokens: BeaconTokens;
  readonly cache: PageCache;
  readonly time: EditionTime;
  readonly site: SiteInfo;
  readonly clock: Clock;
  readonly syndication: SyndicationService;
  readonly feedContent: FeedContent;
  /** Rendered search pages (a cache of their own, see services.ts). */
  readonly searchCache: PageCache;
  /** Walled articles: which variant a reader gets, and what the offer shows. */
  readonly paywall: {
    readonly gate: PaywallGate;
    readonly members: PaywallMembers;
    readonly offer: () => Promise<PaywallOffer>;
  };
}

const PAGE_PARAM = /^[1-9]\d{0,5}$/;

/**
 * What /search/ accepts. The query itself is free text of any shape (it is reduced to words
 * before a database sees it); only the length is bounded here, well above what the box allows,
 * so a pasted 10 KB string still gets results rather than an error.
 */
const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 16_384 })),
    section: Type.Optional(Type.String({ maxLength: 200 })),
    tag: Type.Optional(Type.String({ maxLength: 200 })),
    author: Type.Optional(Type.String({ maxLength: 200 })),
    from: Type.Optional(Type.String({ maxLength: 40 })),
    to: Type.Optional(Type.String({ maxLength: 40 })),
    order: Type.Optional(Type.Union([Type.Literal('relevance'), Type.Literal('newest')])),
    page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,5}$' })),
  },
  // Trackers' extra parameters (utm_source, …) are ignored, not refused.
  { additionalProperties: true },
);

/** Searches running at once in this process; more wait, and past the queue are turned away (503). */
const SEARCH_CONCURRENCY = 4;
const SEARCH_QUEUE = 64;
/** Search pages are re-rendered at least this often (their "2 hours ago" labels, and anything the keys miss). */
const SEARCH_TTL_MS = 60_000;
const SLUG_PARAM = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface PageParams {
  section?: string;
  sub?: string;
  slug?: string;
  page?: string;
  tail?: string;
}

/** A reader-facing reason for a refused search (the schema's message names the parameter). */
function searchProblem(message: string): string {
  const field = /(?:\/|querystring\/)(\w+)/.exec(message)?.[1];
  if (field === 'q') return 'the search is too long';
  if (field === 'order') return 'order must be relevance or newest';
  if (field === 'page') return 'page must be a whole number from 1';
  return field ? `${field} is not valid` : 'the search parameters are not valid';
}

/** Thrown from a render when the canonical address is elsewhere; never cached. */
class Redirect extends Error {
  readonly location: string;
  constructor(location: string) {
    super(`redirect to ${location}`);
    this.location = location;
  }
}

function notFound(): BroadsheetError {
  return new BroadsheetError('BS_ERR_NOT_FOUND');
}

/** The public reader site: home, sections, sub-sections, tags, series, authors and articles. */
export async function readerPlugin(app: FastifyInstance, options: ReaderPluginOptions): Promise<void> {
  const { reader, cache } = options;

  const toHtml = (status: number, sections: SectionIndex, deps: readonly string[], view: (ctx: RenderContext) => VNode, maxTtlMs?: number) =>
    renderHtml(options, status, sections, deps, view, maxTtlMs);

  /**
   * Serves from the render cache, rendering once on a miss. The key is the canonical path built
   * from the parsed route (not the raw URL), so percent-encoded or query-string variants of a page
   * share one entry instead of filling the cache.
   */
  const serve = async (request: FastifyRequest, reply: FastifyReply, key: string, renderPage: () => Promise<RenderedPage>) => {
    const page = await cache.getOrRender(key, renderPage);
    return sendPage(request, reply, page);
  };

  const listKey = (base: string, page: number) => (page > 1 ? `${base}page/${page}/` : base);

  /** `/…/page/N/`: N ≥ 2 (page 1 lives at the list's own address). */
  const pageNumber = (raw: string | undefined): number => {
    if (raw === undefined) return 1;
    if (!PAGE_PARAM.test(raw) || raw === '1') throw notFound();
    return Number(raw);
  };

  /**
   * `?page=N` is not how lists paginate here; a valid N redirects to /page/N/, anything
   * else is a bad request (and never a 500).
   */
  const redirectPageQuery = (request: FastifyRequest, reply: FastifyReply, base: string): boolean => {
    const query = request.query as Record<string, unknown>;
    if (!('page' in query)) return false;
    const raw = query.page;
    if (typeof raw !== 'string' || !PAGE_PARAM.test(raw)) {
      throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: 'page must be a whole number from 1' });
    }
    void reply.code(301).header('cache-control', NO_STORE).redirect(raw === '1' ? base : `${base}page/${raw}/`, 301);
    return true;
  };

  const listing = (page: ListingPage | undefined) => {
    if (!page) throw notFound();
    return toHtml(200, page.sections, page.deps, (ctx) => <ListingPageView ctx={ctx} page={page} />);
  };

  app.get('/', async (request, reply) => {
    // The home page with a query string is how WordPress addressed posts (/?p=123): a redirect for it wins.
    const moved = request.url.includes('?') ? await reader.redirectFor(request.url) : undefined;
    if (moved) return reply.code(301).header('cache-control', NO_STORE).redirect(moved, 301);
    return serve(request, reply, '/', async () => {
      const page = await reader.home();
      return toHtml(200, page.sections, page.deps, (ctx) => <HomePageView ctx={ctx} page={page} />);
    });
  });

  const sectionHandler = async (request: FastifyRequest<{ Params: PageParams }>, reply: FastifyReply) => {
    const { section, sub } = request.params;
    if (!section || !SLUG_PARAM.test(section) || (sub !== undefined && !SLUG_PARAM.test(sub))) throw notFound();
    const path = sub ? `${section}/${sub}` : section;
    if (redirectPageQuery(request, reply, `/${path}/`)) return reply;
    const page = pageNumber(request.params.page);
    return serve(request, reply, listKey(`/${path}/`, page), async () => listing(await reader.section(path, page)));
  };
  app.get('/:section/', sectionHandler);
  app.get('/:section/page/:page/', sectionHandler);
  app.get('/:section/:sub/', sectionHandler);
  app.get('/:section/:sub/page/:page/', sectionHandler);

  for (const kind of ['tag', 'series', 'author'] as const) {
    const handler = async (request: FastifyRequest<{ Params: PageParams }>, reply: FastifyReply) => {
      const slug = request.params.slug ?? '';
      if (!SLUG_PARAM.test(slug)) throw notFound();
      if (redirectPageQuery(request, reply, `/${kind}/${slug}/`)) return reply;
      const page = pageNumber(request.params.page);
      try {
        return await serve(request, reply, listKey(`/${kind}/${slug}/`, page), async () => {
          const found = await reader[kind](slug, page);
          // A tag merged into another keeps its address: it redirects to the tag it went into.
          const alias = !found && kind === 'tag' ? await reader.tagAlias(slug) : undefined;
          if (alias) throw new Redirect(`/tag/${alias}/${page > 1 ? `page/${page}/` : ''}`);
          return listing(found);
        });
      } catch (err) {
        if (err instanceof Redirect) return reply.code(301).header('cache-control', NO_STORE).redirect(err.location, 301);
        throw err;
      }
    };
    app.get(`/${kind}/:slug/`, handler);
    app.get(`/${kind}/:slug/page/:page/`, handler);
  }

  app.get('/pages/:slug/', async (request: FastifyRequest<{ Params: PageParams }>, reply) => {
    const slug = request.params.slug ?? '';
    if (!SLUG_PARAM.test(slug)) throw notFound();
    return serve(request, reply, `/pages/${slug}/`, async () => {
      const found = await reader.staticPage(slug);
      if (!found) throw notFound();
      return toHtml(200, found.sections, found.deps, (ctx) => <StaticPageView ctx={ctx} page={found.page} />);
    });
  });

  // An article: /{section}/{sub}/{date}-{id}/, with its slug after when it has one. Any other
  // section, date or slug for the same id redirects to the canonical path (a changed slug keeps old links).
  const articleHandler = async (request: FastifyRequest<{ Params: PageParams }>, reply: FastifyReply) => {
    const segment = parseArticleSegment(request.params.slug ?? '');
    const tail = request.params.tail;
    if (!segment || (tail !== undefined && !SLUG_PARAM.test(tail))) throw notFound();
    const requested = `/${request.params.section}/${request.params.sub}/${request.params.slug}/${tail ? `${tail}/` : ''}`;
    // The lookup runs inside the single flight: a cold burst costs one query, redirects included.
    const render = (variant: Variant) => async (): Promise<RenderedPage> => {
      const found = await reader.article(segment.id, requested);
      if (!found) throw new BroadsheetError('BS_ERR_ARTICLE_NOT_FOUND', { id: segment.id });
      if (found.kind === 'redirect') throw new Redirect(found.location);
      const page = found.page;
      // The page carries a view token for the hour it is rendered in, so it is rendered again when the hour ends.
      const now = options.clock.now();
      const viewToken = options.tokens.mint(page.article.id, now);
      const access = page.article.access;
      if (access === 'public') {
        return toHtml(200, page.sections, page.deps, (ctx) => <ArticlePageView ctx={ctx} page={page} viewToken={viewToken} />, BeaconTokens.pageLifetime(now));
      }
      // A walled article: this variant alone, with the offer and meter in force (they invalidate it when they change).
      const offer = await options.paywall.offer();
      const wall = variant === 'full' ? undefined : { kind: variant, offer };
      const rendered = toHtml(200, page.sections, [...page.deps, PAYWALL_CACHE_KEY], (ctx) => <ArticlePageView ctx={ctx} page={page} viewToken={viewToken} wall={wall} />, BeaconTokens.pageLifetime(now));
      return { ...rendered, gate: { articleId: page.article.id, access, rules: offer.rules } };
    };
    try {
      const base = await cache.getOrRender(requested, render('register'));
      if (!base.gate) return sendPage(request, reply, base);
      const variant = await options.paywall.gate.route(base.gate, request, reply, options.paywall.members, options.clock.now());
      const page = variant === 'register' ? base : await cache.getOrRender(variantKey(requested, variant), render(variant));
      return sendPage(request, reply, page);
    } catch (err) {
      if (err instanceof Redirect) return reply.code(301).header('cache-control', NO_STORE).redirect(err.location, 301);
      throw err;
    }
  };
  app.get('/:section/:sub/:slug/', articleHandler);
  app.get('/:section/:sub/:slug/:tail/', articleHandler);

  let searching = 0;
  const waiting: (() => void)[] = [];
  app.get<{ Querystring: Static<typeof SearchQuery> }>(
    '/search/',
    { schema: { querystring: SearchQuery }, attachValidation: true },
    async (request, reply) => {
      if (request.validationError) {
        throw new BroadsheetError('BS_ERR_REQUEST_INVALID', { detail: searchProblem(request.validationError.message) });
      }
      const q = request.query;
      const params = {
        q: q.q ?? '',
        ...(q.section ? { section: q.section } : {}),
        ...(q.tag ? { tag: q.tag } : {}),
        ...(q.author ? { author: q.author } : {}),
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.order ? { order: q.order } : {}),
        ...(q.page ? { page: Number(q.page) } : {}),
      };
      // One entry per page as it will read: the query as the page echoes it (normalized spacing, the
      // reader's own casing) and the filters. Everything the page shows must be in its key, or one
      // reader's spelling is shown to the next.
      const key = searchHref({ ...params, q: parseSearchQuery(params.q).text });
      const page = await options.searchCache.getOrRender(key, async () => {
        if (searching >= SEARCH_CONCURRENCY) {
          if (waiting.length >= SEARCH_QUEUE) throw new BroadsheetError('BS_ERR_SEARCH_BUSY');
          await new Promise<void>((resolve) => waiting.push(resolve));
        }
        searching++;
        try {
          const found = await reader.search(params);
          // Any article change may change any search: every result page depends on the home key, which every article write invalidates.
          return toHtml(200, found.sections, [...found.deps, 'home'], (ctx) => <SearchPageView ctx={ctx} page={found} />, SEARCH_TTL_MS);
        } finally {
          searching--;
          waiting.shift()?.();
        }
      });
      reply.header('x-robots-tag', 'noindex');
      return sendPage(request, reply, page);
    },
  );

  const errorPages = createErrorPages(options);
  app.setErrorHandler(async (error, request, reply) => errorPages.fromError(error, request, reply));
  // Registered after the error handler, so feeds and sitemaps share the reader's error pages.
  await app.register(syndicationPlugin, {
    syndication: options.syndication,
    cache,
    site: options.site,
    time: options.time,
    clock: options.clock,
    feedContent: options.feedContent,
  });
}

import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { BroadsheetError } from './core/errors.ts';
import type { Services } from './services.ts';
import { adminPlugin } from './web/admin/admin-plugin.tsx';
import { createBeaconFastPath } from './web/api/beacon-fast-path.ts';
import { collectPlugin } from './web/api/collect-plugin.ts';
import { rankingPlugin } from './web/api/ranking-plugin.ts';
import { contentApiPlugin } from './web/api/content-api-plugin.ts';
import { adminApiPlugin } from './web/api/admin-api-plugin.ts';
import { accountPlugin } from './web/members/account-plugin.tsx';
import { PaywallGate } from './web/members/paywall-gate.ts';
import { paymentsWebhookPlugin } from './web/api/payments-webhook-plugin.ts';
import { openApiRoutes, registerOpenApi } from './web/api/openapi-plugin.ts';
import { readerPlugin } from './web/reader/reader-plugin.tsx';
import { createErrorPages } from './web/reader/render-page.tsx';
import { classifyError, logClassified } from './web/shared/classify-error.ts';
import { createFastPath } from './web/shared/fast-path.ts';
import { SECURITY_HEADERS } from './web/shared/http-headers.ts';
import { assetUrl, EDITOR_BUNDLE, PUBLIC_DIR } from './web/shared/assets.ts';

export interface AppOptions {
  /** Fastify logger setting; tests pass false. */
  readonly logger?: FastifyServerOptions['logger'];
}

/** Fastify's default keep-alive for idle connections. */
const KEEP_ALIVE_MS = 72_000;

const READER_PATH_WITHOUT_SLASH = /^(?:\/[a-z0-9][a-z0-9-]*)+$/;

/** Builds the app from its services; never listens (server.ts does, tests use inject). */
export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const { config } = services;
  const paywallGate = new PaywallGate({
    cookies: services.paywallCookies,
    monthOf: (ms) => services.time.dateKey(ms).slice(0, 6),
    secureCookies: config.publicUrl.startsWith('https:'),
  });
  const app = Fastify({
    logger: options.logger ?? false,
    // A line per request would cost more than serving a cached page; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    // X-Forwarded-For is believed only for the configured number of proxy hops (never by default).
    trustProxy: (_address: string, hop: number) => hop < config.trustProxyHops,
    bodyLimit: 1024 * 1024,
    // Unknown fields are an error, not silently dropped: a client sending them has a bug, or is probing.
    ajv: { customOptions: { removeAdditional: false } },
    return503OnClosing: true,
    // Cached reader pages and plain view beacons are answered before Fastify sees the request
    // (fast-path.ts, beacon-fast-path.ts); everything else, and anything unusual, is routed.
    serverFactory: (handler) => {
      const page = createFastPath(services.cache, (gate, raw) => paywallGate.fast(gate, raw, services.clock.now()));
      const beacon = createBeaconFastPath(services.collector, config.trustProxyHops);
      const server = createServer((req, res) => {
        if (!page(req, res) && !beacon(req, res)) handler(req, res);
      });
      // Fastify sets this on a server it makes itself, not on a factory's: a keep-alive longer than
      // a proxy's or a client's, so we never close an idle connection just as a request is sent on
      // it (Node's own default, 5 s, is shorter than nginx's and most load balancers').
      server.keepAliveTimeout = KEEP_ALIVE_MS;
      return server;
    },
  });

  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });

  const apiRoutes: string[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD' && method !== 'OPTIONS') apiRoutes.push(`${method} ${route.url}`);
  });
  app.decorate('apiRoutes', apiRoutes);
  await registerOpenApi(app, { publicUrl: config.publicUrl });
  openApiRoutes(app);

  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    // Pages link assets with ?v=<content hash>, so a changed file gets a new URL.
    maxAge: '365d',
    immutable: true,
    index: false,
  });
  await app.register(fastifyStatic, {
    root: config.mediaDir,
    prefix: '/media/',
    decorateReply: false,
    maxAge: '365d',
    immutable: true,
    index: false,
    dotfiles: 'deny',
    setHeaders: (reply) => {
      // Media files are only ever images: nothing in them may run in our origin.
      reply.header('content-security-policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
    },
  });
  app.get('/favicon.ico', async (_request, reply) => reply.redirect(services.site.assets.icon, 301));
  app.get('/healthz', async () => ({ status: 'ok' }));

  await app.register(async (api) => {
    api.setErrorHandler(async (error, request, reply) => {
      const classified = classifyError(error, request);
      logClassified(request, classified, error, 'api request failed');
      const e = classified.error;
      if (e.code === 'BS_ERR_REQUEST_MEDIA_TYPE') {
        return reply.code(e.status).header('cache-control', 'no-store').send({ error: { code: e.code, message: 'Unsupported content type: send application/json' } });
      }
      return reply.code(e.status).header('cache-control', 'no-store').send({ error: { code: e.code, message: e.message } });
    });
    await api.register(collectPlugin, { collector: services.collector });
    await api.register(paymentsWebhookPlugin, { subscriptions: services.subscriptions });
    await api.register(rankingPlugin, { ranking: services.ranking, directory: services.directory, time: services.time });
    await api.register(contentApiPlugin, { api: services.contentApi, cache: services.cache, searchCache: services.searchCache, keys: services.apiKeys, limiter: services.rateLimiter, clock: services.clock });
    await api.register(adminApiPlugin, {
      newsroom: services.newsroom, auth: services.auth, tokens: services.tokenGate, idempotency: services.idempotency, limiter: services.rateLimiter,
      clock: services.clock, time: services.time, applyInvalidations: services.applyInvalidations, refreshRanking: services.refreshRanking,
    });
  });

  if (!existsSync(EDITOR_BUNDLE)) {
    throw new BroadsheetError('BS_ERR_CONFIG_INVALID', { detail: `the newsroom editor is not built (${EDITOR_BUNDLE} is missing): run npm run build` });
  }
  const adminRoutes: string[] = [];
  await app.register(adminPlugin, {
    newsroom: services.newsroom,
    integrations: services.integrations,
    memberDirectory: services.memberDirectory,
    newsletters: services.newsletters,
    plans: services.plans,
    clock: services.clock,
    time: services.time,
    auth: services.auth,
    twoFactor: services.twoFactor,
    requireAdmin2fa: services.config.requireAdmin2fa,
    heartbeatMs: services.config.editorHeartbeatMs,
    reader: services.reader,
    site: services.site,
    editorAsset: assetUrl('build/editor.js'),
    pageEditorAsset: assetUrl('build/page-editor.js'),
    adminAssets: { css: assetUrl('admin.css'), js: assetUrl('admin.js') },
    secret: services.secret,
    applyInvalidations: services.applyInvalidations,
    ranking: services.ranking,
    refreshRanking: services.refreshRanking,
    counting: services.counting,
    registeredRoutes: adminRoutes,
  });
  app.decorate('adminRoutes', adminRoutes);

  await app.register(accountPlugin, { members: services.members, newsletters: services.newsletters, plans: services.plans, subscriptions: services.subscriptions, secret: services.secret, reader: services.reader, time: services.time, site: services.site, clock: services.clock });

  await app.register(readerPlugin, {
    reader: services.reader,
    tokens: services.tokens,
    cache: services.cache,
    time: services.time,
    site: services.site,
    clock: services.clock,
    syndication: services.syndication,
    feedContent: services.config.feedContent,
    searchCache: services.searchCache,
    paywall: {
      gate: paywallGate,
      members: { authenticate: (token) => services.members.authenticate(token), levelFor: (id) => services.plans.levelFor(id) },
      offer: async () => {
        const [plans, rules] = await Promise.all([services.plans.activePlans(), services.plans.meterRules()]);
        return { plans, rules };
      },
    },
  });

  const errorPages = createErrorPages(services);
  app.setNotFoundHandler(async (request, reply) => {
    const [path = '/', query] = request.url.split(/\?(.*)/s, 2);
    if (path.startsWith('/api/') || path.startsWith('/admin/api/') || path.startsWith('/_/')) {
      return reply.code(404).send({ error: { code: 'BS_ERR_NOT_FOUND', message: 'There is no API endpoint at this address' } });
    }
    if (path === '/admin' || path.startsWith('/admin/')) {
      // Newsroom addresses are not reader pages: no trailing-slash guessing, no cache headers.
      if (path === '/admin') return reply.redirect('/admin/', 301);
      return reply
        .code(404)
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Not found | Newsroom</title></head><body><main><h1>Not found</h1><p>There is no newsroom page at this address. <a href="/admin/">Back to the newsroom</a></p><p>Error code: BS_ERR_NOT_FOUND</p></main></body></html>');
    }
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    // An old address the newsroom (or an archive import) pointed somewhere answers 301 there.
    const moved = isPage ? await services.reader.redirectFor(request.url) : undefined;
    if (moved) return reply.code(301).header('cache-control', 'no-store').redirect(moved, 301);
    // Reader pages end in a slash; /politics answers with a permanent redirect to /politics/.
    // Only plain slug paths qualify, so the redirect can never point off-site (//host, /\host).
    if (isPage && READER_PATH_WITHOUT_SLASH.test(path) && !/^\/(assets|media|api)\//.test(path)) {
      return reply.redirect(`${path}/${query ? `?${query}` : ''}`, 301);
    }
    return errorPages.send(reply, { status: 404, code: 'BS_ERR_NOT_FOUND' });
  });

  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every newsroom route ("METHOD /path"), for the permission-table test. */
    adminRoutes: readonly string[];
    /** Every /api/ route ("METHOD /path"), for the test that the OpenAPI document lists them all. */
    apiRoutes: readonly string[];
  }
}
